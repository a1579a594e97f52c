package org.haven.card.codec;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * CBOR that {@link CborReader} cannot read as expected. The message says what was being read and
 * what was wrong ({@code "claim salt: expected a byte string"}), never a value the reader found.
 * {@link #reason}, {@link #what} and {@link #offset} let a caller that words its own message, as
 * the verifier bundle does, say whether the data was cut short and where.
 */
public final class MalformedCborException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** How the data fails. */
  public enum Reason {
    /** Not CBOR, or not the structure or value expected. */
    MALFORMED,
    /** The data ends inside the data item: a cut-short download, copy or scan. */
    TRUNCATED,
    /** The data item is complete and more bytes follow it. */
    TRAILING_BYTES
  }

  private final Reason reason;
  private final String what;
  private final long offset;

  /** A value of the expected CBOR type that is not allowed; {@code message} says what and why. */
  public MalformedCborException(String message) {
    super(message);
    this.reason = Reason.MALFORMED;
    this.what = null;
    this.offset = -1;
  }

  /**
   * @param offset where reading stopped, in bytes from the start of the data item
   */
  MalformedCborException(Reason reason, String what, String problem, long offset) {
    super(what + ": " + problem);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.what = what;
    this.offset = offset;
  }

  public Reason reason() {
    return reason;
  }

  /** What was being read, as the caller named it to the reader; empty if not known. */
  public Optional<String> what() {
    return Optional.ofNullable(what);
  }

  /** Where reading stopped, in bytes from the start of the data item; empty if not known. */
  public OptionalLong offset() {
    return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
  }
}
