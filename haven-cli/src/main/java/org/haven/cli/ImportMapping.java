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
 * How the columns of a register's export map onto a declaration (docs/import.md): which column
 * holds each field, how dates are written, what the register's sex codes mean, whether a mother's
 * document is required, and the name of the register, which makes each row's requests its own. Only
 * the fields listed here can be mapped: a mapping cannot choose a jurisdiction, which is always the
 * registrar's. For FHIR bundles the columns and the date format are fixed by FHIR ({@link
 * #readFhir}).
 *
 * @param source the register's name, part of every row's idempotency key
 * @param columns the column of each field, by field name ({@link #FIELDS})
 * @param dates how the date of birth is written
 * @param sexCodes the register's sex codes and the ISO 5218 value of each
 * @param evidence the evidence every row's declaration names
 * @param documentType the type of the guardians' document numbers
 * @param documentCountry the country that issued them
 * @param motherDocumentRequired the policy that a row without the mother's names and document is
 *     refused
 * @param sourceIdSystem for FHIR, the system of the {@code Patient.identifier} that is the source
 *     id, or null for the resource's id
 */
record ImportMapping(
    String source,
    Map<String, String> columns,
    DateTimeFormatter dates,
    Map<String, String> sexCodes,
    String evidence,
    String documentType,
    String documentCountry,
    boolean motherDocumentRequired,
    String sourceIdSystem) {

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
  static final String GUARDIAN_NAMES = "guardianNames";
  static final String GUARDIAN_DOCUMENT = "guardianDocument";

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
          FATHER_DOCUMENT,
          GUARDIAN_NAMES,
          GUARDIAN_DOCUMENT);

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
          "documentCountry",
          "motherDocumentRequired");

  private static final Set<String> FHIR_KEYS =
      Set.of(
          "source",
          "sourceIdSystem",
          "sexCodes",
          "evidence",
          "documentType",
          "documentCountry",
          "motherDocumentRequired");

  /** FHIR's {@code AdministrativeGender} codes, unless a mapping says otherwise. */
  private static final Map<String, String> FHIR_GENDERS =
      Map.of("male", "MALE", "female", "FEMALE", "unknown", "NOT_KNOWN");

  private static final Set<String> SEXES = Set.of("NOT_KNOWN", "MALE", "FEMALE", "NOT_APPLICABLE");

  /** The column mapped to {@code field}, if any. */
  Optional<String> column(String field) {
    return Optional.ofNullable(columns.get(field));
  }

  /**
   * Reads the mapping file of a CSV export.
   *
   * @throws ConfigException naming the file and what is wrong in it
   */
  static ImportMapping read(Path file) {
    ObjectNode json = Json.readObject(file);
    checkKeys(file, json, KEYS);
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
        columns.containsKey(MOTHER_DOCUMENT)
            || columns.containsKey(FATHER_DOCUMENT)
            || columns.containsKey(GUARDIAN_DOCUMENT);
    if (documents && !json.has("documentCountry")) {
      throw invalid(file, "'documentCountry' must name the country that issued the documents");
    }
    return withColumns(file, json, columns, dates, null, null);
  }

  /**
   * Reads the mapping file of FHIR bundles: the columns are FHIR's ({@link FhirRegister}), dates
   * are FHIR's {@code YYYY-MM-DD}, sex codes FHIR's {@code AdministrativeGender} unless {@code
   * sexCodes} says otherwise.
   *
   * @throws ConfigException naming the file and what is wrong in it
   */
  static ImportMapping readFhir(Path file) {
    ObjectNode json = Json.readObject(file);
    checkKeys(file, json, FHIR_KEYS);
    String idSystem = json.has("sourceIdSystem") ? text(file, json, "sourceIdSystem", null) : null;
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put(SOURCE_ID, FhirRegister.sourceIdColumn(idSystem));
    columns.put(GIVEN_NAMES, FhirRegister.GIVEN_NAMES);
    columns.put(FAMILY_NAMES, FhirRegister.FAMILY_NAMES);
    columns.put(DATE_OF_BIRTH, FhirRegister.BIRTH_DATE);
    columns.put(SEX, FhirRegister.GENDER);
    columns.put(PLACE_OF_BIRTH, FhirRegister.BIRTH_PLACE);
    columns.put(MOTHER_NAMES, FhirRegister.guardianNames("MOTHER"));
    columns.put(MOTHER_DOCUMENT, FhirRegister.guardianDocument("MOTHER"));
    columns.put(FATHER_NAMES, FhirRegister.guardianNames("FATHER"));
    columns.put(FATHER_DOCUMENT, FhirRegister.guardianDocument("FATHER"));
    columns.put(GUARDIAN_NAMES, FhirRegister.guardianNames("LEGAL_GUARDIAN"));
    columns.put(GUARDIAN_DOCUMENT, FhirRegister.guardianDocument("LEGAL_GUARDIAN"));
    if (!json.has("documentCountry")) {
      throw invalid(file, "'documentCountry' must name the country that issued the documents");
    }
    DateTimeFormatter dates =
        DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    return withColumns(file, json, Map.copyOf(columns), dates, FHIR_GENDERS, idSystem);
  }

  /**
   * The settings both formats share, read from {@code json}.
   *
   * @param defaultSexCodes the sex codes if the file names none, or null if it must
   */
  private static ImportMapping withColumns(
      Path file,
      ObjectNode json,
      Map<String, String> columns,
      DateTimeFormatter dates,
      Map<String, String> defaultSexCodes,
      String idSystem) {
    String source = text(file, json, "source", null);
    if (!source.matches("[A-Za-z0-9._-]{1,64}")) {
      throw invalid(file, "'source' must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
    Map<String, String> sexCodes =
        json.has("sexCodes") || defaultSexCodes == null
            ? map(file, json, "sexCodes")
            : defaultSexCodes;
    for (Map.Entry<String, String> code : sexCodes.entrySet()) {
      if (!SEXES.contains(code.getValue())) {
        throw invalid(
            file, "'sexCodes' maps '" + code.getKey() + "' to a value that is not one of " + SEXES);
      }
    }
    JsonNode required = json.path("motherDocumentRequired");
    if (!required.isMissingNode() && !required.isBoolean()) {
      throw invalid(file, "'motherDocumentRequired' must be true or false");
    }
    boolean motherDocumentRequired = required.asBoolean(false);
    if (motherDocumentRequired
        && !(columns.containsKey(MOTHER_NAMES) && columns.containsKey(MOTHER_DOCUMENT))) {
      throw invalid(
          file, "'motherDocumentRequired' needs the columns of 'motherNames' and 'motherDocument'");
    }
    return new ImportMapping(
        source,
        columns,
        dates,
        sexCodes,
        text(file, json, "evidence", "BIRTH_NOTIFICATION"),
        text(file, json, "documentType", "NATIONAL_ID"),
        text(file, json, "documentCountry", ""),
        motherDocumentRequired,
        idSystem);
  }

  private static void checkKeys(Path file, ObjectNode json, Set<String> keys) {
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!keys.contains(name)) {
        throw invalid(file, "'" + name + "' is not a mapping setting; the settings are " + keys);
      }
    }
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
