package org.haven.core.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.haven.core.bytes.Bytes;

/** An Ed25519 signature (RFC 8032 section 5.1.6): exactly 64 bytes, immutable. */
public final class Signature {
  public static final int SIZE = Ed25519.SIGNATURE_SIZE;

  private final Bytes bytes;

  private Signature(Bytes bytes) {
    this.bytes = bytes;
  }

  /**
   * Wraps {@code bytes}. Only the length is checked here; whether the bytes are a valid signature
   * is decided by {@link Ed25519PublicKey#verify}.
   *
   * @throws IllegalArgumentException unless {@code bytes} is 64 bytes long
   */
  public static Signature create(Bytes bytes) {
    if (bytes.size() != SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 signature is " + SIZE + " bytes, got " + bytes.size() + " bytes");
    }
    return new Signature(bytes);
  }

  /**
   * Parses standard base64 (RFC 4648 section 4) of 64 bytes.
   *
   * @throws IllegalArgumentException if {@code base64} is not base64 of 64 bytes
   */
  public static Signature fromBase64(String base64) {
    return create(Bytes.fromBase64(base64));
  }

  public Bytes bytes() {
    return bytes;
  }

  public String toBase64() {
    return bytes.toBase64();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Signature && bytes.equals(((Signature) other).bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  @Override
  public String toString() {
    return toBase64();
  }
}
