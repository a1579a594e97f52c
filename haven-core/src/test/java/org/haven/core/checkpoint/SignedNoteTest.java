package org.haven.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SignedNoteTest {
  // The example of Go's golang.org/x/mod/sumdb/note package documentation, an independent
  // implementation of c2sp.org/signed-note. Its signer key is
  // PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz, whose last
  // field is base64 of the signature type 0x01 followed by the seed below
  // (`echo AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz | base64 -d | xxd -p`).
  private static final Bytes PETER_SEED =
      Bytes.fromHex("810a1402d5146c8d84f2443330f54080ebf98ee17d9c74f6252fc5d5c7283173");
  private static final String PETER_TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  private static final String PETER_NOTE =
      PETER_TEXT
          + "\n"
          + "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  private static final NoteSigner PETER =
      new NoteSigner("PeterNeumann", Ed25519PrivateKey.fromSeed(PETER_SEED));
  private static final NoteSigner LOG = signer("haven.example/log", 1);

  private static NoteSigner signer(String name, int seedByte) {
    byte[] seed = new byte[Ed25519PrivateKey.SEED_SIZE];
    seed[0] = (byte) seedByte;
    return new NoteSigner(name, Ed25519PrivateKey.fromSeed(Bytes.of(seed)));
  }

  @Test
  void sign_reproducesGoSumdbNoteExample() {
    assertThat(PETER.sign(PETER_TEXT).format()).isEqualTo(PETER_NOTE);
  }

  @Test
  void parse_goSumdbNoteExample_verifies() {
    SignedNote note = SignedNote.parse(PETER_NOTE);

    assertThat(note.text()).isEqualTo(PETER_TEXT);
    assertThat(note.verifiedBy(PETER.verifier())).isTrue();
    assertThat(note.format()).isEqualTo(PETER_NOTE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // printf 'PeterNeumann\n\x01' | cat - key.bin | sha256sum
    //   = c74f20a396cc785cf0db7fd5e83a8334c7f4f2ea8da9e5a3c7a1e6344af9d6bf
    // with key.bin the 32 bytes below; Go's verifier key PeterNeumann+c74f20a3+... agrees.
    "PeterNeumann, 1a5cd907143c384c41e830c5bce12aa8817ec5649aaabf2c31388b35b2d744d6, c74f20a3",
    // The public key of RFC 8032 section 7.1 TEST 1.
    // printf 'haven.example/log\n\x01' | cat - key.bin | sha256sum
    //   = 1abc5709263031558122cc6dfcb42193ca4f2c0f8bdba93f433986306b2d9dce
    "haven.example/log, d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, 1abc5709"
  })
  void keyId_isTruncatedSha256OfNameTypeAndKey(String name, String publicKey, String keyId) {
    NoteVerifier verifier =
        new NoteVerifier(name, Ed25519PublicKey.create(Bytes.fromHex(publicKey)));

    assertThat(verifier.keyId().toHex()).isEqualTo(keyId);
  }

  @Test
  void signFormatParse_roundTripsAndVerifies() {
    SignedNote signed = LOG.sign("haven.example/log\n42\n");

    SignedNote parsed = SignedNote.parse(signed.format());

    assertThat(parsed).isEqualTo(signed);
    assertThat(parsed.verifiedBy(LOG.verifier())).isTrue();
  }

  @Test
  void verifiedBy_otherKeyWithSameName_isFalse() {
    SignedNote note = LOG.sign("hello\n");
    NoteSigner impostor = signer("haven.example/log", 2);

    assertThat(note.verifiedBy(impostor.verifier())).isFalse();
  }

  @Test
  void verifiedBy_oneCharacterOfTextChanged_isFalse() {
    String formatted = LOG.sign("haven.example/log\n42\n").format();

    SignedNote tampered = SignedNote.parse(formatted.replaceFirst("42", "43"));

    assertThat(tampered.verifiedBy(LOG.verifier())).isFalse();
  }

  @Test
  void parse_textWithBlankLines_splitsAtTheLastBlankLine() {
    String text = "first\n\nthird\n\n";

    SignedNote parsed = SignedNote.parse(LOG.sign(text).format());

    assertThat(parsed.text()).isEqualTo(text);
    assertThat(parsed.verifiedBy(LOG.verifier())).isTrue();
  }

  @Test
  void cosignatures_areKeptAndCountedPerTrustedKey() {
    NoteSigner alice = signer("alice.example", 3);
    NoteSigner bob = signer("bob.example", 4);
    NoteSigner carol = signer("carol.example", 5);
    String text = "haven.example/log\n7\n";
    SignedNote cosigned =
        LOG.sign(text).withSignature(alice.signature(text)).withSignature(bob.signature(text));

    // A reader that knows only the log and Carol still keeps Alice's and Bob's signatures.
    SignedNote read = SignedNote.parse(cosigned.format());

    assertThat(read.signatures()).hasSize(3);
    assertThat(read.format()).isEqualTo(cosigned.format());
    assertThat(read.verifiedSigners(List.of(LOG.verifier(), carol.verifier())))
        .containsExactly(LOG.verifier());
    assertThat(
            read.verifiedSigners(
                List.of(LOG.verifier(), alice.verifier(), bob.verifier(), carol.verifier())))
        .containsExactlyInAnyOrder(LOG.verifier(), alice.verifier(), bob.verifier());
  }

  @Test
  void verifiedSigners_signatureOverOtherText_isLeftOut() {
    NoteSigner alice = signer("alice.example", 3);
    SignedNote note = LOG.sign("size 7\n").withSignature(alice.signature("size 8\n"));

    assertThat(note.verifiedSigners(List.of(LOG.verifier(), alice.verifier())))
        .containsExactly(LOG.verifier());
  }

  @Test
  void withSignature_sameKeyTwice_isRejected() {
    SignedNote note = LOG.sign("hello\n");

    assertThatThrownBy(() -> note.withSignature(LOG.signature("hello\n")))
        .isInstanceOf(NoteFormatException.class)
        .hasMessageContaining("two signatures by key haven.example/log");
  }

  @Test
  void sign_textWithoutFinalNewline_isRejected() {
    assertThatThrownBy(() -> LOG.sign("hello"))
        .isInstanceOf(NoteFormatException.class)
        .hasMessage("the note text must end with a newline");
  }

  @Test
  void keyName_withSpaceOrPlus_isRejected() {
    Ed25519PublicKey key = LOG.verifier().publicKey();

    assertThatThrownBy(() -> new NoteVerifier("haven log", key))
        .isInstanceOf(NoteFormatException.class);
    assertThatThrownBy(() -> new NoteVerifier("haven+log", key))
        .isInstanceOf(NoteFormatException.class);
    assertThatThrownBy(() -> new NoteVerifier("haven\u00a0log", key))
        .isInstanceOf(NoteFormatException.class);
  }

  static Stream<Arguments> malformedNotes() {
    String valid = LOG.sign("hello\n").format();
    String signatureLine = valid.substring("hello\n\n".length());
    String base64 = signatureLine.substring(signatureLine.lastIndexOf(' ') + 1).strip();
    Bytes blob = Bytes.fromBase64(base64);
    return Stream.of(
        Arguments.of(
            "missing final newline",
            valid.substring(0, valid.length() - 1),
            "the last signature line does not end with a newline"),
        Arguments.of(
            "missing blank line",
            "hello\n" + signatureLine,
            "no blank line separates the note text from the signatures"),
        Arguments.of(
            "no signature lines", "hello\n\n", "no signature lines follow the last blank line"),
        Arguments.of(
            "hyphen instead of em dash",
            valid.replace("— ", "- "),
            "line 3: a signature line must start with an em dash (U+2014) and a space"),
        Arguments.of(
            "no space after the key name",
            "hello\n\n— haven.example/log\n",
            "line 3: a signature line needs a space between the key name and the signature"),
        Arguments.of(
            "plus sign in the key name",
            valid.replace("haven.example/log", "haven+log"),
            "line 3: the key name contains a space, a plus sign or a control character"),
        Arguments.of(
            "bad base64",
            valid.replace(base64, "not*base64"),
            "line 3: the signature is not valid base64"),
        Arguments.of(
            "base64 without its padding",
            valid.replace(base64, base64.replace("=", "")),
            "line 3: the signature is not canonical base64"),
        Arguments.of(
            "truncated signature",
            valid.replace(base64, blob.slice(0, 67).toBase64()),
            "line 3: the signature is 67 bytes, but an Ed25519 note signature is a 4-byte key ID"
                + " and a 64-byte signature"),
        Arguments.of(
            "second signature line malformed",
            valid + "— other.example AAAA\n",
            "line 4: the signature is 3 bytes"),
        Arguments.of(
            "control character in the text",
            "hel\tlo\n" + valid.substring("hello\n".length()),
            "line 1: U+0009 is not allowed in a signed note"),
        Arguments.of(
            "carriage return in the text",
            "hello\r\n\n" + signatureLine,
            "line 1: U+000D is not allowed in a signed note"),
        Arguments.of(
            "same key twice", valid + signatureLine, "two signatures by key haven.example/log"),
        Arguments.of(
            "larger than 1 MiB",
            "x".repeat(SignedNote.MAX_NOTE_BYTES) + "\n\n" + signatureLine,
            "the note is larger than the limit of 1048576 bytes"),
        Arguments.of(
            "larger than 1 MiB in UTF-8 only",
            "é".repeat(SignedNote.MAX_NOTE_BYTES / 2) + "\n\n" + signatureLine,
            "the note is larger than the limit of 1048576 bytes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedNotes")
  void parse_malformedNote_namesTheProblem(String description, String note, String message) {
    assertThatThrownBy(() -> SignedNote.parse(note))
        .isInstanceOf(NoteFormatException.class)
        .hasMessageStartingWith(message);
  }
}
