package org.haven.core.crypto;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.haven.core.bytes.Bytes;

/**
 * An Ed25519 public key (RFC 8032 section 5.1.5): 32 bytes that encode a point of prime order on
 * edwards25519. Immutable and compared by its encoding.
 */
public final class Ed25519PublicKey {
  public static final int SIZE = Ed25519.PUBLIC_KEY_SIZE;

  private final Bytes bytes;

  // Decompressing the point is costly, so do it at most once per key object, and only when the
  // key is first used to verify.
  private volatile Decoded point;

  /**
   * The key's point decoded for BouncyCastle's verification and, when {@link Ed25519Verifier} first
   * needs it, in extended coordinates; shared by every key object read back with these bytes.
   */
  private static final class Decoded {
    private final Ed25519.PublicPoint forBouncyCastle;

    // Two threads may both decode it; they store the same point.
    private volatile Edwards25519Point extended;

    private Decoded(Ed25519.PublicPoint forBouncyCastle) {
      this.forBouncyCastle = forBouncyCastle;
    }
  }

  private Ed25519PublicKey(Bytes bytes, Decoded point) {
    this.bytes = bytes;
    this.point = point;
  }

  /**
   * Wraps a key known to be valid: one validated by {@link #create} when it entered the ledger and
   * now read back from the ledger's own state, or one just derived from a private key. Skips the
   * prime-order check, which costs as much as a signature verification; the point is decoded on
   * first use, and if the bytes are not a point at all every verification fails.
   *
   * @throws IllegalArgumentException unless {@code bytes} is 32 bytes long
   */
  public static Ed25519PublicKey ofValidated(Bytes bytes) {
    if (bytes.size() != SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 public key is " + SIZE + " bytes, got " + bytes.size() + " bytes");
    }
    return new Ed25519PublicKey(bytes, STORED_POINTS.get(bytes));
  }

  /**
   * Points of keys read back from the ledger, decoded once per process: the same officer's key is
   * read for every transaction they sign. Emptied when full; it is only a cache.
   */
  private static final Map<Bytes, Decoded> STORED_POINTS = new ConcurrentHashMap<>();

  private static final int STORED_POINTS_CAPACITY = 100_000;

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
    return new Ed25519PublicKey(bytes, new Decoded(point));
  }

  /**
   * Parses standard base64 (RFC 4648 section 4) of the 32-byte encoding.
   *
   * @throws IllegalArgumentException if {@code base64} is not base64 of a valid public key
   */
  public static Ed25519PublicKey fromBase64(String base64) {
    return create(Bytes.fromBase64(base64));
  }

  /**
   * Returns whether {@code signature} is a valid RFC 8032 Ed25519 signature of {@code message}, by
   * BouncyCastle's verification: the rule {@link Ed25519Verifier} states, which gives the same
   * verdicts, singly or in batches.
   */
  public boolean verify(Bytes message, Signature signature) {
    return verify(message.toArray(), signature);
  }

  /**
   * Returns whether {@code signature} is a valid RFC 8032 Ed25519 signature of {@code message}, as
   * {@link #verify(Bytes, Signature)} does. Reads {@code message} without copying it.
   */
  public boolean verify(byte[] message, Signature signature) {
    Decoded decoded = decoded();
    return decoded != null
        && Ed25519.verify(
            signature.bytes().toArray(), 0, decoded.forBouncyCastle, message, 0, message.length);
  }

  /**
   * The point in extended coordinates, for {@link Ed25519Verifier}; null if the bytes do not decode
   * to a point (possible only for a key made by {@link #ofValidated} from bad bytes). BouncyCastle
   * decodes as strictly as {@link Edwards25519Point#decode}, so when it has decoded the bytes, the
   * second decoding succeeds too.
   */
  Edwards25519Point extendedPoint() {
    Decoded decoded = decoded();
    if (decoded == null) {
      return null;
    }
    Edwards25519Point extended = decoded.extended;
    if (extended == null) {
      extended = Edwards25519Point.decode(bytes.toArray(), 0);
      decoded.extended = extended;
    }
    return extended;
  }

  private Decoded decoded() {
    Decoded decoded = point;
    if (decoded == null) {
      Ed25519.PublicPoint forBouncyCastle =
          Ed25519.validatePublicKeyPartialExport(bytes.toArray(), 0);
      if (forBouncyCastle == null) {
        return null;
      }
      decoded = new Decoded(forBouncyCastle);
      point = decoded;
      if (STORED_POINTS.size() >= STORED_POINTS_CAPACITY) {
        STORED_POINTS.clear();
      }
      STORED_POINTS.put(bytes, decoded);
    }
    return decoded;
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
