package org.haven.core.registry.identity;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.haven.core.bytes.Bytes;

/**
 * The consortium's secret key for linkage tokens: {@value #SIZE} random bytes, distributed to the
 * members at genesis and never written to the ledger. Without it nobody can compute a token from a
 * guessed name and birth date, so the tokens on the ledger reveal nothing on their own. {@link
 * #toString()} never shows the key.
 */
public final class LinkageKey {
  public static final int SIZE = 32;

  private static final String HMAC_SHA_256 = "HmacSHA256";

  private final Bytes secret;

  private LinkageKey(Bytes secret) {
    this.secret = secret;
  }

  /** Draws a fresh key. */
  public static LinkageKey generate(SecureRandom random) {
    byte[] secret = new byte[SIZE];
    random.nextBytes(secret);
    return new LinkageKey(Bytes.of(secret));
  }

  /**
   * Restores a key from the bytes returned by {@link #secret()}.
   *
   * @throws IllegalArgumentException unless {@code secret} is {@value #SIZE} bytes long
   */
  public static LinkageKey of(Bytes secret) {
    if (secret.size() != SIZE) {
      throw new IllegalArgumentException(
          "a linkage key is " + SIZE + " bytes, got " + secret.size() + " bytes");
    }
    return new LinkageKey(secret);
  }

  /** Returns the secret bytes, for the genesis key file. Handle them as a secret. */
  public Bytes secret() {
    return secret;
  }

  /** A fresh HMAC-SHA-256 (RFC 2104) keyed with this key; not safe to share between threads. */
  Mac newMac() {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA_256);
      mac.init(new SecretKeySpec(secret.toArray(), HMAC_SHA_256));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java platform must provide HMAC-SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "LinkageKey(secret hidden)";
  }
}
