package org.haven.card.codec;

import java.util.Arrays;
import java.util.Objects;
import org.haven.card.codec.InvalidBase45Exception.Reason;

/**
 * Base45 (RFC 9285): two bytes become three characters of the QR alphanumeric alphabet, so a QR
 * code can hold binary data in its compact alphanumeric mode. A trailing single byte becomes two
 * characters.
 */
public final class Base45 {
  /** The 45 characters in value order, RFC 9285 section 4 table 1. */
  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

  private static final int BASE = 45;
  private static final int BASE_SQUARED = BASE * BASE;
  private static final int NOT_IN_ALPHABET = -1;

  /** Each character's value, indexed by the character; {@link #NOT_IN_ALPHABET} elsewhere. */
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) NOT_IN_ALPHABET);
    for (int i = 0; i < BASE; i++) {
      VALUES[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  private Base45() {}

  /** Encodes all of {@code data}; the result is 3 characters per 2 bytes, rounded up. */
  public static String encode(byte[] data) {
    char[] out = new char[encodedLength(data.length)];
    int o = 0;
    int i = 0;
    for (; i + 1 < data.length; i += 2) {
      int n = (data[i] & 0xff) << 8 | (data[i + 1] & 0xff);
      out[o++] = ALPHABET.charAt(n % BASE);
      out[o++] = ALPHABET.charAt(n / BASE % BASE);
      out[o++] = ALPHABET.charAt(n / BASE_SQUARED);
    }
    if (i < data.length) {
      int n = data[i] & 0xff;
      out[o++] = ALPHABET.charAt(n % BASE);
      out[o] = ALPHABET.charAt(n / BASE);
    }
    return new String(out);
  }

  /** The length of the encoding of {@code byteCount} bytes. */
  public static int encodedLength(int byteCount) {
    return byteCount / 2 * 3 + byteCount % 2 * 2;
  }

  /**
   * Decodes all of {@code text}.
   *
   * @throws InvalidBase45Exception if a character is outside the alphabet, the length leaves a
   *     single character over, or a group's value does not fit its bytes
   */
  public static byte[] decode(CharSequence text) {
    return decode(text, 0, text.length());
  }

  /**
   * Decodes the characters of {@code text} from {@code start} (inclusive) to {@code end}
   * (exclusive), without copying them first. Positions in errors count from {@code start}.
   *
   * @throws InvalidBase45Exception as {@link #decode(CharSequence)} does
   * @throws IndexOutOfBoundsException unless {@code 0 <= start <= end <= text.length()}
   */
  public static byte[] decode(CharSequence text, int start, int end) {
    Objects.checkFromToIndex(start, end, text.length());
    int length = end - start;
    if (length % 3 == 1) {
      throw new InvalidBase45Exception(
          Reason.BAD_LENGTH,
          "Base45 text of "
              + length
              + " characters leaves one character over; the text is probably cut short");
    }
    byte[] out = new byte[length / 3 * 2 + (length % 3 == 2 ? 1 : 0)];
    int o = 0;
    int i = start;
    for (; i + 2 < end; i += 3) {
      int n =
          value(text, i, start)
              + value(text, i + 1, start) * BASE
              + value(text, i + 2, start) * BASE_SQUARED;
      if (n > 0xffff) {
        throw overflow(i - start, 3);
      }
      out[o++] = (byte) (n >> 8);
      out[o++] = (byte) n;
    }
    if (i < end) {
      int n = value(text, i, start) + value(text, i + 1, start) * BASE;
      if (n > 0xff) {
        throw overflow(i - start, 2);
      }
      out[o] = (byte) n;
    }
    return out;
  }

  private static int value(CharSequence text, int index, int start) {
    char c = text.charAt(index);
    int value = c < VALUES.length ? VALUES[c] : NOT_IN_ALPHABET;
    if (value == NOT_IN_ALPHABET) {
      throw new InvalidBase45Exception(
          Reason.INVALID_CHARACTER,
          "Base45 character " + (index - start + 1) + " is not in the Base45 alphabet");
    }
    return value;
  }

  private static InvalidBase45Exception overflow(int offset, int width) {
    return new InvalidBase45Exception(
        Reason.VALUE_OVERFLOW,
        "Base45 characters "
            + (offset + 1)
            + " to "
            + (offset + width)
            + " encode a value above "
            + (width == 3 ? "65535" : "255"));
  }
}
