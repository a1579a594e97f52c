package org.haven.card.codec;

/**
 * Text that is not valid Base45 (RFC 9285 section 4.2). The message gives 1-based character
 * positions and never quotes the text.
 */
public final class InvalidBase45Exception extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Which rule of RFC 9285 section 4.2 the text breaks. */
  public enum Reason {
    /** A character outside the 45-character alphabet. */
    INVALID_CHARACTER,
    /** The length is 1 more than a multiple of 3, which no encoding produces. */
    BAD_LENGTH,
    /** A group of three characters above 65535, or a final pair above 255. */
    VALUE_OVERFLOW
  }

  private final Reason reason;

  InvalidBase45Exception(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
