package org.haven.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.identity.OfficerId;

/**
 * What a node stores for one officer: the officer's Ed25519 seed sealed with AES-256-GCM under a
 * key derived from their password by {@link PasswordHasher}, the verifier that recognises the
 * password, and the public key, so the node can check it against the ledger without the password.
 *
 * <p>The associated data of the seal is {@value #ASSOCIATED_DATA_PREFIX} followed by the officer
 * id, so a credential relabelled with another officer's id does not unlock. {@link #toString()}
 * shows the officer, the Argon2 cost and the public key only.
 *
 * @param officer whose key this is
 * @param argon2 the cost the verifier and key-encryption key were derived with
 * @param salt 16 random bytes
 * @param verifier the first 32 bytes of the derivation
 * @param nonce 12 random bytes for AES-GCM
 * @param encryptedKey the sealed 32-byte seed followed by the 16-byte tag: 48 bytes
 * @param publicKey the public key of the sealed seed
 */
public record OfficerCredential(
    OfficerId officer,
    Argon2Params argon2,
    Bytes salt,
    Bytes verifier,
    Bytes nonce,
    Bytes encryptedKey,
    Ed25519PublicKey publicKey) {
  public static final int MIN_PASSWORD_LENGTH = 15;
  public static final int MAX_PASSWORD_LENGTH = 1024;
  public static final int ENCRYPTED_KEY_SIZE = Ed25519PrivateKey.SEED_SIZE + KeySeal.TAG_SIZE;

  static final String ASSOCIATED_DATA_PREFIX = "haven/officer-key/v1\n";

  /**
   * Takes the parts of a stored credential as they are; {@link #unlock} finds out whether they
   * belong together.
   *
   * @throws IllegalArgumentException if a part has the wrong size; the message names it
   */
  public OfficerCredential {
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(argon2, "argon2");
    Objects.requireNonNull(publicKey, "publicKey");
    requireSize("salt", salt, PasswordHasher.SALT_SIZE);
    requireSize("verifier", verifier, PasswordHasher.VERIFIER_SIZE);
    requireSize("nonce", nonce, KeySeal.NONCE_SIZE);
    requireSize("encryptedKey", encryptedKey, ENCRYPTED_KEY_SIZE);
  }

  /**
   * Seals {@code key} for {@code officer} under {@code password}, with a fresh salt and nonce.
   *
   * @throws IllegalArgumentException if {@code password} breaks the password rules: {@value
   *     #MIN_PASSWORD_LENGTH} to {@value #MAX_PASSWORD_LENGTH} characters (Unicode code points),
   *     and well-formed Unicode text
   */
  public static OfficerCredential create(
      OfficerId officer,
      Ed25519PrivateKey key,
      char[] password,
      Argon2Params argon2,
      SecureRandom random) {
    checkPasswordRules(password);
    Bytes salt = randomBytes(random, PasswordHasher.SALT_SIZE);
    Bytes nonce = randomBytes(random, KeySeal.NONCE_SIZE);
    PasswordHasher.Derived derived = PasswordHasher.derive(password, salt, argon2);
    byte[] seed = key.seed().toArray();
    try {
      Bytes encryptedKey =
          KeySeal.seal(derived.keyEncryptionKey(), nonce, seed, associatedData(officer));
      return new OfficerCredential(
          officer, argon2, salt, derived.verifier(), nonce, encryptedKey, key.publicKey());
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /**
   * Decodes the JSON written by {@link #toJson()}.
   *
   * @throws CredentialException if {@code json} is malformed, truncated, of an unknown version, or
   *     has a field of the wrong type or size; the message names the field and what to do
   */
  public static OfficerCredential fromJson(String json) {
    return CredentialJson.decode(json);
  }

  /** Encodes this credential as JSON: the format of a credential file. */
  public String toJson() {
    return CredentialJson.encode(this);
  }

  /**
   * Returns the officer's signing key if {@code password} is theirs, and empty otherwise, including
   * when {@code password} is not well-formed Unicode text. Runs Argon2 once, and compares verifiers
   * in constant time.
   *
   * @throws CredentialException if the password is right but the key does not decrypt, or decrypts
   *     to a key other than {@link #publicKey()}: the credential was damaged or altered
   */
  public Optional<Ed25519PrivateKey> unlock(char[] password) {
    if (!isWellFormed(password)) {
      return Optional.empty();
    }
    PasswordHasher.Derived derived = PasswordHasher.derive(password, salt, argon2);
    if (!MessageDigest.isEqual(derived.verifier().toArray(), verifier.toArray())) {
      return Optional.empty();
    }
    byte[] seed;
    try {
      seed = KeySeal.open(derived.keyEncryptionKey(), nonce, encryptedKey, associatedData(officer));
    } catch (AEADBadTagException e) {
      throw new CredentialException(
          "The credential of officer "
              + officer
              + " is damaged or was altered: the password is right but the signing key does not"
              + " decrypt. "
              + CredentialJson.REMEDY,
          e);
    }
    Ed25519PrivateKey key;
    try {
      key = Ed25519PrivateKey.fromSeed(Bytes.of(seed));
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
    if (!key.publicKey().equals(publicKey)) {
      throw new CredentialException(
          "The credential of officer "
              + officer
              + " was altered: its signing key does not match its public key "
              + publicKey.toBase64()
              + ". "
              + CredentialJson.REMEDY);
    }
    return Optional.of(key);
  }

  /**
   * Seals this officer's key under {@code newPassword}, with a fresh salt and nonce, if {@code
   * oldPassword} is right; returns empty if it is not.
   *
   * @throws IllegalArgumentException if {@code newPassword} breaks the rules of {@link #create}
   * @throws CredentialException as {@link #unlock} does
   */
  public Optional<OfficerCredential> changePassword(
      char[] oldPassword, char[] newPassword, Argon2Params newArgon2, SecureRandom random) {
    checkPasswordRules(newPassword);
    return unlock(oldPassword).map(key -> create(officer, key, newPassword, newArgon2, random));
  }

  @Override
  public String toString() {
    return "OfficerCredential[officer="
        + officer
        + ", argon2="
        + argon2
        + ", publicKey="
        + publicKey.toBase64()
        + "]";
  }

  private static void checkPasswordRules(char[] password) {
    if (!isWellFormed(password)) {
      throw new IllegalArgumentException(
          "a password must be well-formed Unicode text; this one has an unpaired surrogate");
    }
    int length = Character.codePointCount(password, 0, password.length);
    if (length < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "a password must have at least "
              + MIN_PASSWORD_LENGTH
              + " characters, this one has "
              + length);
    }
    if (length > MAX_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "a password must have at most "
              + MAX_PASSWORD_LENGTH
              + " characters, this one has "
              + length);
    }
  }

  /** Whether every surrogate in {@code text} is half of a pair, so it encodes as UTF-8. */
  private static boolean isWellFormed(char[] text) {
    for (int i = 0; i < text.length; i++) {
      if (Character.isHighSurrogate(text[i])
          && i + 1 < text.length
          && Character.isLowSurrogate(text[i + 1])) {
        i++;
      } else if (Character.isSurrogate(text[i])) {
        return false;
      }
    }
    return true;
  }

  private static byte[] associatedData(OfficerId officer) {
    return (ASSOCIATED_DATA_PREFIX + officer.value()).getBytes(StandardCharsets.US_ASCII);
  }

  private static Bytes randomBytes(SecureRandom random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return Bytes.of(bytes);
  }

  private static void requireSize(String name, Bytes value, int size) {
    Objects.requireNonNull(value, name);
    if (value.size() != size) {
      throw new IllegalArgumentException(
          name + " must be " + size + " bytes, got " + value.size() + " bytes");
    }
  }
}
