package org.haven.core.crypto;

import static org.bouncycastle.math.ec.rfc7748.X25519Field.add;
import static org.bouncycastle.math.ec.rfc7748.X25519Field.carry;
import static org.bouncycastle.math.ec.rfc7748.X25519Field.create;
import static org.bouncycastle.math.ec.rfc7748.X25519Field.isZeroVar;
import static org.bouncycastle.math.ec.rfc7748.X25519Field.mul;
import static org.bouncycastle.math.ec.rfc7748.X25519Field.negate;
import static org.bouncycastle.math.ec.rfc7748.X25519Field.normalize;
import static org.bouncycastle.math.ec.rfc7748.X25519Field.sqr;
import static org.bouncycastle.math.ec.rfc7748.X25519Field.sub;

import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.haven.core.bytes.Bytes;

/**
 * A point of edwards25519, the curve -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19) of RFC 8032
 * section 5.1, in extended coordinates (X : Y : Z : T) with x = X/Z, y = Y/Z and xy = T/Z (Hisil,
 * Wong, Carter and Dawson, "Twisted Edwards curves revisited", 2008). Field elements are
 * BouncyCastle's {@link X25519Field} limbs. Immutable.
 *
 * <p>Everything here runs in variable time, so it must only ever see public data: keys, signatures
 * and messages, never a private key.
 *
 * <p>Limb bounds: {@link X25519Field#mul} and {@link X25519Field#sqr} take the output of a
 * multiplication, or the difference of two; every sum that feeds them is carried first.
 */
final class Edwards25519Point {
  private static final BigInteger FIELD_PRIME =
      BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  /** d = -121665/121666 (RFC 8032 section 5.1). */
  private static final BigInteger CURVE_D =
      BigInteger.valueOf(-121665)
          .multiply(BigInteger.valueOf(121666).modInverse(FIELD_PRIME))
          .mod(FIELD_PRIME);

  private static final int[] D = fieldElement(CURVE_D);
  private static final int[] TWO_D = fieldElement(CURVE_D.shiftLeft(1).mod(FIELD_PRIME));

  /** The base point B of RFC 8032 section 5.1: y = 4/5 and x positive (even). */
  static final Edwards25519Point BASE =
      decode(
          Bytes.fromHex("5866666666666666666666666666666666666666666666666666666666666666")
              .toArray(),
          0);

  /**
   * The window width for scalars of B, which appears in every sum: its table of odd multiples is
   * built once, so it can be large.
   */
  private static final int BASE_WIDTH = 8;

  /**
   * The window width for other points, whose tables are built per sum: 2^(w-2) table entries
   * against about b/(w+1) additions for a b-bit scalar, which 5 balances for 128 to 253 bits.
   */
  private static final int WIDTH = 5;

  private static final Cached[] BASE_TABLE = oddMultiples(BASE, BASE_WIDTH);

  private final int[] x;
  private final int[] y;
  private final int[] z;
  private final int[] t;

