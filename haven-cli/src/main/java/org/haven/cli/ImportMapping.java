package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.haven.node.ConfigException;

/**
 * How the columns of a register's CSV export map onto a declaration (docs/import.md): which column
 * holds each field, how dates are written, what the register's sex codes mean, and the name of the
 * register, which makes each row's requests its own. Only the fields listed here can be mapped: a
 * mapping cannot choose a jurisdiction, which is always the registrar's.
 *
 * @param source the register's name, part of every row's idempotency key
 * @param columns the column of each field, by field name ({@link #FIELDS})
 * @param dates how the date of birth is written
 * @param sexCodes the register's sex codes and the ISO 5218 value of each
 * @param evidence the evidence every row's declaration names
 * @param documentType the type of the guardians' document numbers
 * @param documentCountry the country that issued them
 */
record ImportMapping(
    String source,
    Map<String, String> columns,
    DateTimeFormatter dates,
    Map<String, String> sexCodes,
    String evidence,
    String documentType,
    String documentCountry) {

  static final String SOURCE_ID = "sourceId";
  static final String GIVEN_NAMES = "givenNames";
  static final String FAMILY_NAMES = "familyNames";
  static final String DATE_OF_BIRTH = "dateOfBirth";
  static final String PLACE_OF_BIRTH = "placeOfBirth";
  static final String SEX = "sex";
  static final String MOTHER_NAMES = "motherNames";
  static final String MOTHER_DOCUMENT = "motherDocument";
  static final String FATHER_NAMES = "fatherNames";
  static final String FATHER_DOCUMENT = "fatherDocument";

  /** The fields a column may be mapped to. */
  static final Set<String> FIELDS =
      Set.of(
          SOURCE_ID,
          GIVEN_NAMES,
          FAMILY_NAMES,
          DATE_OF_BIRTH,
          PLACE_OF_BIRTH,
          SEX,
          MOTHER_NAMES,
          MOTHER_DOCUMENT,
          FATHER_NAMES,
          FATHER_DOCUMENT);

  /** The fields every mapping must name a column for. */
  static final Set<String> REQUIRED =
      Set.of(SOURCE_ID, GIVEN_NAMES, FAMILY_NAMES, DATE_OF_BIRTH, SEX);

  private static final Set<String> KEYS =
      Set.of(
          "source",
          "columns",
          "dateFormat",
          "sexCodes",
          "evidence",
          "documentType",
          "documentCountry");
  private static final Set<String> SEXES = Set.of("NOT_KNOWN", "MALE", "FEMALE", "NOT_APPLICABLE");

  /** The column mapped to {@code field}, if any. */
  Optional<String> column(String field) {
    return Optional.ofNullable(columns.get(field));
  }

  /**
   * Reads a mapping file.
   *
   * @throws ConfigException naming the file and what is wrong in it
   */
  static ImportMapping read(Path file) {
    ObjectNode json = Json.readObject(file);
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw invalid(file, "'" + name + "' is not a mapping setting; the settings are " + KEYS);
      }
    }
    String source = text(file, json, "source", null);
    if (!source.matches("[A-Za-z0-9._-]{1,64}")) {
      throw invalid(file, "'source' must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
    Map<String, String> columns = map(file, json, "columns");
    for (String field : columns.keySet()) {
      if (!FIELDS.contains(field)) {
        throw invalid(
            file, "'columns' maps '" + field + "', which is not a field; the fields are " + FIELDS);
      }
    }
    for (String field : REQUIRED) {
      if (!columns.containsKey(field)) {
        throw invalid(file, "'columns' must name the column of '" + field + "'");
      }
    }
    Map<String, String> sexCodes = map(file, json, "sexCodes");
    for (Map.Entry<String, String> code : sexCodes.entrySet()) {
      if (!SEXES.contains(code.getValue())) {
        throw invalid(
            file, "'sexCodes' maps '" + code.getKey() + "' to a value that is not one of " + SEXES);
      }
    }
    String pattern = text(file, json, "dateFormat", "uuuu-MM-dd");
    DateTimeFormatter dates;
    try {
      // STRICT refuses 2019-02-30; it needs 'u' (year) rather than 'y' (year of era).
      dates =
          DateTimeFormatter.ofPattern(pattern.replace('y', 'u'))
              .withResolverStyle(ResolverStyle.STRICT);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw invalid(file, "'dateFormat' is not a date pattern: " + e.getMessage());
    }
    boolean documents =
        columns.containsKey(MOTHER_DOCUMENT) || columns.containsKey(FATHER_DOCUMENT);
    if (documents && !json.has("documentCountry")) {
      throw invalid(file, "'documentCountry' must name the country that issued the documents");
    }
    return new ImportMapping(
        source,
        columns,
        dates,
        sexCodes,
        text(file, json, "evidence", "BIRTH_NOTIFICATION"),
        text(file, json, "documentType", "NATIONAL_ID"),
        text(file, json, "documentCountry", ""));
  }

  private static String text(Path file, ObjectNode json, String name, String otherwise) {
    JsonNode value = json.path(name);
    if (value.isMissingNode() && otherwise != null) {
      return otherwise;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw invalid(file, "'" + name + "' must be a non-empty string");
    }
    return value.asText();
  }

  private static Map<String, String> map(Path file, ObjectNode json, String name) {
    JsonNode value = json.path(name);
    if (!value.isObject()) {
      throw invalid(file, "'" + name + "' must be an object of strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      if (!entry.getValue().isTextual()) {
        throw invalid(file, "'" + name + "." + entry.getKey() + "' must be a string");
      }
      map.put(entry.getKey(), entry.getValue().asText());
    }
    return Map.copyOf(map);
  }

  private static ConfigException invalid(Path file, String problem) {
    return new ConfigException(file + ": " + problem + " (see docs/import.md)");
  }
}
