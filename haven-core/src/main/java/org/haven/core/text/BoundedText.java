package org.haven.core.text;

import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.DecodeException;

/**
 * Free-text fields on the ledger (reasons, references, purposes, contact points): bounded and free
 * of control characters. They must never hold a child's personal data; the API says so to users.
 */
public final class BoundedText {
  public static final int MAX_LENGTH = 200;

  private BoundedText() {}

  /**
   * @throws IllegalArgumentException naming {@code field} unless {@code value} is 1 to 200
   *     characters with no control characters
   */
  public static String require(String field, String value) {
    return require(field, value, MAX_LENGTH);
  }

  /**
   * @throws IllegalArgumentException naming {@code field} unless {@code value} is 1 to {@code
   *     maxLength} characters with no control characters
   */
  public static String require(String field, String value, int maxLength) {
    if (value == null
        || value.isEmpty()
        || value.length() > maxLength
        || value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          field + ": must be 1 to " + maxLength + " characters with no control characters");
    }
    return value;
  }

  /** Reads a string and checks it as {@link #require(String, String, int)} does. */
  public static String read(CanonicalReader in, String field, int maxLength)
      throws DecodeException {
    int at = in.position();
    String value = in.string(field);
    try {
      return require(field, value, maxLength);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }
}
