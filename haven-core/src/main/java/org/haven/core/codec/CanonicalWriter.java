package org.haven.core.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;

/**
 * Writes Haven's canonical binary encoding: big-endian fixed-width integers, byte strings and UTF-8
 * strings prefixed by their length as a 4-byte unsigned integer, lists prefixed by their count.
 * There is exactly one encoding of each value, so equal values always have equal bytes and equal
 * hashes. {@link CanonicalReader} reads it back and rejects anything else.
 */
public final class CanonicalWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  public CanonicalWriter u8(int value) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException("u8 out of range: " + value);
    }
    out.write(value);
    return this;
  }

  public CanonicalWriter bool(boolean value) {
    return u8(value ? 1 : 0);
  }

  public CanonicalWriter u32(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("u32 must not be negative: " + value);
    }
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
    return this;
  }

  public CanonicalWriter u64(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("u64 must not be negative: " + value);
    }
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  /** Writes exactly {@code value.size()} bytes with no length prefix, for fixed-size fields. */
  public CanonicalWriter fixed(Bytes value) {
    out.writeBytes(value.toArray());
    return this;
  }

  public CanonicalWriter hash(Hash value) {
    out.writeBytes(value.toArray());
    return this;
  }

  public CanonicalWriter bytes(Bytes value) {
    u32(value.size());
    return fixed(value);
  }

  public CanonicalWriter string(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    u32(utf8.length);
    out.writeBytes(utf8);
    return this;
  }

  public <T> CanonicalWriter list(List<T> values, BiConsumer<CanonicalWriter, T> element) {
    u32(values.size());
    for (T value : values) {
      element.accept(this, value);
    }
    return this;
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  public Bytes toBytes() {
    return Bytes.of(out.toByteArray());
  }
}
