package org.haven.core.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Objects;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;

/** A trusted key for checking c2sp.org/signed-note signatures: a key name and an Ed25519 key. */
public record NoteVerifier(String name, Ed25519PublicKey publicKey) {
  /** The signature type byte that c2sp.org/signed-note assigns to Ed25519. */
  private static final byte ED25519_SIGNATURE_TYPE = 0x01;

  /**
   * @throws NoteFormatException if {@code name} is not a valid key name
   */
  public NoteVerifier {
    NoteSyntax.requireValidKeyName(name);
    Objects.requireNonNull(publicKey, "publicKey");
  }

  /** The key ID: the first 4 bytes of SHA-256(key name || 0x0A || 0x01 || 32-byte public key). */
  public Bytes keyId() {
    Hash digest =
        Hash.sha256(
            name.getBytes(UTF_8),
            new byte[] {'\n', ED25519_SIGNATURE_TYPE},
            publicKey.bytes().toArray());
    return digest.toBytes().slice(0, NoteSignature.KEY_ID_SIZE);
  }

  /**
   * Whether {@code signature} is by this key and valid for {@code text}, the note text in UTF-8.
   */
  boolean verifies(byte[] text, NoteSignature signature) {
    // The name is cheap to compare, and when names differ it saves hashing for the key ID.
    return signature.keyName().equals(name)
        && signature.keyId().equals(keyId())
        && publicKey.verify(text, signature.signature());
  }
}
