package org.haven.node.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.haven.core.bytes.Bytes;

/**
 * Argon2id version 1.3 (RFC 9106) over an officer's password. One run derives 64 bytes: the first
 * 32 are a verifier, stored to recognise the password, and the last 32 a key-encryption key, never
 * stored, that seals the officer's signing key. Both halves come from one output of a pseudo-random
 * function, so the stored verifier tells nothing about the key-encryption key.
 */
public final class PasswordHasher {
  public static final int SALT_SIZE = 16;
  public static final int VERIFIER_SIZE = 32;
  public static final int KEY_SIZE = 32;

  private static final byte[] NONE = new byte[0];

  private PasswordHasher() {}

  /**
   * The two halves of one derivation. {@link #toString()} reveals neither.
   *
   * @param verifier 32 bytes to store and compare
   * @param keyEncryptionKey 32 bytes for AES-256, never to be stored
   */
  public record Derived(Bytes verifier, Bytes keyEncryptionKey) {
    @Override
    public String toString() {
      return "Derived[redacted]";
    }
  }

  /**
   * Derives the verifier and key-encryption key from {@code password}, encoded as UTF-8, and {@code
   * salt}.
   *
   * @throws IllegalArgumentException unless {@code salt} is {@value #SALT_SIZE} bytes and {@code
   *     password} is well-formed UTF-16 (no unpaired surrogate)
   */
  public static Derived derive(char[] password, Bytes salt, Argon2Params params) {
    if (salt.size() != SALT_SIZE) {
      throw new IllegalArgumentException(
          "an Argon2 salt here is " + SALT_SIZE + " bytes, got " + salt.size() + " bytes");
    }
    byte[] encoded = utf8(password);
    byte[] output = new byte[VERIFIER_SIZE + KEY_SIZE];
    try {
      argon2id(encoded, salt.toArray(), NONE, NONE, params, output);
      return new Derived(
          Bytes.of(output, 0, VERIFIER_SIZE), Bytes.of(output, VERIFIER_SIZE, KEY_SIZE));
    } finally {
      Arrays.fill(encoded, (byte) 0);
      Arrays.fill(output, (byte) 0);
    }
  }

  /**
   * Argon2id with the optional secret and associated data of RFC 9106 section 3.1, which Haven
   * leaves empty; the test vectors of section 5.3 use them. Fills {@code output}.
   */
  static void argon2id(
      byte[] password,
      byte[] salt,
      byte[] secret,
      byte[] associatedData,
      Argon2Params params,
      byte[] output) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(params.memoryKiB())
            .withIterations(params.iterations())
            .withParallelism(params.parallelism())
            .withSalt(salt)
            .withSecret(secret)
            .withAdditional(associatedData)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    generator.generateBytes(password, output);
    parameters.clear();
  }

  private static byte[] utf8(char[] password) {
    ByteBuffer encoded;
    try {
      encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(password));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "a password must be well-formed Unicode text; this one has an unpaired surrogate", e);
    }
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    // The encoder's buffer is another copy of the password.
    Arrays.fill(encoded.array(), (byte) 0);
    return bytes;
  }
}
