package org.haven.card.bundle;

import java.util.Arrays;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.haven.core.bytes.Bytes;

/**
 * One issuer's revocation and suspension bits in the style of the W3C Bitstring Status List: bit
 * {@code i} is set when the card with status index {@code i} is revoked or suspended. Index 0 is
 * the most significant bit of the first byte, as the W3C specification numbers them.
 *
 * <p>The bits are decompressed once, when the list is built or read, so a lookup is one array
 * access. The compressed form is kept as it was received, so that encoding a decoded bundle gives
 * back its exact bytes.
 */
final class StatusList {
  /**
   * The W3C specification's minimum length, 16 KiB of bits: each list hides which of at least
   * 131,072 cards a device asked about, for "herd privacy". Lists grow in steps of this size.
   */
  static final int BLOCK_BITS = 131_072;

  /** The longest list a device accepts: 32 MiB of bits, room for 268 million cards. */
  static final int MAX_BITS = 1 << 28;

  private final byte[] bits;
  private final Bytes compressed;

  private StatusList(byte[] bits, Bytes compressed) {
    this.bits = bits;
    this.compressed = compressed;
  }

  /**
   * The list with exactly the bits {@code set}, as short as it can be: the smallest multiple of
   * {@link #BLOCK_BITS} that covers the highest index, at least one block.
   *
   * @throws IllegalArgumentException if an index is negative or not below {@link #MAX_BITS}
   */
  static StatusList withBits(NavigableSet<Long> set) {
    long lowest = set.isEmpty() ? 0 : set.first();
    long highest = set.isEmpty() ? 0 : set.last();
    if (lowest < 0 || highest >= MAX_BITS) {
      throw new IllegalArgumentException(
          "status index: must be from 0 to "
              + (MAX_BITS - 1)
              + ", got "
              + (lowest < 0 ? lowest : highest));
    }
    int length = (int) ((highest / BLOCK_BITS + 1) * BLOCK_BITS);
    byte[] bits = new byte[length / Byte.SIZE];
    set.forEach(index -> setBit(bits, index.intValue()));
    return fromBits(bits);
  }

  /** Takes ownership of {@code bits} and compresses them. */
  static StatusList fromBits(byte[] bits) {
    return new StatusList(bits, Bytes.of(Gzip.compress(bits)));
  }

  /**
   * Reads a list as it arrived in a bundle.
   *
   * @throws BundleException if the length is not a positive multiple of {@link #BLOCK_BITS} up to
   *     {@link #MAX_BITS}, or {@code compressed} does not inflate to exactly that many bits
   */
  static StatusList decode(long bitLength, Bytes compressed, String field) throws BundleException {
    if (bitLength == 0 || bitLength % BLOCK_BITS != 0 || bitLength > MAX_BITS) {
      throw new BundleException(
          BundleException.Problem.MALFORMED,
          "The status list "
              + field
              + " has "
              + bitLength
              + " bits, but a list has a positive multiple of "
              + BLOCK_BITS
              + " bits, at most "
              + MAX_BITS
              + ".");
    }
    byte[] bits = Gzip.decompress(compressed.toArray(), (int) (bitLength / Byte.SIZE), field);
    return new StatusList(bits, compressed);
  }

  int bitLength() {
    return bits.length * Byte.SIZE;
  }

  /** Whether bit {@code index} is set; an index beyond the list is not. */
  boolean isSet(long index) {
    return index >= 0 && index < bitLength() && isSet(bits, (int) index);
  }

  /** The GZIP member that a bundle file carries. */
  Bytes compressed() {
    return compressed;
  }

  /** The bits uncompressed, for the content digest, which must not depend on the compressor. */
  Bytes raw() {
    return Bytes.of(bits);
  }

  /** The indexes whose bits are set here and not in {@code other}, shorter lists padded with 0. */
  NavigableSet<Long> setAndNotIn(StatusList other) {
    NavigableSet<Long> indexes = new TreeSet<>();
    for (int i = 0; i < bits.length; i++) {
      int theirs = i < other.bits.length ? other.bits[i] : 0;
      int only = bits[i] & ~theirs & 0xFF;
      for (int bit = 0; only != 0; bit++, only = (only << 1) & 0xFF) {
        if ((only & 0x80) != 0) {
          indexes.add((long) i * Byte.SIZE + bit);
        }
      }
    }
    return indexes;
  }

  /**
   * This list resized to {@code bitLength} (cut or padded with 0), with {@code set} set and {@code
   * cleared} cleared.
   *
   * @throws IllegalArgumentException if an index is outside the new length, a bit to set is already
   *     set or a bit to clear is already clear: the change does not fit this list
   */
  StatusList changed(int bitLength, NavigableSet<Long> set, NavigableSet<Long> cleared) {
    byte[] changed = Arrays.copyOf(bits, bitLength / Byte.SIZE);
    for (long index : set) {
      requireInRange(index, bitLength);
      if (isSet(changed, (int) index)) {
        throw new IllegalArgumentException("sets bit " + index + ", which is already set");
      }
      setBit(changed, (int) index);
    }
    for (long index : cleared) {
      requireInRange(index, bitLength);
      if (!isSet(changed, (int) index)) {
        throw new IllegalArgumentException("clears bit " + index + ", which is already clear");
      }
      changed[(int) (index / Byte.SIZE)] &= (byte) ~mask((int) index);
    }
    return fromBits(changed);
  }

  /** An empty list of no bits: the base that a new issuer's list is a change from. */
  static StatusList none() {
    return new StatusList(new byte[0], Bytes.EMPTY);
  }

  private static void requireInRange(long index, int bitLength) {
    if (index < 0 || index >= bitLength) {
      throw new IllegalArgumentException(
          "bit " + index + " is outside a list of " + bitLength + " bits");
    }
  }

  private static boolean isSet(byte[] bits, int index) {
    return (bits[index / Byte.SIZE] & mask(index)) != 0;
  }

  private static void setBit(byte[] bits, int index) {
    bits[index / Byte.SIZE] |= (byte) mask(index);
  }

  private static int mask(int index) {
    return 0x80 >>> (index % Byte.SIZE);
  }
}
