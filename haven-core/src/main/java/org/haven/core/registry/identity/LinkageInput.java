package org.haven.core.registry.identity;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What linkage tokens are computed from: a child's names, sex and date of birth, and the mother's
 * names when she is known. Each name field holds one or more names as typed; {@link NameNormaliser}
 * splits them. The child needs at least one name with a letter in it. The mother is not known when
 * both her fields are empty. {@link #toString()} shows none of it, since it is personal data.
 *
 * @param givenNames the child's given names, or empty
 * @param familyNames the child's family names, or empty
 * @param motherGivenNames the mother's given names, or empty
 * @param motherFamilyNames the mother's family names, or empty
 */
public record LinkageInput(
    String givenNames,
    String familyNames,
    Sex sex,
    LocalDate dateOfBirth,
    String motherGivenNames,
    String motherFamilyNames) {
  /** The longest name field accepted, in UTF-16 units. */
  public static final int MAX_NAME_LENGTH = 200;

  /** Birth years outside this range are typing errors, not children. */
  public static final int MIN_BIRTH_YEAR = 1900;

  public static final int MAX_BIRTH_YEAR = 9999;

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
   * @throws IllegalArgumentException naming the field, never quoting it, if a name field is longer
   *     than {@value #MAX_NAME_LENGTH}, the child's names have no letter, or the mother's names are
   *     not empty but have no letter
   */
  public LinkageInput {
    requireName(givenNames, "givenNames");
    requireName(familyNames, "familyNames");
    Objects.requireNonNull(sex, "sex");
    Objects.requireNonNull(dateOfBirth, "dateOfBirth");
    if (dateOfBirth.getYear() < MIN_BIRTH_YEAR || dateOfBirth.getYear() > MAX_BIRTH_YEAR) {
      throw new IllegalArgumentException(
          "dateOfBirth: the year must be from " + MIN_BIRTH_YEAR + " to " + MAX_BIRTH_YEAR);
    }
    requireName(motherGivenNames, "motherGivenNames");
    requireName(motherFamilyNames, "motherFamilyNames");
    if (childNameParts().isEmpty()) {
      throw new IllegalArgumentException("givenNames, familyNames: the child needs a name");
    }
  }

  /** A child whose mother is not known, for example a child found alone. */
  public static LinkageInput withoutMother(
      String givenNames, String familyNames, Sex sex, LocalDate dateOfBirth) {
    return new LinkageInput(givenNames, familyNames, sex, dateOfBirth, "", "");
  }

  public boolean motherKnown() {
    return !motherNameParts().isEmpty();
  }

  /** The normalised parts of all the child's names, given and family together, sorted. */
  List<String> childNameParts() {
    return NameNormaliser.parts(givenNames + ' ' + familyNames);
  }

  /** The normalised parts of all the mother's names, sorted; empty when she is not known. */
  List<String> motherNameParts() {
    List<String> parts = NameNormaliser.parts(motherGivenNames + ' ' + motherFamilyNames);
    return PLACEHOLDERS.contains(parts) ? List.of() : parts;
  }

  @Override
  public String toString() {
    return "LinkageInput[redacted]";
  }

  private static void requireName(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          field + ": at most " + MAX_NAME_LENGTH + " characters, got " + value.length());
    }
  }
}
