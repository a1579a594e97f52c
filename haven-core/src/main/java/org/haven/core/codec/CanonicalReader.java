package org.haven.core.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;

/**
 * Reads the encoding written by {@link CanonicalWriter}. Every read checks bounds and canonical
 * form and fails with a {@link DecodeException} naming the field, so truncated, padded or altered
 * input never decodes to a value.
 */
public final class CanonicalReader {
  private final byte[] input;
  private int position;

  private CanonicalReader(byte[] input) {
    this.input = input;
  }

  /** Reads {@code input} in place; the caller must not change the array while reading. */
  public static CanonicalReader of(byte[] input) {
    return new CanonicalReader(input);
  }

  public static CanonicalReader of(Bytes input) {
    return new CanonicalReader(input.toArray());
  }

  /** A function that reads one value. */
  @FunctionalInterface
  public interface Element<T> {
    T read(CanonicalReader reader) throws DecodeException;
  }

  public int position() {
    return position;
  }

  /** Whether every byte has been read: for a value whose last part is present only when needed. */
  public boolean atEnd() {
    return position == input.length;
  }

  public int u8(String field) throws DecodeException {
    require(1, field);
    return input[position++] & 0xFF;
  }

  public boolean bool(String field) throws DecodeException {
    int at = position;
    int value = u8(field);
    if (value > 1) {
      throw new DecodeException(at, field + ": a boolean must be 0 or 1, got " + value);
    }
    return value == 1;
  }

  public int u32(String field) throws DecodeException {
    int at = position;
    require(4, field);
    int value =
        ((input[position] & 0xFF) << 24)
            | ((input[position + 1] & 0xFF) << 16)
            | ((input[position + 2] & 0xFF) << 8)
            | (input[position + 3] & 0xFF);
    position += 4;
    if (value < 0) {
      throw new DecodeException(at, field + ": length or count exceeds 2^31-1");
    }
    return value;
  }

  public long u64(String field) throws DecodeException {
    int at = position;
    require(8, field);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (input[position++] & 0xFF);
    }
    if (value < 0) {
      throw new DecodeException(at, field + ": value exceeds 2^63-1");
    }
    return value;
  }

  public Bytes fixed(int length, String field) throws DecodeException {
    require(length, field);
    Bytes value = Bytes.of(input, position, length);
    position += length;
    return value;
  }

  public Hash hash(String field) throws DecodeException {
    return Hash.of(fixed(Hash.SIZE, field));
  }

  public Bytes bytes(String field) throws DecodeException {
    return fixed(u32(field + " length"), field);
  }

  public String string(String field) throws DecodeException {
    int length = u32(field + " length");
    int at = position;
    require(length, field);
    try {
      String value =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(input, position, length))
              .toString();
      position += length;
      return value;
    } catch (CharacterCodingException e) {
      throw new DecodeException(at, field + ": not valid UTF-8");
    }
  }

  /**
   * Reads a string and parses it with {@code parse}; a parser's {@link IllegalArgumentException}
   * becomes a {@link DecodeException} naming the field, so value types validate once, in their
   * constructors, for decoded input too.
   */
  public <T> T string(String field, Function<String, T> parse) throws DecodeException {
    int at = position;
    String value = string(field);
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, field + ": " + e.getMessage());
    }
  }

  /**
   * Reads a count-prefixed list.
   *
   * @param maxCount the largest count accepted, so a corrupt count cannot exhaust memory
   */
  public <T> List<T> list(String field, int maxCount, Element<T> element) throws DecodeException {
    int at = position;
    int count = u32(field + " count");
    if (count > maxCount) {
      throw new DecodeException(at, field + ": " + count + " elements, at most " + maxCount);
    }
    List<T> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(element.read(this));
    }
    return List.copyOf(values);
  }

  /** Fails unless every byte has been read: trailing bytes would make encodings non-unique. */
  public void finish() throws DecodeException {
    if (position != input.length) {
      throw new DecodeException(
          position, (input.length - position) + " unexpected trailing bytes after the value");
    }
  }

  private void require(int length, String field) throws DecodeException {
    if (length > input.length - position) {
      throw new DecodeException(
          position,
          field
              + ": truncated, needs "
              + length
              + " bytes but only "
              + (input.length - position)
              + " remain");
    }
  }
}
