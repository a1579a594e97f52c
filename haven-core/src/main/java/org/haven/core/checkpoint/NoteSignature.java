package org.haven.core.checkpoint;

import java.util.Objects;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Signature;

/**
 * One signature line of a c2sp.org/signed-note: {@code — <key name> base64(key ID || signature)}.
 *
 * <p>Only Ed25519 signatures (signature type 0x01) are supported, so every signature is 4 + 64
 * bytes; a line of another length is refused rather than kept as opaque.
 */
public record NoteSignature(String keyName, Bytes keyId, Signature signature) {
  public static final int KEY_ID_SIZE = 4;

  /** Em dash (U+2014) and space: how every signature line starts. */
  private static final String PREFIX = "\u2014 ";

  /**
   * @throws NoteFormatException if {@code keyName} is not a valid key name
   * @throws IllegalArgumentException unless {@code keyId} is 4 bytes long
   */
  public NoteSignature {
    NoteSyntax.requireValidKeyName(keyName);
    if (keyId.size() != KEY_ID_SIZE) {
      throw new IllegalArgumentException(
          "a key ID is " + KEY_ID_SIZE + " bytes, got " + keyId.size() + " bytes");
    }
    Objects.requireNonNull(signature, "signature");
  }

  /** Parses one signature line, given without its final newline. */
  static NoteSignature parse(String line) {
    if (!line.startsWith(PREFIX)) {
      throw new NoteFormatException(
          "a signature line must start with an em dash (U+2014) and a space");
    }
    int space = line.indexOf(' ', PREFIX.length());
    if (space < 0) {
      throw new NoteFormatException(
          "a signature line needs a space between the key name and the signature");
    }
    Bytes blob = NoteSyntax.decodeBase64("the signature", line.substring(space + 1));
    if (blob.size() != KEY_ID_SIZE + Signature.SIZE) {
      throw new NoteFormatException(
          "the signature is "
              + blob.size()
              + " bytes, but an Ed25519 note signature is a 4-byte key ID and a 64-byte signature");
    }
    return new NoteSignature(
        line.substring(PREFIX.length(), space),
        blob.slice(0, KEY_ID_SIZE),
        Signature.create(blob.slice(KEY_ID_SIZE, blob.size())));
  }

  /** Formats the signature line, with its final newline. */
  String format() {
    return PREFIX + keyName + " " + keyId.concat(signature.bytes()).toBase64() + "\n";
  }
}
