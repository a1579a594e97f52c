package org.haven.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.haven.core.crypto.Hash;

/**
 * One row of a register checked and turned into a declaration (docs/api.md), as {@link
 * ImportMapping} says. A row is valid or names the first field at fault and why, without repeating
 * the field's value: a reason may reach people the row's personal data must not.
 */
final class ImportRow {
  /** A row checked: its declaration, or the field at fault. */
  sealed interface Checked {}

  /**
   * A valid row.
   *
   * @param sourceId the row's id in the register
   * @param declaration the body of {@code POST /children}, the same bytes for the same row
   */
  record Valid(String sourceId, ObjectNode declaration) implements Checked {}

  /** A row refused before anything was sent: its field (a column name) and the reason. */
  record Invalid(String field, String reason) implements Checked {}

  private ImportRow() {}

  /**
   * Checks a row read from the register.
   *
   * @param today the date a birth may not be after
   */
  static Checked check(ImportMapping mapping, Map<String, String> row, LocalDate today) {
    for (Map.Entry<String, String> value : row.entrySet()) {
      if (value.getValue().indexOf(ImportSource.NOT_UTF8) >= 0) {
        return new Invalid(value.getKey(), "invalid UTF-8: the bytes of this value are not text");
      }
    }
    for (String field : ImportMapping.REQUIRED) {
      String column = mapping.columns().get(field);
      if (row.getOrDefault(column, "").isBlank()) {
        return new Invalid(column, "missing required field " + field);
      }
    }
    String dateColumn = mapping.columns().get(ImportMapping.DATE_OF_BIRTH);
    LocalDate born;
    try {
      born = LocalDate.parse(row.get(dateColumn).strip(), mapping.dates());
    } catch (DateTimeParseException e) {
      return new Invalid(dateColumn, "invalid date: not a real date in the mapping's dateFormat");
    }
    if (born.isAfter(today)) {
      return new Invalid(dateColumn, "future birth: the date of birth is after today");
    }
    String sexColumn = mapping.columns().get(ImportMapping.SEX);
    String sex = mapping.sexCodes().get(row.get(sexColumn).strip());
    if (sex == null) {
      return new Invalid(sexColumn, "unknown sex code: not one of the mapping's sexCodes");
    }
    if (mapping.motherDocumentRequired()) {
      for (String field : List.of(ImportMapping.MOTHER_NAMES, ImportMapping.MOTHER_DOCUMENT)) {
        if (optional(mapping, row, field).isEmpty()) {
          return new Invalid(
              mapping.columns().get(field),
              "missing mother's document: the mapping's policy (motherDocumentRequired) needs the"
                  + " mother's names and document");
        }
      }
    }
    ObjectNode child =
        Json.object()
            .put("givenNames", value(mapping, row, ImportMapping.GIVEN_NAMES))
            .put("familyNames", value(mapping, row, ImportMapping.FAMILY_NAMES))
            .put("dateOfBirth", born.toString())
            .put("sex", sex);
    optional(mapping, row, ImportMapping.PLACE_OF_BIRTH)
        .ifPresent(place -> child.put("placeOfBirth", place));
    ObjectNode declaration = Json.object().put("late", false).put("evidence", mapping.evidence());
    declaration.putArray("witnesses");
    declaration.set("child", child);
    ArrayNode guardians = declaration.putArray("guardians");
    guardian(mapping, row, "MOTHER", ImportMapping.MOTHER_NAMES, ImportMapping.MOTHER_DOCUMENT)
        .ifPresent(guardians::add);
    guardian(mapping, row, "FATHER", ImportMapping.FATHER_NAMES, ImportMapping.FATHER_DOCUMENT)
        .ifPresent(guardians::add);
    guardian(
            mapping,
            row,
            "LEGAL_GUARDIAN",
            ImportMapping.GUARDIAN_NAMES,
            ImportMapping.GUARDIAN_DOCUMENT)
        .ifPresent(guardians::add);
    return new Valid(value(mapping, row, ImportMapping.SOURCE_ID), declaration);
  }

  /**
   * The {@code Idempotency-Key} of one of a row's requests: the same for the same register, source
   * id and step in every run, so the node and the ledger do each row's writes once.
   */
  static String idempotencyKey(ImportMapping mapping, String sourceId, String step) {
    Hash hash =
        Hash.sha256(
            (mapping.source() + "\n" + sourceId + "\n" + step).getBytes(StandardCharsets.UTF_8));
    return "haven-import-" + step + "-" + hash.toHex();
  }

  private static Optional<ObjectNode> guardian(
      ImportMapping mapping,
      Map<String, String> row,
      String relationship,
      String namesField,
      String documentField) {
    Optional<String> names = optional(mapping, row, namesField);
    if (names.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode guardian = Json.object().put("relationship", relationship).put("names", names.get());
    optional(mapping, row, documentField)
        .ifPresent(
            number ->
                guardian
                    .putObject("document")
                    .put("type", mapping.documentType())
                    .put("number", number)
                    .put("country", mapping.documentCountry()));
    return Optional.of(guardian);
  }

  private static String value(ImportMapping mapping, Map<String, String> row, String field) {
    return row.get(mapping.columns().get(field)).strip();
  }

  private static Optional<String> optional(
      ImportMapping mapping, Map<String, String> row, String field) {
    return mapping
        .column(field)
        .map(column -> row.getOrDefault(column, "").strip())
        .filter(value -> !value.isEmpty());
  }
}
