package org.haven.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519Rfc8032VectorsTest.Vector;
import org.haven.core.crypto.ReferenceEd25519.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Ed25519Verifier}: the RFC 8032 vectors, BouncyCastle's signatures, every kind of
 * corruption, and agreement of batch with single verification, of single verification with
 * BouncyCastle and with {@link ReferenceEd25519}. Random cases are seeded; the seed is in each
 * case's name.
 */
class Ed25519VerifierTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.haven.core.crypto.Ed25519Rfc8032VectorsTest#rfc8032Section71")
  void rfc8032Vector_verifies(Vector vector) {
    Signed signed =
        new Signed(
            Ed25519PublicKey.create(Bytes.fromHex(vector.publicKey())),
            Bytes.fromHex(vector.message()),
            Signature.create(Bytes.fromHex(vector.signature())));

    assertThat(signed.single()).isTrue();
    assertThat(batch(List.of(signed)).get(0)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 5})
  void rfc8032Vectors_verifyTogether(int copies) {
    List<Signed> all = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      Ed25519Rfc8032VectorsTest.rfc8032Section71()
          .map(
              vector ->
                  new Signed(
                      Ed25519PublicKey.create(Bytes.fromHex(vector.publicKey())),
                      Bytes.fromHex(vector.message()),
                      Signature.create(Bytes.fromHex(vector.signature()))))
          .forEach(all::add);
    }

    assertThat(batch(all).cardinality()).isEqualTo(all.size());
  }

  @Test
  void batch_numbersSignaturesInOrderAndAnswersForEach() {
    Signers signers = new Signers(new Random(7), 2);
    Ed25519Verifier.Batch batch = Ed25519Verifier.newBatch(new SecureRandom());
    assertThat(batch.verify()).isEqualTo(new BitSet());

    Signed valid = signers.signOne();
    Signed invalid = Corruption.S_BIT.apply(signers, signers.signOne(), new Random(8));
    assertThat(batch.add(valid.key(), valid.message().toArray(), valid.signature())).isZero();
    assertThat(batch.add(invalid.key(), invalid.message().toArray(), invalid.signature()))
        .isEqualTo(1);
    assertThat(batch.add(valid.key(), valid.message().toArray(), valid.signature())).isEqualTo(2);

    assertThat(batch.size()).isEqualTo(3);
    assertThat(batch.verify()).isEqualTo(BitSet.valueOf(new long[] {0b101}));
  }

  @Test
  void keyThatIsNoPoint_verifiesNothing() {
    Signed honest = new Signers(new Random(9), 1).signOne();
    // y = 2 has no x on the curve; ofValidated trusts the bytes without decoding them.
    Ed25519PublicKey noPoint =
        Ed25519PublicKey.ofValidated(
            Bytes.fromHex("0200000000000000000000000000000000000000000000000000000000000000"));
    Signed bad = new Signed(noPoint, honest.message(), honest.signature());

    assertThat(bad.single()).isFalse();
    assertThat(bad.bouncyCastle()).isFalse();
    assertThat(batch(List.of(honest, bad, honest))).isEqualTo(BitSet.valueOf(new long[] {0b101}));
  }

  static Stream<Arguments> batchShapes() {
    int[] sizes = {1, 2, 3, 4, 5, 8, 13, 21, 34, 55, 89, 144, 233, 300};
    return IntStream.of(sizes)
        .boxed()
        .flatMap(size -> Stream.of(Arguments.of(size, size), Arguments.of(size, 3)));
  }

  @ParameterizedTest(name = "{0} signatures by {1} keys")
  @MethodSource("batchShapes")
  void bouncyCastleSignatures_allVerify(int size, int keys) {
    Random random = new Random(1_000L * size + keys);
    List<Signed> signed = new Signers(random, keys).signMany(size);

    assertThat(batch(signed).cardinality()).isEqualTo(size);
    assertThat(signed).allMatch(Signed::single);
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("corruptionsAndSeeds")
  void corruption_isRejectedAlone(Corruption corruption, long seed) {
    Random random = new Random(seed);
    Signers signers = new Signers(random, 1);
    Signed bad = corruption.apply(signers, signers.signOne(), random);

    assertThat(bad.single()).isFalse();
    assertThat(bad.bouncyCastle()).isFalse();
    assertThat(batch(List.of(bad)).get(0)).isFalse();
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("corruptionsAndSeeds")
  void corruption_inBatchOfValid_isTheOnlyOneRejected(Corruption corruption, long seed) {
    Random random = new Random(seed);
    Signers signers = new Signers(random, 4);
    List<Signed> signed = signers.signMany(40);
    BitSet expected = new BitSet();
    expected.set(0, signed.size());
    int corrupted = 1 + random.nextInt(3);
    for (int i = 0; i < corrupted; i++) {
      int at = random.nextInt(signed.size());
      signed.set(at, corruption.apply(signers, signed.get(at), random));
      expected.clear(at);
    }

    assertThat(batch(signed)).isEqualTo(expected);
    assertThat(singly(signed)).isEqualTo(expected);
  }

  static Stream<Arguments> corruptionsAndSeeds() {
    return Stream.of(Corruption.values())
        .flatMap(corruption -> LongStream.range(0, 8).mapToObj(s -> Arguments.of(corruption, s)));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomMix_batchAgreesWithSingleAndBouncyCastle(long seed) {
    Random random = new Random(seed);
    Signers signers = new Signers(random, 1 + random.nextInt(8));
    List<Signed> signed = signers.signMany(1 + random.nextInt(120));
    Corruption[] kinds = Corruption.values();
    for (int i = 0; i < signed.size(); i++) {
      if (random.nextInt(4) == 0) {
        signed.set(i, kinds[random.nextInt(kinds.length)].apply(signers, signed.get(i), random));
      }
    }

    BitSet single = singly(signed);
    assertThat(batch(signed)).isEqualTo(single);
    for (int i = 0; i < signed.size(); i++) {
      assertThat(signed.get(i).bouncyCastle()).as("signature %d", i).isEqualTo(single.get(i));
    }
  }

  static LongStream seeds() {
    return LongStream.range(0, 60);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("referenceSeeds")
  void single_agreesWithTheReference(long seed) {
    Random random = new Random(seed);
    Signers signers = new Signers(random, 1);
    Signed signed = signers.signOne();
    if (random.nextBoolean()) {
      Corruption[] kinds = Corruption.values();
      signed = kinds[random.nextInt(kinds.length)].apply(signers, signed, random);
    }

    assertThat(signed.single()).isEqualTo(signed.reference(8));
  }

  static LongStream referenceSeeds() {
    return LongStream.range(0, 40);
  }

  /**
   * R' = R + T for a point T of small order: a signature that satisfies the cofactored equation but
   * not the cofactorless one, which no honest signer makes. The rule accepts it singly and in
   * batches. BouncyCastle 1.87 accepts it too: its verification multiplies by 8 before comparing
   * with the identity, so it checks the cofactored equation as well.
   */
  @ParameterizedTest(name = "T of order {1}")
  @MethodSource("smallOrderPoints")
  void torsionInR_failsCofactorlessButIsAcceptedEverywhere(String encoding, int order) {
    Point torsion = ReferenceEd25519.decode(Bytes.fromHex(encoding));
    assertThat(torsion.times(BigInteger.valueOf(order))).isEqualTo(ReferenceEd25519.IDENTITY);
    assertThat(torsion.times(BigInteger.valueOf(order / 2)))
        .isNotEqualTo(ReferenceEd25519.IDENTITY);
    Random random = new Random(order);
    Signers signers = new Signers(random, 1);
    Signed torsioned = signers.signWithR(0, torsion, random);

    assertThat(torsioned.reference(1)).as("cofactorless").isFalse();
    assertThat(torsioned.reference(8)).as("cofactored").isTrue();
    assertThat(torsioned.single()).isTrue();
    assertThat(batch(List.of(torsioned)).get(0)).isTrue();
    List<Signed> mixed = signers.signMany(20);
    mixed.add(7, torsioned);
    assertThat(batch(mixed).cardinality()).isEqualTo(mixed.size());
    assertThat(torsioned.bouncyCastle()).isTrue();
  }

  static Stream<Arguments> smallOrderPoints() {
    return Stream.of(
        // (0, -1): y = p - 1.
        Arguments.of("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", 2),
        // (sqrt(-1), 0): y = 0.
        Arguments.of("0000000000000000000000000000000000000000000000000000000000000000", 4),
        // The point of order 8 that Ed25519Rfc8032VectorsTest also refuses as a key.
        Arguments.of("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", 8));
  }

  @ParameterizedTest
  @EnumSource(
      value = Corruption.class,
      names = {"R_NON_CANONICAL", "R_X_ZERO_NEGATIVE", "S_PLUS_L"})
  void encodingCorruption_wouldVerifyIfItsEncodingWereAccepted(Corruption corruption) {
    Random random = new Random(corruption.ordinal());
    Signers signers = new Signers(random, 1);
    Signed bad = corruption.apply(signers, signers.signOne(), random);
    Bytes r = bad.signature().bytes().slice(0, 32);
    BigInteger s =
        ReferenceEd25519.fromLittleEndian(bad.signature().bytes().slice(32, 64).toArray());
    Point lenientR = decodeLeniently(r);
    BigInteger k = ReferenceEd25519.challenge(r, bad.key().bytes(), bad.message());
    Point a = ReferenceEd25519.decode(bad.key().bytes());
    BigInteger eight = BigInteger.valueOf(8);

    // The equation itself holds once R is read leniently and s reduced mod L.
    assertThat(ReferenceEd25519.BASE.times(s.mod(ReferenceEd25519.L)).times(eight))
        .isEqualTo(lenientR.plus(a.times(k)).times(eight));
    assertThat(bad.single()).isFalse();
  }

  /** R read leniently: y reduced mod p, and a sign bit on x = 0 ignored. */
  private static Point decodeLeniently(Bytes r) {
    byte[] bytes = r.toArray();
    byte sign = (byte) (bytes[31] & 0x80);
    bytes[31] &= 0x7f;
    byte[] y =
        ReferenceEd25519.littleEndian(
            ReferenceEd25519.fromLittleEndian(bytes).mod(ReferenceEd25519.P));
    y[31] |= sign;
    Point point = ReferenceEd25519.decode(Bytes.of(y));
    if (point != null) {
      return point;
    }
    y[31] &= 0x7f;
    return ReferenceEd25519.decode(Bytes.of(y));
  }

  /** The ways a signature can be wrong. */
  enum Corruption {
    MESSAGE_BIT {
      @Override
      Signed apply(Signers signers, Signed valid, Random random) {
        byte[] message = valid.message().toArray();
        if (message.length == 0) {
          message = new byte[1];
        }
        int bit = random.nextInt(8 * message.length);
        message[bit / 8] ^= (byte) (1 << (bit % 8));
        return new Signed(valid.key(), Bytes.of(message), valid.signature());
      }
    },
    S_BIT {
      @Override
      Signed apply(Signers signers, Signed valid, Random random) {
        return valid.withSignatureBitFlipped(256 + random.nextInt(256));
      }
    },
    R_BIT {
      @Override
      Signed apply(Signers signers, Signed valid, Random random) {
        return valid.withSignatureBitFlipped(random.nextInt(256));
      }
    },
    WRONG_KEY {
      @Override
      Signed apply(Signers signers, Signed valid, Random random) {
        Ed25519PublicKey other = new Signers(random, 1).keys.get(0).publicKey();
        return new Signed(other, valid.message(), valid.signature());
      }
    },
    /** s + L: the same scalar mod L, but not reduced, which the rule refuses. */
    S_PLUS_L {
      @Override
      Signed apply(Signers signers, Signed valid, Random random) {
        byte[] signature = valid.signature().bytes().toArray();
        byte[] s = new byte[32];
        System.arraycopy(signature, 32, s, 0, 32);
        BigInteger unreduced = ReferenceEd25519.fromLittleEndian(s).add(ReferenceEd25519.L);
        System.arraycopy(ReferenceEd25519.littleEndian(unreduced), 0, signature, 32, 32);
        return new Signed(valid.key(), valid.message(), Signature.create(Bytes.of(signature)));
      }
    },
    /**
     * R encoded with y + p >= p, of the point (sqrt(-1), 0) of order 4, and s = k a: it would
     * satisfy the cofactored equation if the encoding were accepted.
     */
    R_NON_CANONICAL {
      @Override
      Signed apply(Signers signers, Signed valid, Random random) {
        return signers.signWithEncodedR(
            signers.indexOf(valid.key()),
            Bytes.fromHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
            valid.message());
      }
    },
    /** R = the identity with the sign bit of x = 0 set, and s = k a; RFC 8032 refuses it. */
    R_X_ZERO_NEGATIVE {
      @Override
      Signed apply(Signers signers, Signed valid, Random random) {
        return signers.signWithEncodedR(
            signers.indexOf(valid.key()),
            Bytes.fromHex("0100000000000000000000000000000000000000000000000000000000000080"),
            valid.message());
      }
    },
    /** R with a canonical y for which no x is on the curve. */
    R_NOT_ON_CURVE {
      @Override
      Signed apply(Signers signers, Signed valid, Random random) {
        byte[] signature = valid.signature().bytes().toArray();
        byte[] r;
        do {
          r = ReferenceEd25519.littleEndian(new BigInteger(254, random).mod(ReferenceEd25519.P));
        } while (ReferenceEd25519.decode(Bytes.of(r)) != null);
        System.arraycopy(r, 0, signature, 0, 32);
        return new Signed(valid.key(), valid.message(), Signature.create(Bytes.of(signature)));
      }
    };

    abstract Signed apply(Signers signers, Signed valid, Random random);
  }

  /** A key, a message and a signature, checked three ways. */
  record Signed(Ed25519PublicKey key, Bytes message, Signature signature) {
    boolean single() {
      return Ed25519Verifier.verify(key, message.toArray(), signature);
    }

    boolean bouncyCastle() {
      return key.verify(message, signature);
    }

    /** The reference check with cofactor {@code c}: 8 for the rule, 1 for cofactorless. */
    boolean reference(int c) {
      return ReferenceEd25519.verify(key.bytes(), message, signature.bytes(), c);
    }

    Signed withSignatureBitFlipped(int bit) {
      byte[] bytes = signature.bytes().toArray();
      bytes[bit / 8] ^= (byte) (1 << (bit % 8));
      return new Signed(key, message, Signature.create(Bytes.of(bytes)));
    }
  }

  /** Officers with keys from a seeded random, who sign random messages in turn. */
  static final class Signers {
    private final Random random;
    private final List<Ed25519PrivateKey> keys = new ArrayList<>();
    private int next;

    Signers(Random random, int count) {
      this.random = random;
      for (int i = 0; i < count; i++) {
        keys.add(Ed25519PrivateKey.fromSeed(Bytes.of(bytes(random, 32))));
      }
    }

    Signed signOne() {
      Ed25519PrivateKey key = keys.get(next++ % keys.size());
      Bytes message = Bytes.of(bytes(random, random.nextInt(300)));
      return new Signed(key.publicKey(), message, key.sign(message.toArray()));
    }

    List<Signed> signMany(int count) {
      List<Signed> signed = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        signed.add(signOne());
      }
      return signed;
    }

    int indexOf(Ed25519PublicKey key) {
      for (int i = 0; i < keys.size(); i++) {
        if (keys.get(i).publicKey().equals(key)) {
          return i;
        }
      }
      throw new IllegalArgumentException("not one of these signers' keys: " + key);
    }

    /** A signature by key {@code index} whose R is [r]B + {@code torsion} for a random r. */
    Signed signWithR(int index, Point torsion, Random random) {
      BigInteger r = new BigInteger(256, random).mod(ReferenceEd25519.L);
      Bytes encodedR = ReferenceEd25519.BASE.times(r).plus(torsion).encode();
      Bytes message = Bytes.of(bytes(random, 1 + random.nextInt(100)));
      return sign(index, encodedR, r, message);
    }

    /** A signature (R, s) with R as given and s = k a, as if R encoded the identity. */
    Signed signWithEncodedR(int index, Bytes encodedR, Bytes message) {
      return sign(index, encodedR, BigInteger.ZERO, message);
    }

    /** s = r + k a mod L (RFC 8032 section 5.1.6) for a chosen R and r. */
    private Signed sign(int index, Bytes encodedR, BigInteger r, Bytes message) {
      Ed25519PrivateKey key = keys.get(index);
      BigInteger a = ReferenceEd25519.secretScalar(key.seed());
      BigInteger k = ReferenceEd25519.challenge(encodedR, key.publicKey().bytes(), message);
      BigInteger s = r.add(k.multiply(a)).mod(ReferenceEd25519.L);
      Bytes signature = encodedR.concat(Bytes.of(ReferenceEd25519.littleEndian(s)));
      return new Signed(key.publicKey(), message, Signature.create(signature));
    }
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static BitSet batch(List<Signed> signed) {
    Ed25519Verifier.Batch batch = Ed25519Verifier.newBatch(new SecureRandom());
    for (Signed item : signed) {
      batch.add(item.key(), item.message().toArray(), item.signature());
    }
    return batch.verify();
  }

  private static BitSet singly(List<Signed> signed) {
    BitSet valid = new BitSet();
    for (int i = 0; i < signed.size(); i++) {
      valid.set(i, signed.get(i).single());
    }
    return valid;
  }
}
