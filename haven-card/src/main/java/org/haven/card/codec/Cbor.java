package org.haven.card.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * CBOR (RFC 8949) through Jackson, written in the core deterministic encoding of RFC 8949 section
 * 4.2.1: every length definite, every integer and length in its shortest form, and map keys in the
 * bytewise order of their encodings. Jackson already writes integers shortest; callers give every
 * array and map its size and write map keys in order, which for integer keys is 0, 1, 2, ... and
 * then -1, -2, -3, ...; {@link #text} keeps long strings from being written in chunks.
 */
public final class Cbor {
  /** Shared and thread-safe, as Jackson factories are once configured. */
  static final CBORFactory FACTORY =
      CBORFactory.builder()
          .enable(CBORGenerator.Feature.WRITE_MINIMAL_INTS)
          .disable(CBORGenerator.Feature.WRITE_TYPE_HEADER)
          .build();

  /** Major type 2, a byte string. */
  public static final int MAJOR_BYTES = 2;

  /** Major type 3, a text string. */
  public static final int MAJOR_TEXT = 3;

  /** Major type 4, an array. */
  public static final int MAJOR_ARRAY = 4;

  private Cbor() {}

  /** Something that writes one CBOR data item. */
  @FunctionalInterface
  public interface Writer {
    void write(CBORGenerator generator) throws IOException;
  }

  /** Runs {@code writer} on a fresh generator and returns what it wrote. */
  public static byte[] encode(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (CBORGenerator generator = FACTORY.createGenerator(out)) {
      generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      writer.write(generator);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write CBOR to memory", e);
    }
    return out.toByteArray();
  }

  /**
   * Writes {@code text} as one definite-length text string. Jackson's {@code writeString} splits
   * long strings into an indefinite-length string, which deterministic encoding forbids.
   *
   * @throws IllegalArgumentException if {@code text} is not valid UTF-16 (a lone surrogate)
   */
  public static void text(CBORGenerator generator, String text) throws IOException {
    byte[] utf8 = strictUtf8(text);
    generator.writeRawUTF8String(utf8, 0, utf8.length);
  }

  private static byte[] strictUtf8(String text) {
    try {
      ByteBuffer encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(text));
      byte[] utf8 = new byte[encoded.remaining()];
      encoded.get(utf8);
      return utf8;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("text holds a lone surrogate, which is not Unicode", e);
    }
  }

  /**
   * The head of a data item of major type {@code major} with argument {@code length}, in its
   * shortest form (RFC 8949 section 3): for writing a structure by hand where that is simpler than
   * a generator.
   *
   * @param length not negative
   * @return the offset after the head
   */
  public static int writeHead(byte[] target, int offset, int major, int length) {
    int type = major << 5;
    if (length < 24) {
      target[offset] = (byte) (type | length);
      return offset + 1;
    }
    if (length < 0x100) {
      target[offset] = (byte) (type | 24);
      target[offset + 1] = (byte) length;
      return offset + 2;
    }
    if (length < 0x10000) {
      target[offset] = (byte) (type | 25);
      target[offset + 1] = (byte) (length >> 8);
      target[offset + 2] = (byte) length;
      return offset + 3;
    }
    target[offset] = (byte) (type | 26);
    target[offset + 1] = (byte) (length >> 24);
    target[offset + 2] = (byte) (length >> 16);
    target[offset + 3] = (byte) (length >> 8);
    target[offset + 4] = (byte) length;
    return offset + 5;
  }

  /** The size of the head {@link #writeHead} writes for {@code length}. */
  public static int headSize(int length) {
    return length < 24 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
  }
}
