package org.haven.card.codec;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

/**
 * CBOR (RFC 8949) for Haven's credentials and verifier bundles, on Jackson: {@link CborWriter}
 * writes the core deterministic encoding of RFC 8949 section 4.2.1 and {@link CborReader} reads
 * strictly, type by type. This class holds what both share, and the head of a data item for
 * structures written by hand.
 */
public final class Cbor {
  /**
   * Shared and thread-safe, as Jackson factories are once configured. Integers are written in their
   * shortest form, and nothing precedes the data item.
   */
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
