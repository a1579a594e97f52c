package org.haven.core.bytes;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An immutable sequence of bytes. Records hold {@code Bytes} instead of {@code byte[]} so that they
 * compare by content and cannot be changed after construction.
 */
public final class Bytes implements Comparable<Bytes> {
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] value;

  // The content's hash, computed on first use, as String does: state keys are looked up in several
  // hash maps (a block's reads, the state cache) and each lookup hashed the whole key again. Zero
  // until computed; a race only computes the same value twice.
  private int hash;

  private Bytes(byte[] value) {
    this.value = value;
  }

  /** Copies {@code value}; later changes to the array do not affect the result. */
  public static Bytes of(byte[] value) {
    return new Bytes(value.clone());
  }

  /** Copies {@code length} bytes of {@code value} starting at {@code offset}. */
  public static Bytes of(byte[] value, int offset, int length) {
    return new Bytes(Arrays.copyOfRange(value, offset, offset + length));
  }

  /**
   * Parses lowercase or uppercase hex.
   *
   * @throws IllegalArgumentException if {@code hex} is not an even-length hex string
   */
  public static Bytes fromHex(String hex) {
    return new Bytes(HexFormat.of().parseHex(hex));
  }

  /**
   * Parses standard base64 (RFC 4648 section 4, with padding).
   *
   * @throws IllegalArgumentException if {@code base64} is not valid base64
   */
  public static Bytes fromBase64(String base64) {
    return new Bytes(Base64.getDecoder().decode(base64));
  }

  public int size() {
    return value.length;
  }

  public byte get(int index) {
    return value[index];
  }

  /** Returns a copy of the bytes. */
  public byte[] toArray() {
    return value.clone();
  }

  /** Writes the bytes into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(value, 0, target, offset, value.length);
  }

  /** Feeds the bytes into {@code digest}, without copying them. */
  public void updateDigest(MessageDigest digest) {
    digest.update(value);
  }

  public Bytes slice(int from, int to) {
    return new Bytes(Arrays.copyOfRange(value, from, to));
  }

  public Bytes concat(Bytes other) {
    byte[] joined = Arrays.copyOf(value, value.length + other.value.length);
    System.arraycopy(other.value, 0, joined, value.length, other.value.length);
    return new Bytes(joined);
  }

  public String toHex() {
    return HexFormat.of().formatHex(value);
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes && Arrays.equals(value, ((Bytes) other).value);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(value);
      hash = h;
    }
    return h;
  }

  /** Whether these bytes begin with {@code prefix}. */
  public boolean startsWith(Bytes prefix) {
    return prefix.value.length <= value.length
        && Arrays.equals(value, 0, prefix.value.length, prefix.value, 0, prefix.value.length);
  }

  /** Orders bytes as unsigned values, lexicographically, as RocksDB's default comparator does. */
  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(value, other.value);
  }

  @Override
  public String toString() {
    return value.length <= 32
        ? toHex()
        : toHex().substring(0, 64) + "…(" + value.length + " bytes)";
  }
}
