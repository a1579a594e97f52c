package org.haven.card.codec;

/**
 * CBOR that {@link CborReader} cannot read as expected. The message says what was being read and
 * what was wrong, never the value.
 */
public final class MalformedCborException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public MalformedCborException(String message) {
    super(message);
  }
}
