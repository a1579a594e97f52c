package org.haven.core.registry.identity;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What linkage tokens are computed from: a child's names, sex and date of birth, and what is known
 * of the mother. Each name field holds one or more names as typed; {@link NameNormaliser} splits
 * them. {@link #toString()} shows none of it, since it is personal data.
 *
 * <p>The child needs at least one name with a letter in it. The mother's names are not known when
 * they hold no letters or only a placeholder such as "unknown" or "N/A", and her document is not
 * known when it holds fewer than four digits or only one digit repeated: otherwise every mother
 * recorded as "N/A" would look like one woman with thousands of children.
 *
 * @param givenNames the child's given names, or empty
 * @param familyNames the child's family names, or empty
 * @param motherGivenNames the mother's given names, or empty
 * @param motherFamilyNames the mother's family names, or empty
 * @param motherDocument the mother's identity document (national ID, refugee ID, passport) as
 *     issuing country, type and number, always in that order, for example "KE national ID
 *     12345678"; or empty. Only its letters and digits count, in either case.
 */
public record LinkageInput(
    String givenNames,
    String familyNames,
    Sex sex,
    LocalDate dateOfBirth,
    String motherGivenNames,
    String motherFamilyNames,
    String motherDocument) {
  /** The longest name or document field accepted, in UTF-16 units. */
  public static final int MAX_FIELD_LENGTH = 200;

  /** Birth years outside this range are typing errors, not children. */
  public static final int MIN_BIRTH_YEAR = 1900;

  public static final int MAX_BIRTH_YEAR = 9999;

  private static final int MIN_DOCUMENT_DIGITS = 4;

  /** What forms hold when a name is not known, normalised (English, French, Swahili, Somali). */
  private static final Set<List<String>> PLACEHOLDERS =
      Set.of(
          List.of(),
          List.of("unknown"),
          List.of("known", "not"),
          List.of("a", "n"),
          List.of("na"),
          List.of("none"),
          List.of("nil"),
          List.of("inconnu"),
          List.of("inconnue"),
          List.of("haijulikani"),
          List.of("lama", "yaqaan"));

  /**
   * @throws IllegalArgumentException naming the field, never quoting it, if a field is longer than
   *     {@value #MAX_FIELD_LENGTH}, the child's names have no letter, or the birth year is before
   *     {@value #MIN_BIRTH_YEAR} or after {@value #MAX_BIRTH_YEAR}
   */
  public LinkageInput {
    requireField(givenNames, "givenNames");
    requireField(familyNames, "familyNames");
    Objects.requireNonNull(sex, "sex");
    Objects.requireNonNull(dateOfBirth, "dateOfBirth");
    if (dateOfBirth.getYear() < MIN_BIRTH_YEAR || dateOfBirth.getYear() > MAX_BIRTH_YEAR) {
      throw new IllegalArgumentException(
          "dateOfBirth: the year must be from " + MIN_BIRTH_YEAR + " to " + MAX_BIRTH_YEAR);
    }
    requireField(motherGivenNames, "motherGivenNames");
    requireField(motherFamilyNames, "motherFamilyNames");
    requireField(motherDocument, "motherDocument");
    // The fields are assigned only after this block, so read the parameters, not the accessors.
    if (nameParts(givenNames, familyNames).isEmpty()) {
      throw new IllegalArgumentException("givenNames, familyNames: the child needs a name");
    }
  }

  /** A child whose mother's names are known but not her document. */
  public LinkageInput(
      String givenNames,
      String familyNames,
      Sex sex,
      LocalDate dateOfBirth,
      String motherGivenNames,
      String motherFamilyNames) {
    this(givenNames, familyNames, sex, dateOfBirth, motherGivenNames, motherFamilyNames, "");
  }

  /** A child whose mother is not known, for example a child found alone. */
  public static LinkageInput withoutMother(
      String givenNames, String familyNames, Sex sex, LocalDate dateOfBirth) {
    return new LinkageInput(givenNames, familyNames, sex, dateOfBirth, "", "", "");
  }

  /** The normalised parts of all the child's names, given and family together, sorted. */
  List<String> childNameParts() {
    return nameParts(givenNames, familyNames);
  }

  /** The normalised parts of all the mother's names, sorted; empty when they are not known. */
  List<String> motherNameParts() {
    List<String> parts = nameParts(motherGivenNames, motherFamilyNames);
    return PLACEHOLDERS.contains(parts) ? List.of() : parts;
  }

  /** The mother's document reduced to its letters and digits, upper case; empty if not known. */
  Optional<String> motherDocumentKey() {
    String key = motherDocument.replaceAll("[^\\p{L}\\p{Nd}]", "").toUpperCase(Locale.ROOT);
    String digits = key.replaceAll("\\D", "");
    boolean known =
        digits.length() >= MIN_DOCUMENT_DIGITS
            && !digits.chars().allMatch(digit -> digit == digits.charAt(0));
    return known ? Optional.of(key) : Optional.empty();
  }

  @Override
  public String toString() {
    return "LinkageInput[redacted]";
  }

  private static List<String> nameParts(String given, String family) {
    return NameNormaliser.parts(given + ' ' + family);
  }

  private static void requireField(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.length() > MAX_FIELD_LENGTH) {
      throw new IllegalArgumentException(
          field + ": at most " + MAX_FIELD_LENGTH + " characters, got " + value.length());
    }
  }
}
