package org.haven.core.crypto;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.haven.core.bytes.Bytes;

/**
 * An Ed25519 private key held as its 32-byte seed (RFC 8032 section 5.1.5), with the public key
 * derived from it. {@link #toString()} never reveals the seed.
 */
public final class Ed25519PrivateKey {
  public static final int SEED_SIZE = Ed25519.SECRET_KEY_SIZE;

  private final byte[] seed;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(byte[] seed) {
    this.seed = seed;
    byte[] encodedPublicKey = new byte[Ed25519PublicKey.SIZE];
    Ed25519.generatePublicKey(seed, 0, encodedPublicKey, 0);
    // [seed]B is a multiple of the base point, so it has prime order: no need to check it.
    this.publicKey = Ed25519PublicKey.ofValidated(Bytes.of(encodedPublicKey));
  }

  /** Draws a fresh 32-byte seed from {@code random}. */
  public static Ed25519PrivateKey generate(SecureRandom random) {
    byte[] seed = new byte[SEED_SIZE];
    Ed25519.generatePrivateKey(random, seed);
    return new Ed25519PrivateKey(seed);
  }

  /**
   * Restores a key from the seed returned by {@link #seed()}.
   *
   * @throws IllegalArgumentException unless {@code seed} is 32 bytes long
   */
  public static Ed25519PrivateKey fromSeed(Bytes seed) {
    if (seed.size() != SEED_SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 seed is " + SEED_SIZE + " bytes, got " + seed.size() + " bytes");
    }
    return new Ed25519PrivateKey(seed.toArray());
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** Signs {@code message} with pure Ed25519 (RFC 8032 section 5.1.6), which is deterministic. */
  public Signature sign(byte[] message) {
    byte[] signature = new byte[Signature.SIZE];
    // Passing the public key saves BouncyCastle from deriving it again on every signature.
    Ed25519.sign(seed, 0, publicKey.bytes().toArray(), 0, message, 0, message.length, signature, 0);
    return Signature.create(Bytes.of(signature));
  }

  /** Returns the secret seed, for writing to a key file. Handle it as a secret. */
  public Bytes seed() {
    return Bytes.of(seed);
  }

  @Override
  public String toString() {
    return "Ed25519PrivateKey(public key " + publicKey.toBase64() + ")";
  }
}
