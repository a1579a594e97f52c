package org.haven.core.codec;

/** Bytes that are not a valid canonical encoding. The message names the field and the offset. */
public final class DecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public DecodeException(int offset, String problem) {
    super(problem + " (at byte " + offset + ")");
    this.offset = offset;
  }

  /** The position in the input where decoding failed. */
  public int offset() {
    return offset;
  }
}
