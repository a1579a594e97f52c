package org.haven.core.registry.identity;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What is known of a child found alone, for its linkage tokens: the names it gives, if any, its
 * sex, the birth years its estimated age allows, and where it was found. {@code toString()} hides
 * the names and place.
 *
 * @param names every name the child gives, in any order; empty when it gives none
 * @param firstBirthYear the earliest birth year the estimated age allows
 * @param lastBirthYear the latest; at most {@value #MAX_BIRTH_YEARS} years from the first, counting
 *     both
 * @param place where the child was found, as typed; its first word is the region
 */
public record FoundChildInput(
    String names, Sex sex, int firstBirthYear, int lastBirthYear, String place) {
  /** The most birth years one estimate may cover: an age range of 4 years, found on one day. */
  public static final int MAX_BIRTH_YEARS = 6;

  /** The oldest a found child may be estimated: a child is under 18. */
  public static final int MAX_AGE = 17;

  public FoundChildInput {
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(sex, "sex");
    Objects.requireNonNull(place, "place");
    if (names.length() > LinkageInput.MAX_FIELD_LENGTH) {
      throw new IllegalArgumentException(
          "names: at most " + LinkageInput.MAX_FIELD_LENGTH + " characters");
    }
    if (place.length() > LinkageInput.MAX_FIELD_LENGTH) {
      throw new IllegalArgumentException(
          "place: at most " + LinkageInput.MAX_FIELD_LENGTH + " characters");
    }
    if (firstBirthYear < LinkageInput.MIN_BIRTH_YEAR
        || lastBirthYear > LinkageInput.MAX_BIRTH_YEAR) {
      throw new IllegalArgumentException(
          "birth years: from "
              + LinkageInput.MIN_BIRTH_YEAR
              + " to "
              + LinkageInput.MAX_BIRTH_YEAR);
    }
    if (lastBirthYear < firstBirthYear || lastBirthYear - firstBirthYear >= MAX_BIRTH_YEARS) {
      throw new IllegalArgumentException(
          "birth years: the estimate must cover 1 to " + MAX_BIRTH_YEARS + " years");
    }
  }

  /**
   * The input for a child estimated {@code ageFrom} to {@code ageTo} years old on {@code foundOn}:
   * a child aged {@code a} that day was born in that year minus {@code a}, or the year before.
   *
   * @throws IllegalArgumentException naming {@code ageFrom} or {@code ageTo} if the range is not 0
   *     to {@value #MAX_AGE} years, inverted, or wider than 4 years
   */
  public static FoundChildInput ofAges(
      String names, Sex sex, int ageFrom, int ageTo, LocalDate foundOn, String place) {
    if (ageFrom < 0 || ageFrom > MAX_AGE) {
      throw new IllegalArgumentException("ageFrom: a child's age, 0 to " + MAX_AGE + " years");
    }
    if (ageTo < ageFrom || ageTo > MAX_AGE) {
      throw new IllegalArgumentException("ageTo: from ageFrom to " + MAX_AGE + " years");
    }
    if (ageTo - ageFrom > MAX_BIRTH_YEARS - 2) {
      throw new IllegalArgumentException(
          "ageTo: the estimated range may span at most " + (MAX_BIRTH_YEARS - 2) + " years");
    }
    return new FoundChildInput(
        names, sex, foundOn.getYear() - ageTo - 1, foundOn.getYear() - ageFrom, place);
  }

  /** The normalised parts of the names, sorted. */
  List<String> nameParts() {
    return NameNormaliser.parts(names);
  }

  @Override
  public String toString() {
    return "FoundChildInput[redacted]";
  }
}
