package org.haven.core.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.haven.core.bytes.Bytes;

/**
 * An Ed25519 public key (RFC 8032 section 5.1.5): 32 bytes that encode a point of prime order on
 * edwards25519. Immutable and compared by its encoding.
 */
public final class Ed25519PublicKey {
  public static final int SIZE = Ed25519.PUBLIC_KEY_SIZE;

  private final Bytes bytes;

  // Decompressing the point costs about as much as a verification, so do it once per key.
  private final Ed25519.PublicPoint point;

  private Ed25519PublicKey(Bytes bytes, Ed25519.PublicPoint point) {
    this.bytes = bytes;
    this.point = point;
  }

  /**
   * Decodes and validates {@code bytes}.
   *
   * @throws IllegalArgumentException unless {@code bytes} is the canonical 32-byte encoding of a
   *     point in the prime-order subgroup; the identity and other small-order points are refused
   *     because any signature verifies under them
   */
  public static Ed25519PublicKey create(Bytes bytes) {
    if (bytes.size() != SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 public key is " + SIZE + " bytes, got " + bytes.size() + " bytes");
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(bytes.toArray(), 0);
    if (point == null) {
      throw new IllegalArgumentException(
          "not an Ed25519 public key: the bytes do not encode a point of prime order");
    }
    return new Ed25519PublicKey(bytes, point);
  }

  /**
   * Parses standard base64 (RFC 4648 section 4) of the 32-byte encoding.
   *
   * @throws IllegalArgumentException if {@code base64} is not base64 of a valid public key
   */
  public static Ed25519PublicKey fromBase64(String base64) {
    return create(Bytes.fromBase64(base64));
  }

  /** Returns whether {@code signature} is a valid RFC 8032 Ed25519 signature of {@code message}. */
  public boolean verify(Bytes message, Signature signature) {
    return verify(message.toArray(), signature);
  }

  /**
   * Returns whether {@code signature} is a valid RFC 8032 Ed25519 signature of {@code message}.
   * Reads {@code message} without copying it.
   */
  public boolean verify(byte[] message, Signature signature) {
    return Ed25519.verify(signature.bytes().toArray(), 0, point, message, 0, message.length);
  }

  public Bytes bytes() {
    return bytes;
  }

  public String toBase64() {
    return bytes.toBase64();
  }

  /** SHA-256 of the 32-byte encoding. */
  public Hash fingerprint() {
    return Hash.sha256(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Ed25519PublicKey && bytes.equals(((Ed25519PublicKey) other).bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey(" + toBase64() + ")";
  }
}
