package org.haven.core.crypto;

import static java.math.BigInteger.ONE;
import static java.math.BigInteger.TWO;
import static java.math.BigInteger.ZERO;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.haven.core.bytes.Bytes;

/**
 * Ed25519 written straight from RFC 8032 section 5.1 in affine coordinates over {@link BigInteger}:
 * slow and plain, the reference that {@link Ed25519Verifier} is checked against.
 */
final class ReferenceEd25519 {
  static final BigInteger P = TWO.pow(255).subtract(BigInteger.valueOf(19));
  static final BigInteger L =
      TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
  private static final BigInteger D =
      BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  private static final BigInteger SQRT_MINUS_ONE = TWO.modPow(P.subtract(ONE).shiftRight(2), P);

  static final Point IDENTITY = new Point(ZERO, ONE);
  static final Point BASE =
      decode(Bytes.fromHex("5866666666666666666666666666666666666666666666666666666666666666"));

  private ReferenceEd25519() {}

  record Point(BigInteger x, BigInteger y) {
    /** The twisted Edwards addition law (a = -1), complete on this curve. */
    Point plus(Point q) {
      BigInteger dxxyy = D.multiply(x).multiply(q.x).multiply(y).multiply(q.y).mod(P);
      BigInteger x3 = x.multiply(q.y).add(y.multiply(q.x)).multiply(ONE.add(dxxyy).modInverse(P));
      BigInteger y3 =
          y.multiply(q.y).add(x.multiply(q.x)).multiply(ONE.subtract(dxxyy).modInverse(P));
      return new Point(x3.mod(P), y3.mod(P));
    }

    Point times(BigInteger k) {
      Point result = IDENTITY;
      for (int i = k.bitLength() - 1; i >= 0; i--) {
        result = result.plus(result);
        if (k.testBit(i)) {
          result = result.plus(this);
        }
      }
      return result;
    }

    /** RFC 8032 section 5.1.2: y little-endian, with the low bit of x as the top bit. */
    Bytes encode() {
      byte[] encoding = littleEndian(y);
      encoding[31] |= (byte) (x.testBit(0) ? 0x80 : 0);
      return Bytes.of(encoding);
    }
  }

  /**
   * RFC 8032 section 5.1.3: null if y >= p, if x^2 = (y^2 - 1)/(d y^2 + 1) has no root, or if x = 0
   * and the sign bit is 1.
   */
  static Point decode(Bytes encoding) {
    byte[] bytes = encoding.toArray();
    boolean sign = (bytes[31] & 0x80) != 0;
    bytes[31] &= 0x7f;
    BigInteger y = fromLittleEndian(bytes);
    if (y.compareTo(P) >= 0) {
      return null;
    }
    BigInteger u = y.multiply(y).subtract(ONE).mod(P);
    BigInteger v = D.multiply(y).multiply(y).add(ONE).mod(P);
    BigInteger xSquared = u.multiply(v.modInverse(P)).mod(P);
    BigInteger x = xSquared.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!x.multiply(x).mod(P).equals(xSquared)) {
      x = x.multiply(SQRT_MINUS_ONE).mod(P);
    }
    if (!x.multiply(x).mod(P).equals(xSquared) || (x.signum() == 0 && sign)) {
      return null;
    }
    return new Point(x.testBit(0) == sign ? x : P.subtract(x).mod(P), y);
  }

  /** k = SHA-512(R || A || M) mod L. */
  static BigInteger challenge(Bytes r, Bytes publicKey, Bytes message) {
    return fromLittleEndian(sha512(r.concat(publicKey).concat(message))).mod(L);
  }

  /** The secret scalar of RFC 8032 section 5.1.5: the first half of SHA-512(seed), clamped. */
  static BigInteger secretScalar(Bytes seed) {
    byte[] half = Arrays.copyOf(sha512(seed), 32);
    half[0] &= (byte) 0xf8;
    half[31] &= 0x7f;
    half[31] |= 0x40;
    return fromLittleEndian(half);
  }

  /**
   * The check of RFC 8032 section 5.1.7, [c][s]B = [c]R + [c][k]A, with s < L and strict decoding:
   * cofactored with c = 8, cofactorless with c = 1.
   */
  static boolean verify(Bytes publicKey, Bytes message, Bytes signature, int c) {
    Point a = decode(publicKey);
    Point r = decode(signature.slice(0, 32));
    BigInteger s = fromLittleEndian(signature.slice(32, 64).toArray());
    if (a == null || r == null || s.compareTo(L) >= 0) {
      return false;
    }
    BigInteger k = challenge(signature.slice(0, 32), publicKey, message);
    BigInteger cofactor = BigInteger.valueOf(c);
    return BASE.times(s).times(cofactor).equals(r.plus(a.times(k)).times(cofactor));
  }

  static byte[] littleEndian(BigInteger value) {
    byte[] bigEndian = value.toByteArray();
    byte[] result = new byte[32];
    for (int i = 0; i < Math.min(32, bigEndian.length); i++) {
      result[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return result;
  }

  static BigInteger fromLittleEndian(byte[] bytes) {
    byte[] bigEndian = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      bigEndian[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }

  private static byte[] sha512(Bytes input) {
    try {
      return MessageDigest.getInstance("SHA-512").digest(input.toArray());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-512", e);
    }
  }
}
