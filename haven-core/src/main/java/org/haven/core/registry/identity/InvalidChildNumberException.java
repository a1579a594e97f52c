package org.haven.core.registry.identity;

import java.util.Objects;

/**
 * Text that is not a child number. The message says what is wrong and what to do about it, and
 * never quotes the input: someone may have typed a name into the wrong field.
 *
 * <p>It is an {@link IllegalArgumentException} so that decoders which already map bad arguments to
 * their own errors handle it without a special case.
 */
public final class InvalidChildNumberException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the text. Stable names: clients match on them. */
  public enum Reason {
    /** Something other than a digit, a space or a dash. */
    NOT_A_DIGIT,
    /** Not 11 digits. */
    WRONG_LENGTH,
    /** The Verhoeff check digit does not match: most likely a typing error. */
    CHECK_DIGIT_MISMATCH,
    /** The check digit matches, but the number breaks a rule every issued number obeys. */
    NEVER_ISSUED
  }

  private final Reason reason;

  InvalidChildNumberException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
