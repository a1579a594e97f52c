package org.haven.core.codec;

/**
 * An enumeration value with a fixed wire code. The code, never the value's position in the enum, is
 * what is encoded, so reordering or adding values cannot change what stored bytes mean.
 */
public interface WireCode {
  /** The value's code on the wire: one byte, unique within its enumeration. */
  int code();

  /** Writes {@code value}'s code as one byte. */
  static void write(CanonicalWriter out, WireCode value) {
    out.u8(value.code());
  }

  /**
   * Reads one byte and returns the value of {@code values} with that code.
   *
   * @throws DecodeException naming {@code field} and the unknown code
   */
  static <E extends Enum<E> & WireCode> E read(CanonicalReader in, E[] values, String field)
      throws DecodeException {
    int at = in.position();
    int code = in.u8(field);
    for (E value : values) {
      if (value.code() == code) {
        return value;
      }
    }
    throw new DecodeException(at, field + ": unknown code " + code);
  }
}
