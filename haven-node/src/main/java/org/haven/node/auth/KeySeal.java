package org.haven.node.auth;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.haven.core.bytes.Bytes;

/**
 * AES-256-GCM (NIST SP 800-38D) with a 96-bit nonce and a 128-bit tag, for sealing one signing key
 * under a key-encryption key. A random nonce is safe: each key-encryption key comes from a fresh
 * salt and seals a single key.
 */
final class KeySeal {
  static final int NONCE_SIZE = 12;
  static final int TAG_SIZE = 16;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private KeySeal() {}

  /** Returns the ciphertext followed by the tag. */
  static Bytes seal(Bytes key, Bytes nonce, byte[] plaintext, byte[] associatedData) {
    try {
      return Bytes.of(cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData).doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed with a valid key: " + e, e);
    }
  }

  /**
   * Returns the plaintext of {@code sealed}.
   *
   * @throws AEADBadTagException if {@code sealed} was not sealed under {@code key}, {@code nonce}
   *     and {@code associatedData}, or was changed since
   */
  static byte[] open(Bytes key, Bytes nonce, Bytes sealed, byte[] associatedData)
      throws AEADBadTagException {
    try {
      return cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData).doFinal(sealed.toArray());
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed with a valid key: " + e, e);
    }
  }

  private static Cipher cipher(int mode, Bytes key, Bytes nonce, byte[] associatedData)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    byte[] keyBytes = key.toArray();
    try {
      cipher.init(
          mode,
          new SecretKeySpec(keyBytes, "AES"),
          new GCMParameterSpec(TAG_SIZE * Byte.SIZE, nonce.toArray()));
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
    }
    cipher.updateAAD(associatedData);
    return cipher;
  }
}
