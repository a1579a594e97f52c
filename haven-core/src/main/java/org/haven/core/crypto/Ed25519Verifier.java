package org.haven.core.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.haven.core.crypto.Edwards25519Point.Multiple;

/**
 * Ed25519 signature verification by the ledger's rule, one signature at a time ({@link #verify}) or
 * many together ({@link Batch}), which is several times cheaper per signature.
 *
 * <p><b>The rule.</b> A signature (R, s) of message M under public key A is valid if and only if
 *
 * <ul>
 *   <li>s < L, the order of the base point B;
 *   <li>R is the canonical encoding of a point of the curve, decoded as RFC 8032 section 5.1.3 says
 *       (y < p; x = 0 with the sign bit set is refused), and so is A, which {@link
 *       Ed25519PublicKey#create} has already checked and refused if of small order;
 *   <li>[8][s]B = [8]R + [8][k]A, with k = SHA-512(R || A || M) mod L: the cofactored equation that
 *       RFC 8032 section 5.1.7 allows.
 * </ul>
 *
 * <p><b>Why one rule everywhere.</b> RFC 8032 also allows the cofactorless equation [s]B = R +
 * [k]A. The two differ only on a signature whose R has a component of small order, which no honest
 * signer makes but a dishonest one can. A batch can only check the cofactored equation (a random
 * combination of cofactorless equations fails on such a signature by chance), so single
 * verification must check it too: otherwise a node that verified a block's signatures in a batch
 * and a node that verified them one by one, or in other batches, could disagree on a transaction,
 * and the ledger would fork. This class gives the same verdict on every signature whichever way it
 * is verified. BouncyCastle 1.87's {@code Ed25519.verify}, behind {@link Ed25519PublicKey#verify},
 * checks the cofactored equation with the same strict encodings (it multiplies by 8 before
 * comparing with the identity), and the tests hold it to the same verdicts; a library that checks
 * the cofactorless equation would not do.
 *
 * <p>Variable-time: it sees public keys, messages and signatures only. Thread-safe; a {@link Batch}
 * is not.
 */
public final class Ed25519Verifier {
  /** L, the prime order of B (RFC 8032 section 5.1). */
  static final BigInteger GROUP_ORDER =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** Bytes in a batch coefficient: 128 bits make a false acceptance as likely as 2^-127. */
  private static final int COEFFICIENT_SIZE = 16;

  private Ed25519Verifier() {}

  /**
   * Returns whether {@code signature} is a valid signature of {@code message} under {@code key} by
   * the rule above. Reads {@code message} without copying it.
   */
  public static boolean verify(Ed25519PublicKey key, byte[] message, Signature signature) {
    Claim claim = Claim.parse(key, message, signature);
    return claim != null && equationHolds(List.of(claim), List.of(BigInteger.ONE));
  }

  /** Starts an empty batch that draws its coefficients from {@code random}. */
  public static Batch newBatch(SecureRandom random) {
    return new Batch(random);
  }

  /**
   * Signatures verified together: {@link #add} each, then {@link #verify} once. The verdict on each
   * signature is the one {@link Ed25519Verifier#verify} gives it. For a block's endorsements:
   *
   * <pre>{@code
   * Ed25519Verifier.Batch batch = Ed25519Verifier.newBatch(random);
   * for (Endorsed endorsed : endorsements) {
   *   batch.add(endorsed.key(), endorsed.signedBytes(), endorsed.signature());
   * }
   * BitSet valid = batch.verify(); // valid.get(i): the i-th added verified
   * }</pre>
   *
   * <p>It checks the random linear combination [8]([Σ z_i s_i]B - Σ [z_i]R_i - Σ [z_i k_i]A_i) =
   * identity, with a fresh random odd 128-bit z_i per signature and one term per distinct key (the
   * z_i k_i of its signatures summed), so a block signed by few officers costs little more than its
   * R_i. Every valid signature satisfies it. If it fails, the batch is halved and each half checked
   * again, down to single signatures, where the check is exactly the rule. A check over signatures
   * that include an invalid one passes only if the random coefficients happen to cancel it, with
   * probability at most 2^-127.
   */
  public static final class Batch {
    private final SecureRandom random;

    /** One per signature added; null for one refused while parsing. */
    private final List<Claim> claims = new ArrayList<>();

    private Batch(SecureRandom random) {
      this.random = random;
    }

    /**
     * Adds a signature to check and returns its index in {@link #verify}'s answer: 0 for the first,
     * then 1, 2, .... Hashes {@code message} now, so the caller may reuse the array afterwards.
     */
    public int add(Ed25519PublicKey key, byte[] message, Signature signature) {
      claims.add(Claim.parse(key, message, signature));
      return claims.size() - 1;
    }

