package org.haven.card.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.haven.core.bytes.Bytes;

/**
 * Writes one CBOR data item into memory in the core deterministic encoding of RFC 8949 section
 * 4.2.1, item by item: {@code new CborWriter().array(2).text("kind").bytes(body).end()}.
 *
 * <p>The writer keeps the rules it can: every integer and length in its shortest form, every array
 * and map of definite length with exactly the items announced, and every text string whole and
 * valid Unicode (Jackson's {@code writeString} splits long strings into an indefinite-length one).
 * The order of map keys is the caller's: the bytewise order of their encodings, which for integer
 * keys is 0, 1, 2, ... and then -1, -2, -3, ...
 *
 * <p>Every method throws {@link IllegalStateException} if the structure is wrong: more or fewer
 * items than a size announced, or a key where a value belongs.
 */
public final class CborWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
  private final CBORGenerator generator;

  public CborWriter() {
    try {
      generator = Cbor.FACTORY.createGenerator(out);
    } catch (IOException e) {
      throw new IllegalStateException("creating a CBOR writer in memory failed", e);
    }
    generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  /**
   * Starts an array of {@code size} items; {@link #end} ends it.
   *
   * @param size not negative
   */
  public CborWriter array(int size) {
    checkSize(size);
    return write(() -> generator.writeStartArray(null, size));
  }

  /**
   * Starts a map of {@code size} entries, each a {@link #key} and a value; {@link #end} ends it.
   *
   * @param size not negative
   */
  public CborWriter map(int size) {
    checkSize(size);
    return write(() -> generator.writeStartObject(null, size));
  }

  /** Writes an integer map key. */
  public CborWriter key(long key) {
    return write(() -> generator.writeFieldId(key));
  }

  /** Ends the innermost array or map. */
  public CborWriter end() {
    JsonStreamContext context = generator.getOutputContext();
    if (context.inObject()) {
      return write(generator::writeEndObject);
    }
    if (context.inArray()) {
      return write(generator::writeEndArray);
    }
    throw new IllegalStateException("no array or map is open");
  }

  /** Tags the next data item with {@code tag} (RFC 8949 section 3.4). */
  public CborWriter tag(int tag) {
    return write(() -> generator.writeTag(tag));
  }

  public CborWriter integer(long value) {
    return write(() -> generator.writeNumber(value));
  }

  /**
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public CborWriter uint(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("an unsigned integer must not be negative: " + value);
    }
    return integer(value);
  }

  public CborWriter bool(boolean value) {
    return write(() -> generator.writeBoolean(value));
  }

  public CborWriter nul() {
    return write(generator::writeNull);
  }

  public CborWriter bytes(byte[] value) {
    return write(() -> generator.writeBinary(value));
  }

  public CborWriter bytes(Bytes value) {
    return bytes(value.toArray());
  }

  /**
   * Writes {@code value} as one definite-length text string.
   *
   * @throws IllegalArgumentException if {@code value} is not valid UTF-16 (a lone surrogate)
   */
  public CborWriter text(String value) {
    byte[] utf8 = utf8(value);
    return write(() -> generator.writeRawUTF8String(utf8, 0, utf8.length));
  }

  /**
   * The data item written.
   *
   * @throws IllegalStateException if an array or map is not ended
   */
  public byte[] toByteArray() {
    if (!generator.getOutputContext().inRoot()) {
      throw new IllegalStateException("an array or map is not ended");
    }
    write(generator::close);
    return out.toByteArray();
  }

  /**
   * The UTF-8 of {@code text}. {@link String#getBytes} writes a lone surrogate as "?", and the text
   * read back would not be the text written.
   */
  private static byte[] utf8(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("text holds a lone surrogate, which is not Unicode");
      }
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void checkSize(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("a size must not be negative: " + size);
    }
  }

  private CborWriter write(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new IllegalStateException("CBOR could not be written: " + e.getMessage(), e);
    }
    return this;
  }

  private interface IoAction {
    void run() throws IOException;
  }
}
