package org.haven.vault;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;

/**
 * What was recorded about a child found alone, kept with its {@link PersonalData} in the declaring
 * organisation's vault: its estimated age, where and when it was found, and distinguishing marks.
 * Immutable; {@link #toString()} reveals nothing.
 *
 * @param ageFrom the youngest the child is estimated to be, in whole years, 0 to {@value #MAX_AGE}
 * @param ageTo the oldest, {@code ageFrom} to {@value #MAX_AGE}, at most {@value #MAX_AGE_SPAN}
 *     years more
 * @param foundAt when the child was found; not in the future
 * @param placeFound where, required, at most {@value PersonalData#MAX_PLACE_LENGTH} characters
 * @param distinguishingMarks scars, birthmarks, clothing; may be empty, at most {@value
 *     #MAX_MARKS_LENGTH} characters
 */
public record FoundDetails(
    int ageFrom, int ageTo, Instant foundAt, String placeFound, String distinguishingMarks) {
  public static final int MAX_AGE = 17;
  public static final int MAX_AGE_SPAN = 4;
  public static final int MAX_MARKS_LENGTH = 1000;

  /** A clock may run a little fast; a found time later than this is refused. */
  private static final long CLOCK_SKEW_MILLIS = 5 * 60 * 1000;

  /**
   * @throws IllegalArgumentException naming the field, if one is missing or breaks the rules above
   */
  public FoundDetails {
    if (ageFrom < 0 || ageFrom > MAX_AGE) {
      throw new IllegalArgumentException("ageFrom: a child's age, 0 to " + MAX_AGE + " years");
    }
    if (ageTo < ageFrom || ageTo > MAX_AGE) {
      throw new IllegalArgumentException("ageTo: from ageFrom to " + MAX_AGE + " years");
    }
    if (ageTo - ageFrom > MAX_AGE_SPAN) {
      throw new IllegalArgumentException(
          "ageTo: the estimated range may span at most " + MAX_AGE_SPAN + " years");
    }
    Fields.required("foundAt", foundAt);
    if (foundAt.toEpochMilli() > System.currentTimeMillis() + CLOCK_SKEW_MILLIS) {
      throw new IllegalArgumentException("foundAt: cannot be in the future");
    }
    if (foundAt.toEpochMilli() < 0) {
      throw new IllegalArgumentException("foundAt: must be after 1970");
    }
    foundAt = Instant.ofEpochMilli(foundAt.toEpochMilli());
    placeFound = Fields.requiredLine("placeFound", placeFound, PersonalData.MAX_PLACE_LENGTH);
    distinguishingMarks =
        Fields.optionalText("distinguishingMarks", distinguishingMarks, MAX_MARKS_LENGTH);
  }

  /** The day the child was found, in UTC. */
  public LocalDate foundOn() {
    return LocalDate.ofInstant(foundAt, ZoneOffset.UTC);
  }

  /**
   * The date of birth a record of this child states until a registrar knows better: the middle of
   * the estimated range, as registries record an estimated birth date.
   */
  public LocalDate estimatedDateOfBirth() {
    return foundOn().minusMonths(6L * (ageFrom + ageTo) + 6);
  }

  void writeTo(CanonicalWriter out) {
    out.u8(ageFrom)
        .u8(ageTo)
        .u64(foundAt.toEpochMilli())
        .string(placeFound)
        .string(distinguishingMarks);
  }

  static FoundDetails readFrom(CanonicalReader in) throws DecodeException {
    int at = in.position();
    int from = in.u8("ageFrom");
    int to = in.u8("ageTo");
    long foundAt = in.u64("foundAt");
    String place = in.string("placeFound");
    String marks = in.string("distinguishingMarks");
    try {
      return new FoundDetails(from, to, Instant.ofEpochMilli(foundAt), place, marks);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "FoundDetails[redacted]";
  }
}