    /** The number of signatures added. */
    public int size() {
      return claims.size();
    }

    /**
     * Verifies every signature added so far. Returns the indexes of the valid ones: bit i is set if
     * and only if the signature added as i is valid.
     */
    public BitSet verify() {
      List<Integer> parsed = new ArrayList<>();
      for (int i = 0; i < claims.size(); i++) {
        if (claims.get(i) != null) {
          parsed.add(i);
        }
      }
      byte[] randomness = new byte[COEFFICIENT_SIZE * parsed.size()];
      random.nextBytes(randomness);
      BigInteger[] coefficients = new BigInteger[claims.size()];
      for (int j = 0; j < parsed.size(); j++) {
        // Odd, so never 0 mod L: for a single signature the batch equation is then the rule.
        coefficients[parsed.get(j)] =
            littleEndian(randomness, COEFFICIENT_SIZE * j, COEFFICIENT_SIZE).setBit(0);
      }
      BitSet valid = new BitSet(claims.size());
      settle(parsed, coefficients, valid);
      return valid;
    }

    /** Marks in {@code valid} which of the signatures at {@code indexes} are valid. */
    private void settle(List<Integer> indexes, BigInteger[] coefficients, BitSet valid) {
      if (indexes.isEmpty()) {
        return;
      }
      List<Claim> subset = new ArrayList<>(indexes.size());
      List<BigInteger> subsetCoefficients = new ArrayList<>(indexes.size());
      for (int index : indexes) {
        subset.add(claims.get(index));
        subsetCoefficients.add(coefficients[index]);
      }
      if (equationHolds(subset, subsetCoefficients)) {
        indexes.forEach(valid::set);
        return;
      }
      if (indexes.size() > 1) {
        int half = indexes.size() / 2;
        settle(indexes.subList(0, half), coefficients, valid);
        settle(indexes.subList(half, indexes.size()), coefficients, valid);
      }
    }
  }

  /**
   * Whether [8]([Σ z_i s_i]B - Σ [z_i]R_i - Σ [z_i k_i]A_i) is the identity, with one term per
   * distinct key.
   */
  private static boolean equationHolds(List<Claim> claims, List<BigInteger> coefficients) {
    BigInteger baseScalar = BigInteger.ZERO;
    Map<Ed25519PublicKey, BigInteger> keyScalars = new LinkedHashMap<>();
    List<Multiple> terms = new ArrayList<>(claims.size() + 2);
    for (int i = 0; i < claims.size(); i++) {
      Claim claim = claims.get(i);
      BigInteger z = coefficients.get(i);
      baseScalar = baseScalar.add(z.multiply(claim.s()));
      keyScalars.merge(claim.key(), z.multiply(claim.k()), BigInteger::add);
      terms.add(Multiple.of(claim.r(), z, true));
    }
    keyScalars.forEach(
        (key, scalar) ->
            terms.add(Multiple.of(key.extendedPoint(), scalar.mod(GROUP_ORDER), true)));
    terms.add(Multiple.ofBase(baseScalar.mod(GROUP_ORDER)));
    return Edwards25519Point.cofactorTimesSumIsIdentity(terms);
  }

  /** A signature whose encodings passed the rule's checks, with k computed: the equation's data. */
  private record Claim(Ed25519PublicKey key, BigInteger s, Edwards25519Point r, BigInteger k) {
    /** Returns null if s >= L, or R or the key does not decode. */
    static Claim parse(Ed25519PublicKey key, byte[] message, Signature signature) {
      if (key.extendedPoint() == null) {
        return null;
      }
      byte[] encoded = signature.bytes().toArray();
      BigInteger s = littleEndian(encoded, 32, 32);
      if (s.compareTo(GROUP_ORDER) >= 0) {
        return null;
      }
      Edwards25519Point r = Edwards25519Point.decode(encoded, 0);
      if (r == null) {
        return null;
      }
      SHA512Digest digest = new SHA512Digest();
      digest.update(encoded, 0, 32);
      byte[] keyBytes = key.bytes().toArray();
      digest.update(keyBytes, 0, keyBytes.length);
      digest.update(message, 0, message.length);
      byte[] hash = new byte[digest.getDigestSize()];
      digest.doFinal(hash, 0);
      return new Claim(key, s, r, littleEndian(hash, 0, hash.length).mod(GROUP_ORDER));
    }
  }

  private static BigInteger littleEndian(byte[] bytes, int offset, int length) {
    byte[] bigEndian = new byte[length];
    for (int i = 0; i < length; i++) {
      bigEndian[i] = bytes[offset + length - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }
}
