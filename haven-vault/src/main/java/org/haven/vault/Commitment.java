package org.haven.vault;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;

/**
 * The salted commitment to a child's personal data that the ledger carries in place of the data:
 *
 * <pre>
 * commitment = SHA-256("haven/personal-data/v1\n" || salt[32] || PersonalData.encode())
 * </pre>
 *
 * <p>The random salt keeps anyone who reads the ledger from confirming a guess ("born 2019-03-14,
 * named ...") by hashing it, so the salt is as secret as the data: the vault keeps it encrypted
 * beside the data. Whoever is later shown the data and the salt can check with {@link #opens} that
 * they are exactly what was registered.
 */
public final class Commitment {
  public static final int SALT_SIZE = 32;

  private static final byte[] DOMAIN =
      "haven/personal-data/v1\n".getBytes(StandardCharsets.US_ASCII);

  private Commitment() {}

  /** A fresh salt of {@value #SALT_SIZE} bytes from {@code random}. */
  public static Bytes newSalt(SecureRandom random) {
    byte[] salt = new byte[SALT_SIZE];
    random.nextBytes(salt);
    return Bytes.of(salt);
  }

  /**
   * Commits to {@code data} under {@code salt}.
   *
   * @throws IllegalArgumentException unless {@code salt} is {@value #SALT_SIZE} bytes
   */
  public static Hash commit(PersonalData data, Bytes salt) {
    requireSalt(salt);
    return Hash.sha256(DOMAIN, salt.toArray(), data.encode().toArray());
  }

  /**
   * Whether {@code data} and {@code salt} are what {@code commitment} was made from. A salt of the
   * wrong size opens nothing.
   */
  public static boolean opens(Hash commitment, PersonalData data, Bytes salt) {
    return salt.size() == SALT_SIZE && commit(data, salt).equals(commitment);
  }

  static void requireSalt(Bytes salt) {
    if (salt.size() != SALT_SIZE) {
      throw new IllegalArgumentException(
          "salt: must be " + SALT_SIZE + " bytes, got " + salt.size());
    }
  }
}
