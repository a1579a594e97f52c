package org.haven.card.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.haven.card.bundle.BundleFixtures.ISSUER;
import static org.haven.card.bundle.BundleFixtures.NODE;
import static org.haven.card.bundle.BundleFixtures.NODE_KEY;
import static org.haven.card.bundle.BundleFixtures.OTHER_NODE;
import static org.haven.card.bundle.BundleFixtures.OTHER_NODE_KEY;
import static org.haven.card.bundle.BundleFixtures.aBundle;
import static org.haven.card.bundle.BundleFixtures.checkpoint;
import static org.haven.card.bundle.BundleFixtures.checkpointSignedBy;
import static org.haven.card.bundle.BundleFixtures.child;
import static org.haven.card.bundle.BundleFixtures.key;
import static org.haven.card.bundle.BundleFixtures.trustedNodes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.haven.card.bundle.BundleException.Problem;
import org.haven.core.checkpoint.NoteSigner;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AlertPriority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFileTest {
  private static final VerifierBundle BUNDLE =
      aBundle()
          .revoked(ISSUER, 42)
          .alert(child(1), AlertPriority.HIGH, "Child Protection Desk, Namanga")
          .consent(Hash.sha256(new byte[] {9}), LocalDate.parse("2025-08-01"))
          .build();

  @Test
  void read_givesBackTheBundleThatWasWritten() throws BundleException {
    byte[] file = BundleFile.write(BUNDLE, NODE, NODE_KEY);

    VerifierBundle read = BundleFile.read(file, trustedNodes(), 1);

    assertThat(read.encode()).isEqualTo(BUNDLE.encode());
    assertThat(read.isRevoked(ISSUER, 42)).isTrue();
    assertThat(read.alert(child(1))).isPresent();
    assertThat(read.consentActive(Hash.sha256(new byte[] {9}), LocalDate.parse("2025-08-01")))
        .isTrue();
  }

  @Test
  void read_fromDisk_andAMissingFileIsUnreadable(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("bundle.cbor");
    Files.write(file, BundleFile.write(BUNDLE, OTHER_NODE, OTHER_NODE_KEY));

    assertThat(BundleFile.read(file, trustedNodes(), 1).encode()).isEqualTo(BUNDLE.encode());
    assertThatThrownBy(() -> BundleFile.read(directory.resolve("absent.cbor"), trustedNodes(), 1))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNREADABLE))
        .hasMessageContaining("absent.cbor cannot be read");
  }

  @Test
  void read_aFileLargerThanTheLimit_isTooLarge(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("huge.cbor");
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[1]), BundleFile.MAX_FILE_BYTES);
    }

    assertProblem(() -> BundleFile.read(file, trustedNodes(), 1), Problem.TOO_LARGE);
  }

  @Test
  void read_signedWithAnotherKeyUnderTheSignersName_isABadSignature() {
    byte[] file = BundleFile.write(BUNDLE, NODE, OTHER_NODE_KEY);

    assertThatThrownBy(() -> BundleFile.read(file, trustedNodes(), 1))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.BAD_SIGNATURE))
        .hasMessage(
            "The file's signature by node-ke does not verify: the file was altered, or signed"
                + " with another key.");
  }

  @Test
  void read_signedByANodeTheDeviceDoesNotTrust_isAnUnknownSigner() {
    byte[] file = BundleFile.write(BUNDLE, new OrgId("node-xx"), key("node-xx"));

    assertThatThrownBy(() -> BundleFile.read(file, trustedNodes(), 1))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_SIGNER))
        .hasMessageContaining("node-xx, which is not a trusted member node");
  }

  @Test
  void read_aCheckpointSignedOnlyByAnUntrustedKey_isRefused() {
    VerifierBundle bundle =
        VerifierBundle.builder(
                BundleFixtures.SALT,
                1,
                BundleFixtures.CREATED,
                checkpointSignedBy(100, new OrgId("node-xx"), key("node-xx")))
            .build();
    byte[] file = BundleFile.write(bundle, NODE, NODE_KEY);

    assertProblem(() -> BundleFile.read(file, trustedNodes(), 1), Problem.CHECKPOINT_NOT_TRUSTED);
  }

  @Test
  void read_aCheckpointCosignedByFewerThanTheQuorum_isRefused_andByTheQuorumIsAccepted()
      throws BundleException {
    SignedNote one = checkpoint(100);
    SignedNote two =
        one.withSignature(new NoteSigner(OTHER_NODE.value(), OTHER_NODE_KEY).signature(one.text()));
    byte[] signedByOne =
        BundleFile.write(
            VerifierBundle.builder(BundleFixtures.SALT, 1, BundleFixtures.CREATED, one).build(),
            NODE,
            NODE_KEY);
    byte[] signedByTwo =
        BundleFile.write(
            VerifierBundle.builder(BundleFixtures.SALT, 1, BundleFixtures.CREATED, two).build(),
            NODE,
            NODE_KEY);

    assertThatThrownBy(() -> BundleFile.read(signedByOne, trustedNodes(), 2))
        .isInstanceOfSatisfying(
            BundleException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.CHECKPOINT_NOT_TRUSTED))
        .hasMessageContaining("signed by 1 trusted member node(s), but 2 must cosign");
    assertThat(BundleFile.read(signedByTwo, trustedNodes(), 2).checkpointNote()).isEqualTo(two);
  }

  @Test
  void read_aCheckpointWithAnInvalidSignatureByATrustedNode_isRefusedEvenBesideAValidOne() {
    SignedNote good = checkpoint(100);
    SignedNote forged =
        good.withSignature(
            new NoteSigner(OTHER_NODE.value(), OTHER_NODE_KEY).signature(checkpoint(101).text()));
    VerifierBundle bundle =
        VerifierBundle.builder(BundleFixtures.SALT, 1, BundleFixtures.CREATED, forged).build();
    byte[] file = BundleFile.write(bundle, NODE, NODE_KEY);

    assertThatThrownBy(() -> BundleFile.read(file, trustedNodes(), 1))
        .hasMessageContaining("invalid signature by a trusted member node");
  }

  @Test
  void read_aDelta_isTheWrongKind_andReadDeltaOfABundleToo() {
    VerifierBundle next =
        VerifierBundle.builder(BundleFixtures.SALT, 2, BundleFixtures.CREATED, checkpoint(101))
            .issuer(ISSUER, BundleFixtures.ISSUER_KEY.publicKey(), BundleFixtures.ISSUER_FROM)
            .build();
    byte[] delta = BundleFile.writeDelta(BundleDelta.between(BUNDLE, next), NODE, NODE_KEY);
    byte[] full = BundleFile.write(BUNDLE, NODE, NODE_KEY);

    assertThatThrownBy(() -> BundleFile.read(delta, trustedNodes(), 1))
        .hasMessage("The file is a delta, not a full bundle.");
    assertThatThrownBy(() -> BundleFile.readDelta(full, trustedNodes(), 1))
        .hasMessage("The file is a full bundle, not a delta.");
  }

  @Test
  void read_cutShortAtAnyByte_isTruncated() {
    byte[] file = BundleFile.write(BUNDLE, NODE, NODE_KEY);

    for (int length = 0; length < file.length; length++) {
      byte[] cut = Arrays.copyOf(file, length);
      assertProblem(() -> BundleFile.read(cut, trustedNodes(), 1), Problem.TRUNCATED);
    }
  }

  @Test
  void read_withAnyOneByteAltered_isRefusedWithABundleException() {
    byte[] file = BundleFile.write(BUNDLE, NODE, NODE_KEY);
    Set<Problem> seen = EnumSet.noneOf(Problem.class);

    for (int position = 0; position < file.length; position++) {
      for (int bit = 0; bit < 8; bit += 3) {
        byte[] altered = file.clone();
        altered[position] ^= (byte) (1 << bit);
        try {
          BundleFile.read(altered, trustedNodes(), 1);
          fail("bit %d of byte %d altered, and the file was accepted", bit, position);
        } catch (BundleException e) {
          assertThat(e.getMessage()).as("byte %d", position).isNotBlank().doesNotContain("\tat ");
          seen.add(e.problem());
        }
      }
    }

    assertThat(seen).contains(Problem.BAD_SIGNATURE, Problem.MALFORMED, Problem.TRUNCATED);
  }

  @Test
  void read_withTrailingBytes_isMalformed() {
    byte[] file = BundleFile.write(BUNDLE, NODE, NODE_KEY);
    byte[] longer = Arrays.copyOf(file, file.length + 1);

    assertThatThrownBy(() -> BundleFile.read(longer, trustedNodes(), 1))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
        .hasMessageContaining("unexpected bytes after the file");
  }

  @Test
  void read_withATaggedItem_isMalformedNamingTheFieldAndByte() {
    byte[] file = BundleFile.write(BUNDLE, NODE, NODE_KEY);
    byte[] tagged = new byte[file.length + 1];
    tagged[0] = file[0];
    tagged[1] = (byte) 0xc1; // tag 1 on the kind, the text string that follows
    System.arraycopy(file, 1, tagged, 2, file.length - 1);

    assertThatThrownBy(() -> BundleFile.read(tagged, trustedNodes(), 1))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
        .hasMessageStartingWith("The file is malformed: kind: expected a text string without a tag")
        .hasMessageEndingWith(" (at byte 3).");
  }

  @Test
  void read_withNoTrustedNodes_trustsNoSigner() {
    byte[] file = BundleFile.write(BUNDLE, NODE, NODE_KEY);
    Map<OrgId, Ed25519PublicKey> none = Map.of();

    assertProblem(() -> BundleFile.read(file, none, 1), Problem.UNKNOWN_SIGNER);
  }

  private interface Read {
    void run() throws BundleException;
  }

  private static void assertProblem(Read read, Problem problem) {
    try {
      read.run();
      fail("expected %s", problem);
    } catch (BundleException e) {
      assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
    }
  }
}