  private Edwards25519Point(int[] x, int[] y, int[] z, int[] t) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.t = t;
  }

  /**
   * Decodes the 32 bytes at {@code offset} as RFC 8032 section 5.1.3 does, strictly: returns null
   * if the y coordinate is not below p (a non-canonical encoding), if no point has that y, or if
   * the x coordinate is 0 and its sign bit is 1.
   *
   * <p>Precondition: {@code encoding} holds at least 32 bytes from {@code offset}.
   */
  static Edwards25519Point decode(byte[] encoding, int offset) {
    if (!isCanonical(encoding, offset)) {
      return null;
    }
    int[] y = create();
    X25519Field.decode255(encoding, offset, y, 0);
    // x^2 = u / v with u = y^2 - 1 and v = d y^2 + 1.
    int[] u = create();
    sqr(y, u);
    int[] v = create();
    mul(u, D, v);
    X25519Field.subOne(u);
    X25519Field.addOne(v);
    int[] x = create();
    if (!X25519Field.sqrtRatioVar(u, v, x)) {
      return null;
    }
    normalize(x);
    int sign = (encoding[offset + 31] >>> 7) & 1;
    if (sign == 1 && isZeroVar(x)) {
      return null;
    }
    if ((x[0] & 1) != sign) {
      negate(x, x);
      normalize(x);
    }
    int[] z = create();
    X25519Field.one(z);
    int[] t = create();
    mul(x, y, t);
    return new Edwards25519Point(x, y, z, t);
  }

  /** Whether the little-endian y of the encoding, its top bit (the sign of x) cleared, is < p. */
  private static boolean isCanonical(byte[] encoding, int offset) {
    // p = 2^255 - 19 is ed ff ... ff 7f little-endian.
    if ((encoding[offset + 31] & 0x7f) != 0x7f) {
      return true;
    }
    for (int i = 30; i >= 1; i--) {
      if (encoding[offset + i] != (byte) 0xff) {
        return true;
      }
    }
    return (encoding[offset] & 0xff) < 0xed;
  }

  /**
   * Whether [8](Σ terms) is the identity, that is whether the order of the sum divides 8. Computes
   * the sum by Straus's method: one shared chain of doublings, into which every term adds from its
   * table at its signed digits.
   */
  static boolean cofactorTimesSumIsIdentity(List<Multiple> terms) {
    int top = 0;
    for (Multiple term : terms) {
      top = Math.max(top, term.digits.length);
    }
    Accumulator sum = Accumulator.identity();
    for (int position = top - 1; position >= 0; position--) {
      sum.doubleInPlace();
      for (Multiple term : terms) {
        if (position < term.digits.length) {
          int digit = term.digits[position];
          if (digit > 0) {
            sum.addPoint(term.table[digit >> 1], false);
          } else if (digit < 0) {
            sum.addPoint(term.table[-digit >> 1], true);
          }
        }
      }
    }
    for (int i = 0; i < 3; i++) {
      sum.doubleInPlace();
    }
    return sum.isIdentity();
  }

  /** A term [scalar]P of a sum, as P's odd multiples and the scalar's signed digits. */
  static final class Multiple {
    private final Cached[] table;
    private final byte[] digits;

    private Multiple(Cached[] table, byte[] digits) {
      this.table = table;
      this.digits = digits;
    }

    /**
     * The term [scalar]P, or -[scalar]P if {@code negated}.
     *
     * <p>Precondition: 0 <= scalar < 2^256.
     */
    static Multiple of(Edwards25519Point point, BigInteger scalar, boolean negated) {
      // A scalar of 1 needs no table beyond P itself.
      int width = scalar.bitLength() <= 1 ? 2 : WIDTH;
      return new Multiple(oddMultiples(point, width), signedDigits(scalar, width, negated));
    }

    /**
     * The term [scalar]B for the base point B.
     *
     * <p>Precondition: 0 <= scalar < 2^256.
     */
    static Multiple ofBase(BigInteger scalar) {
      return new Multiple(BASE_TABLE, signedDigits(scalar, BASE_WIDTH, false));
    }
  }

  /**
   * The width-w non-adjacent form of {@code scalar} (negated if {@code negated}): digits d_i, each
   * 0 or odd with |d_i| < 2^(w-1), of which any w consecutive hold at most one non-zero, and with Σ
   * d_i 2^i = scalar. A b-bit scalar has at most b + 1 digits.
   */
  private static byte[] signedDigits(BigInteger scalar, int width, boolean negated) {
    byte[] digits = new byte[scalar.bitLength() + 1];
    int carry = 0;
    int position = 0;
    while (position < digits.length) {
      int bit = scalar.testBit(position) ? 1 : 0;
      if (bit == carry) {
        // The digit here is 0, and a carry of 1 moves on with 2^position + 2^position.
        position++;
        continue;
      }
      // The next w bits plus the carry are odd; take them as a digit in (-2^(w-1), 2^(w-1)).
      int window = carry;
      for (int i = 0; i < width; i++) {
        if (scalar.testBit(position + i)) {
          window += 1 << i;
        }
      }
      int digit = window;
      carry = 0;
      if (window > 1 << (width - 1)) {
        digit = window - (1 << width);
        carry = 1;
      }
      digits[position] = (byte) (negated ? -digit : digit);
      position += width;
    }
    return digits;
  }

  /** P, 3P, 5P, ..., (2^(w-1) - 1)P. */
  private static Cached[] oddMultiples(Edwards25519Point point, int width) {
    Cached[] table = new Cached[1 << (width - 2)];
    table[0] = Cached.of(point.x, point.y, point.z, point.t);
    if (table.length == 1) {
      return table;
    }
    Accumulator twice = Accumulator.of(point);
    twice.doubleInPlace();
    Cached twoP = twice.cached();
    Accumulator multiple = Accumulator.of(point);
    for (int i = 1; i < table.length; i++) {
      multiple.addPoint(twoP, false);
      table[i] = multiple.cached();
    }
    return table;
  }

  private static int[] fieldElement(BigInteger value) {
    byte[] bigEndian = value.toByteArray();
    byte[] littleEndian = new byte[32];
    for (int i = 0; i < Math.min(32, bigEndian.length); i++) {
      littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
    }
    int[] element = create();
    X25519Field.decode255(littleEndian, 0, element, 0);
    return element;
  }

  /**
   * A point prepared to be added (the "cached" form): (Y + X, Y - X, 2dT, 2Z). Adding its negation
   * swaps the first two and negates the third.
   */
  private static final class Cached {
    private final int[] yPlusX;
    private final int[] yMinusX;
    private final int[] t2d;
    private final int[] z2;

    private Cached(int[] yPlusX, int[] yMinusX, int[] t2d, int[] z2) {
      this.yPlusX = yPlusX;
      this.yMinusX = yMinusX;
      this.t2d = t2d;
      this.z2 = z2;
    }

    static Cached of(int[] x, int[] y, int[] z, int[] t) {
      int[] yPlusX = create();
      add(y, x, yPlusX);
      carry(yPlusX);
      int[] yMinusX = create();
      sub(y, x, yMinusX);
      int[] t2d = create();
      mul(t, TWO_D, t2d);
      int[] z2 = create();
      add(z, z, z2);
      carry(z2);
      return new Cached(yPlusX, yMinusX, t2d, z2);
    }
  }

  /**
   * A mutable point that sums are computed in, with its scratch space. T is computed only when an
   * addition needs it: a doubling does not, and most additions are followed by one.
   */
  private static final class Accumulator {
    private final int[] x = create();
    private final int[] y = create();
    private final int[] z = create();
    private final int[] t = create();
    private final int[] a = create();
    private final int[] b = create();
    private final int[] c = create();
    private final int[] d = create();
    private final int[] e = create();
    private final int[] f = create();
    private final int[] g = create();
    private final int[] h = create();

    /** Whether T is not in {@link #t} but is E·H of the last operation. */
    private boolean tPending;

    static Accumulator identity() {
      Accumulator identity = new Accumulator();
      X25519Field.one(identity.y);
      X25519Field.one(identity.z);
      return identity;
    }

    static Accumulator of(Edwards25519Point point) {
      Accumulator accumulator = new Accumulator();
      X25519Field.copy(point.x, 0, accumulator.x, 0);
      X25519Field.copy(point.y, 0, accumulator.y, 0);
      X25519Field.copy(point.z, 0, accumulator.z, 0);
      X25519Field.copy(point.t, 0, accumulator.t, 0);
      return accumulator;
    }

    /** Doubling in extended coordinates as RFC 8032 section 5.1.4 gives it. */
    void doubleInPlace() {
      sqr(x, a);
      sqr(y, b);
      sqr(z, c);
      add(c, c, c);
      carry(c);
      add(a, b, h);
      carry(h);
      add(x, y, e);
      carry(e);
      sqr(e, e);
      sub(h, e, e);
      sub(a, b, g);
      add(c, g, f);
      carry(f);
      mul(e, f, x);
      mul(g, h, y);
      mul(f, g, z);
      tPending = true;
    }

    /** Adds {@code q}, or its negation, as RFC 8032 section 5.1.4 gives it (with k = 2d). */
    void addPoint(Cached q, boolean negated) {
      resolveT();
      sub(y, x, a);
      mul(a, negated ? q.yPlusX : q.yMinusX, a);
      add(y, x, b);
      carry(b);
      mul(b, negated ? q.yMinusX : q.yPlusX, b);
      mul(t, q.t2d, c);
      mul(z, q.z2, d);
      sub(b, a, e);
      add(b, a, h);
      carry(h);
      if (negated) {
        add(d, c, f);
        sub(d, c, g);
        carry(f);
      } else {
        sub(d, c, f);
        add(d, c, g);
        carry(g);
      }
      mul(e, f, x);
      mul(g, h, y);
      mul(f, g, z);
      tPending = true;
    }

    Cached cached() {
      resolveT();
      return Cached.of(x, y, z, t);
    }

    /** The identity is (0 : 1 : 1 : 0), up to the factor Z: X = 0 and Y = Z. */
    boolean isIdentity() {
      normalize(x);
      sub(y, z, a);
      normalize(a);
      return isZeroVar(x) && isZeroVar(a);
    }

    private void resolveT() {
      if (tPending) {
        mul(e, h, t);
        tPending = false;
      }
    }
  }
}
