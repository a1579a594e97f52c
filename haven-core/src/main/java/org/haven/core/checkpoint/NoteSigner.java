package org.haven.core.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import org.haven.core.crypto.Ed25519PrivateKey;

/** Signs note texts under a key name with an Ed25519 key, as c2sp.org/signed-note specifies. */
public final class NoteSigner {
  private final NoteVerifier verifier;
  private final Ed25519PrivateKey privateKey;

  /**
   * @throws NoteFormatException if {@code name} is not a valid key name
   */
  public NoteSigner(String name, Ed25519PrivateKey privateKey) {
    this.verifier = new NoteVerifier(name, privateKey.publicKey());
    this.privateKey = privateKey;
  }

  /** The verifier for this signer's signatures, to hand to those who check them. */
  public NoteVerifier verifier() {
    return verifier;
  }

  /**
   * Returns a note of {@code text} signed by this key alone.
   *
   * @throws NoteFormatException unless {@code text} ends with a newline and has no control
   *     characters other than newline
   */
  public SignedNote sign(String text) {
    return new SignedNote(text, List.of(signature(text)));
  }

  /**
   * Signs {@code text} without making a note, so that a cosigner can send back just its signature
   * to be added with {@link SignedNote#withSignature}.
   *
   * @throws NoteFormatException unless {@code text} ends with a newline and has no control
   *     characters other than newline
   */
  public NoteSignature signature(String text) {
    NoteSyntax.requireValidText(text);
    return new NoteSignature(
        verifier.name(), verifier.keyId(), privateKey.sign(text.getBytes(UTF_8)));
  }

  @Override
  public String toString() {
    return "NoteSigner(" + verifier.name() + ")";
  }
}
