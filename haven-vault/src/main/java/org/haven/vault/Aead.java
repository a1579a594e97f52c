package org.haven.vault;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM (NIST SP 800-38D) with a random 96-bit nonce and a 128-bit tag. A sealed message is the
 * nonce followed by the ciphertext and tag.
 *
 * <p>Random nonces are safe here because each key seals very few messages: a data key seals one,
 * and the master key one per {@link Vault#put}, far below the 2^32 that SP 800-38D section 8.3
 * allows.
 */
final class Aead {
  static final int KEY_SIZE = 32;
  static final int NONCE_SIZE = 12;
  static final int TAG_SIZE = 16;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private Aead() {}

  static int sealedSize(int plaintextSize) {
    return NONCE_SIZE + plaintextSize + TAG_SIZE;
  }

  static byte[] seal(SecretKey key, byte[] plaintext, byte[] associatedData, SecureRandom random) {
    byte[] sealed = new byte[sealedSize(plaintext.length)];
    byte[] nonce = new byte[NONCE_SIZE];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, sealed, 0, NONCE_SIZE);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData);
      cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_SIZE);
      return sealed;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed with a valid key: " + e, e);
    }
  }

  /**
   * @throws AEADBadTagException if {@code sealed} was not sealed under {@code key} with {@code
   *     associatedData}, or was changed since
   */
  static byte[] open(SecretKey key, byte[] sealed, byte[] associatedData)
      throws AEADBadTagException {
    if (sealed.length < sealedSize(0)) {
      throw new AEADBadTagException("a sealed message is at least " + sealedSize(0) + " bytes");
    }
    try {
      Cipher cipher =
          cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(sealed, NONCE_SIZE), associatedData);
      return cipher.doFinal(sealed, NONCE_SIZE, sealed.length - NONCE_SIZE);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed with a valid key: " + e, e);
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, byte[] associatedData)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_SIZE * Byte.SIZE, nonce));
    cipher.updateAAD(associatedData);
    return cipher;
  }
}
