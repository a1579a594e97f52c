package org.haven.core.merkle;

import org.haven.core.crypto.Hash;

/**
 * The Merkle tree hashes of RFC 9162 section 2.1 (unchanged from RFC 6962): SHA-256 with a one-byte
 * domain prefix, so that no leaf hash can be passed off as an interior node hash.
 */
public final class Rfc6962 {
  /** Prefixes the data of a leaf: {@code leaf hash = SHA-256(0x00 || data)}. */
  public static final byte LEAF_HASH_PREFIX = 0x00;

  /** Prefixes two child hashes: {@code node hash = SHA-256(0x01 || left || right)}. */
  public static final byte NODE_HASH_PREFIX = 0x01;

  private Rfc6962() {}

  /** Returns {@code SHA-256(0x00 || leafData)}. */
  public static Hash leafHash(byte[] leafData) {
    return Hash.sha256(new byte[] {LEAF_HASH_PREFIX}, leafData);
  }

  /** Returns {@code SHA-256(0x01 || left || right)}. */
  public static Hash nodeHash(Hash left, Hash right) {
    return Hash.sha256(new byte[] {NODE_HASH_PREFIX}, left.toArray(), right.toArray());
  }
}
