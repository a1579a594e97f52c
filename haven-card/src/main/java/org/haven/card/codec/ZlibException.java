package org.haven.card.codec;

/** Data that {@link Zlib#inflate} refuses. The message never quotes the data. */
public final class ZlibException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Why the data was refused. */
  public enum Reason {
    /** The output would pass the size limit. */
    TOO_LARGE,
    /** The stream ends before its final block and checksum. */
    TRUNCATED,
    /** Not a zlib stream, a bad checksum, or bytes after the end. */
    CORRUPT
  }

  private final Reason reason;

  ZlibException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
