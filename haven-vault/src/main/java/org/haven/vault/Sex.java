package org.haven.vault;

/**
 * A child's sex as registered. Encoded by ordinal: append new constants, never reorder them.
 *
 * <p>{@link #UNSPECIFIED} is ICAO 9303's {@code X}, for a child whose sex is not recorded as female
 * or male.
 */
public enum Sex {
  FEMALE,
  MALE,
  UNSPECIFIED
}
