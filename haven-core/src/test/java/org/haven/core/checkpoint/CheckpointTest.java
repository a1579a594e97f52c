package org.haven.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckpointTest {
  // The example checkpoint of c2sp.org/tlog-checkpoint.
  private static final String SPEC_BODY =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  private static final Checkpoint SPEC_CHECKPOINT =
      new Checkpoint(
          "example.com/behind-the-sofa",
          20852163,
          Hash.fromBase64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));

  @Test
  void body_matchesSpecExample() {
    assertThat(SPEC_CHECKPOINT.body()).isEqualTo(SPEC_BODY);
    assertThat(Checkpoint.parseBody(SPEC_BODY)).isEqualTo(SPEC_CHECKPOINT);
  }

  @Test
  void emptyTree_roundTrips() {
    Checkpoint empty = new Checkpoint("haven.example/log", 0, Hash.EMPTY);

    assertThat(empty.body())
        .isEqualTo("haven.example/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
    assertThat(Checkpoint.parseBody(empty.body())).isEqualTo(empty);
  }

  @Test
  void signedCheckpoint_roundTripsThroughANote() {
    NoteSigner log =
        new NoteSigner(
            "example.com/behind-the-sofa",
            Ed25519PrivateKey.fromSeed(Bytes.of(new byte[Ed25519PrivateKey.SEED_SIZE])));

    SignedNote parsed = SignedNote.parse(log.sign(SPEC_CHECKPOINT.body()).format());

    assertThat(parsed.verifiedBy(log.verifier())).isTrue();
    assertThat(Checkpoint.parseBody(parsed.text())).isEqualTo(SPEC_CHECKPOINT);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          origin\\n007\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\\n | line 2: the tree size must not have leading zeros
          origin\\n00\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\\n  | line 2: the tree size must not have leading zeros
          origin\\n-1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\\n  | line 2: the tree size must be ASCII decimal digits, without a sign
          origin\\n+1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\\n  | line 2: the tree size must be ASCII decimal digits, without a sign
          origin\\n1e3\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\\n | line 2: the tree size must be ASCII decimal digits, without a sign
          origin\\n\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\\n    | line 2: the tree size must be ASCII decimal digits, without a sign
          origin\\n 1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\\n  | line 2: the tree size must be ASCII decimal digits, without a sign
          origin\\n9223372036854775808\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\\n | line 2: the tree size is larger than 9223372036854775807
          origin\\n1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\\n      | line 3: the root hash is 30 bytes, but a SHA-256 hash is 32
          origin\\n1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2Iq\\n  | line 3: the root hash is 33 bytes, but a SHA-256 hash is 32
          origin\\n1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\\n   | line 3: the root hash is not canonical base64
          origin\\n1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\\n  | line 3: the root hash is not canonical base64
          origin\\n1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I*\\n  | line 3: the root hash is not valid base64
          origin\\n1\\n                                                  | line 3: the root hash is missing
          origin\\n                                                       | line 2: the tree size is missing
          \\n1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\\n        | line 1: the origin is empty
          or\\tigin\\n1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\\n | line 1: the origin contains a newline or a control character
          origin\\n1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\\n\\n | line 4: an extension line must not be empty
          origin\\n1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\\nok\\nx\\ty\\n | line 5: an extension line contains a newline or a control character
          origin\\n1\\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=      | a checkpoint body must end with a newline
          """)
  void parseBody_malformed_namesTheLineAndProblem(String escapedBody, String message) {
    String body = escapedBody.replace("\\n", "\n").replace("\\t", "\t");

    assertThatThrownBy(() -> Checkpoint.parseBody(body))
        .isInstanceOf(NoteFormatException.class)
        .hasMessage(message);
  }

  @Test
  void extensionLines_roundTripInOrder() {
    Checkpoint withExtensions =
        new Checkpoint("origin", 3, Hash.EMPTY, List.of("haven-block 2 abcd", "second line"));

    assertThat(withExtensions.body()).endsWith("\nhaven-block 2 abcd\nsecond line\n");
    assertThat(Checkpoint.parseBody(withExtensions.body())).isEqualTo(withExtensions);
  }

  @Test
  void constructor_rejectsNegativeSizeAndMultiLineOrigin() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Checkpoint("origin", -1, Hash.EMPTY))
        .withMessage("the tree size must not be negative, got -1");
    assertThatThrownBy(() -> new Checkpoint("origin\n5", 1, Hash.EMPTY))
        .isInstanceOf(NoteFormatException.class)
        .hasMessage("the origin contains a newline or a control character");
  }
}
