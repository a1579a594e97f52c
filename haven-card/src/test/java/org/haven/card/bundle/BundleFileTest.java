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
import static org.haven.card.bundle.BundleFixtures.attestation;
import static org.haven.card.bundle.BundleFixtures.attested;
import static org.haven.card.bundle.BundleFixtures.attestedDelta;
import static org.haven.card.bundle.BundleFixtures.checkpoint;
import static org.haven.card.bundle.BundleFixtures.checkpointSignedBy;
import static org.haven.card.bundle.BundleFixtures.child;
import static org.haven.card.bundle.BundleFixtures.key;
import static org.haven.card.bundle.BundleFixtures.trust;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.haven.card.bundle.BundleException.Problem;
import org.haven.core.checkpoint.NoteSigner;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AlertPriority;
import org.haven.core.state.BundleAttestations;
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
    byte[] file = attested(BUNDLE, NODE, NODE_KEY);

    VerifierBundle read = BundleFile.read(file, trust(1));

    assertThat(read.encode()).isEqualTo(BUNDLE.encode());
    assertThat(read.isRevoked(ISSUER, 42)).isTrue();
    assertThat(read.alert(child(1))).isPresent();
    assertThat(read.consentActive(Hash.sha256(new byte[] {9}), LocalDate.parse("2025-08-01")))
        .isTrue();
  }

  @Test
  void read_fromDisk_andAMissingFileIsUnreadable(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("bundle.cbor");
    Files.write(file, attested(BUNDLE, OTHER_NODE, OTHER_NODE_KEY));

    assertThat(BundleFile.read(file, trust(1)).encode()).isEqualTo(BUNDLE.encode());
    assertThatThrownBy(() -> BundleFile.read(directory.resolve("absent.cbor"), trust(1)))
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

    assertProblem(() -> BundleFile.read(file, trust(1)), Problem.TOO_LARGE);
  }

  @Test
  void read_attestedWithAnotherKeyUnderTheMembersName_isABadSignature() {
    byte[] file = attested(BUNDLE, NODE, OTHER_NODE_KEY);

    assertThatThrownBy(() -> BundleFile.read(file, trust(1)))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.BAD_SIGNATURE))
        .hasMessage(
            "The attestation by node-ke does not verify: the content was altered after the"
                + " members attested it, or it is another ledger's.");
  }

  @Test
  void read_attestedByANodeTheDeviceDoesNotTrust_isNotAttested() {
    byte[] file = attested(BUNDLE, new OrgId("node-xx"), key("node-xx"));

    assertThatThrownBy(() -> BundleFile.read(file, trust(1)))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ATTESTED))
        .hasMessageContaining("attested by 0 trusted member node(s), but 1 must attest it");
  }

  @Test
  void read_aBundleAlteredAfterTheMembersAttestedIt_isRefused() {
    // A member node adds an issuer key for another member to a bundle both members attested.
    VerifierBundle forged =
        aBundle()
            .issuer(OTHER_NODE, key("forged issuer key").publicKey(), BundleFixtures.ISSUER_FROM)
            .revoked(ISSUER, 42)
            .alert(child(1), AlertPriority.HIGH, "Child Protection Desk, Namanga")
            .consent(Hash.sha256(new byte[] {9}), LocalDate.parse("2025-08-01"))
            .build();
    byte[] file =
        BundleFile.write(
            forged,
            List.of(
                attestation(BUNDLE.contentDigest(), NODE, NODE_KEY),
                attestation(BUNDLE.contentDigest(), OTHER_NODE, OTHER_NODE_KEY)));

    assertThatThrownBy(() -> BundleFile.read(file, trust(2)))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.BAD_SIGNATURE))
        .hasMessageContaining("the content was altered after the members attested it");
  }

  @Test
  void read_aBundleAttestedByOneMemberOnly_isRefused_andByTheQuorumIsAccepted()
      throws BundleException {
    // One member drops an alert and attests the result alone.
    SignedNote cosigned = cosignedByBoth(100);
    VerifierBundle honest =
        VerifierBundle.builder(BundleFixtures.SALT, 1, BundleFixtures.CREATED, cosigned)
            .alert(child(1), AlertPriority.HIGH, "Child Protection Desk, Namanga")
            .build();
    VerifierBundle withoutAlert =
        VerifierBundle.builder(BundleFixtures.SALT, 1, BundleFixtures.CREATED, cosigned).build();
    byte[] alone = attested(withoutAlert, NODE, NODE_KEY);

    assertThatThrownBy(() -> BundleFile.read(alone, trust(2)))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ATTESTED))
        .hasMessage(
            "The content is attested by 1 trusted member node(s) (node-ke), but 2 must attest it:"
                + " one member alone cannot vouch for a bundle. Download it again once the"
                + " members have attested it.");
    assertThat(BundleFile.read(attestedByBoth(honest), trust(2)).alert(child(1))).isPresent();
  }

  @Test
  void read_oneMembersAttestationTwice_countsOnce() {
    BundleAttestations.Signed once = attestation(BUNDLE.contentDigest(), NODE, NODE_KEY);
    byte[] file = BundleFile.write(BUNDLE, List.of(once, once));

    assertProblem(() -> BundleFile.read(file, trust(2)), Problem.NOT_ATTESTED);
  }

  @Test
  void read_anotherLedgersAttestation_isABadSignature() {
    byte[] file = attested(BUNDLE, NODE, NODE_KEY);
    LedgerTrust otherLedger =
        new LedgerTrust("haven.example/other-ledger", BundleFixtures.trustedNodes(), 1);

    assertProblem(() -> BundleFile.read(file, otherLedger), Problem.BAD_SIGNATURE);
  }

  @Test
  void read_aCheckpointOlderThanTheBundlesVersion_isRefused() {
    VerifierBundle ahead =
        VerifierBundle.builder(BundleFixtures.SALT, 101, BundleFixtures.CREATED, checkpoint(100))
            .build();

    assertThatThrownBy(() -> BundleFile.read(attested(ahead, NODE, NODE_KEY), trust(1)))
        .isInstanceOfSatisfying(
            BundleException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.CHECKPOINT_NOT_TRUSTED))
        .hasMessageContaining("older than the bundle's version 101");
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
    byte[] file = attested(bundle, NODE, NODE_KEY);

    assertProblem(() -> BundleFile.read(file, trust(1)), Problem.CHECKPOINT_NOT_TRUSTED);
  }

  @Test
  void read_aCheckpointCosignedByFewerThanTheQuorum_isRefused_andByTheQuorumIsAccepted()
      throws BundleException {
    SignedNote one = checkpoint(100);
    SignedNote two = cosignedByBoth(100);
    byte[] signedByOne =
        attestedByBoth(
            VerifierBundle.builder(BundleFixtures.SALT, 1, BundleFixtures.CREATED, one).build());
    byte[] signedByTwo =
        attestedByBoth(
            VerifierBundle.builder(BundleFixtures.SALT, 1, BundleFixtures.CREATED, two).build());

    assertThatThrownBy(() -> BundleFile.read(signedByOne, trust(2)))
        .isInstanceOfSatisfying(
            BundleException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.CHECKPOINT_NOT_TRUSTED))
        .hasMessageContaining("signed by 1 trusted member node(s), but 2 must cosign");
    assertThat(BundleFile.read(signedByTwo, trust(2)).checkpointNote()).isEqualTo(two);
  }

  @Test
  void read_aCheckpointWithAnInvalidSignatureByATrustedNode_isRefusedEvenBesideAValidOne() {
    SignedNote good = checkpoint(100);
    SignedNote forged =
        good.withSignature(
            new NoteSigner(OTHER_NODE.value(), OTHER_NODE_KEY).signature(checkpoint(101).text()));
    VerifierBundle bundle =
        VerifierBundle.builder(BundleFixtures.SALT, 1, BundleFixtures.CREATED, forged).build();
    byte[] file = attested(bundle, NODE, NODE_KEY);

    assertThatThrownBy(() -> BundleFile.read(file, trust(1)))
        .hasMessageContaining("invalid signature by a trusted member node");
  }

  @Test
  void readDelta_resultAttestedByOneMemberOnly_isRefused_andAnotherResultDoesNotApply()
      throws BundleException {
    SignedNote cosigned = cosignedByBoth(101);
    VerifierBundle base = BundleFile.read(attestedByBoth(BUNDLE), trust(1));
    VerifierBundle next =
        VerifierBundle.builder(BundleFixtures.SALT, 2, BundleFixtures.CREATED, cosigned)
            .issuer(ISSUER, BundleFixtures.ISSUER_KEY.publicKey(), BundleFixtures.ISSUER_FROM)
            .alert(child(1), AlertPriority.HIGH, "Child Protection Desk, Namanga")
            .build();
    // One member makes a delta that drops the alert, and attests its result alone.
    VerifierBundle withoutAlert =
        VerifierBundle.builder(BundleFixtures.SALT, 2, BundleFixtures.CREATED, cosigned)
            .issuer(ISSUER, BundleFixtures.ISSUER_KEY.publicKey(), BundleFixtures.ISSUER_FROM)
            .build();
    byte[] alone = attestedDelta(BundleDelta.between(base, withoutAlert), NODE, NODE_KEY);
    // The delta to the other result, under the quorum's attestations of the honest result.
    byte[] borrowed =
        BundleFile.writeDelta(
            BundleDelta.between(base, withoutAlert),
            List.of(
                attestation(next.contentDigest(), NODE, NODE_KEY),
                attestation(next.contentDigest(), OTHER_NODE, OTHER_NODE_KEY)));
    byte[] honest =
        BundleFile.writeDelta(
            BundleDelta.between(base, next),
            List.of(
                attestation(next.contentDigest(), NODE, NODE_KEY),
                attestation(next.contentDigest(), OTHER_NODE, OTHER_NODE_KEY)));

    assertProblem(() -> BundleFile.readDelta(alone, trust(2)), Problem.NOT_ATTESTED);
    assertProblem(() -> BundleFile.readDelta(borrowed, trust(2)), Problem.BAD_SIGNATURE);
    assertThat(BundleDelta.apply(base, BundleFile.readDelta(honest, trust(2))).alert(child(1)))
        .isPresent();
  }

  @Test
  void read_aDelta_isTheWrongKind_andReadDeltaOfABundleToo() {
    VerifierBundle next =
        VerifierBundle.builder(BundleFixtures.SALT, 2, BundleFixtures.CREATED, checkpoint(101))
            .issuer(ISSUER, BundleFixtures.ISSUER_KEY.publicKey(), BundleFixtures.ISSUER_FROM)
            .build();
    byte[] delta = attestedDelta(BundleDelta.between(BUNDLE, next), NODE, NODE_KEY);
    byte[] full = attested(BUNDLE, NODE, NODE_KEY);

    assertThatThrownBy(() -> BundleFile.read(delta, trust(1)))
        .hasMessage("The file is a delta, not a full bundle.");
    assertThatThrownBy(() -> BundleFile.readDelta(full, trust(1)))
        .hasMessage("The file is a full bundle, not a delta.");
  }

  @Test
  void read_cutShortAtAnyByte_isTruncated() {
    byte[] file = attested(BUNDLE, NODE, NODE_KEY);

    for (int length = 0; length < file.length; length++) {
      byte[] cut = Arrays.copyOf(file, length);
      assertProblem(() -> BundleFile.read(cut, trust(1)), Problem.TRUNCATED);
    }
  }

  @Test
  void read_withAnyOneByteAltered_isRefused_orGivesTheAttestedContent() {
    byte[] file = attested(BUNDLE, NODE, NODE_KEY);
    Set<Problem> seen = EnumSet.noneOf(Problem.class);
    int sameContent = 0;

    for (int position = 0; position < file.length; position++) {
      for (int bit = 0; bit < 8; bit += 3) {
        byte[] altered = file.clone();
        altered[position] ^= (byte) (1 << bit);
        try {
          // The members attest the content, not the compressed bytes: a gzip header field or
          // DEFLATE detail may change without changing it, and then the bundle is the same one.
          assertThat(BundleFile.read(altered, trust(1)).contentDigest())
              .as("bit %d of byte %d altered, and the file was accepted", bit, position)
              .isEqualTo(BUNDLE.contentDigest());
          sameContent++;
        } catch (BundleException e) {
          assertThat(e.getMessage()).as("byte %d", position).isNotBlank().doesNotContain("\tat ");
          seen.add(e.problem());
        }
      }
    }

    assertThat(seen)
        .contains(
            Problem.BAD_SIGNATURE,
            Problem.NOT_ATTESTED,
            Problem.CHECKPOINT_NOT_TRUSTED,
            Problem.MALFORMED,
            Problem.TRUNCATED);
    assertThat(sameContent).as("alterations that keep the content").isLessThan(file.length / 10);
  }

  @Test
  void read_withTrailingBytes_isMalformed() {
    byte[] file = attested(BUNDLE, NODE, NODE_KEY);
    byte[] longer = Arrays.copyOf(file, file.length + 1);

    assertThatThrownBy(() -> BundleFile.read(longer, trust(1)))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
        .hasMessageContaining("unexpected bytes after the file");
  }

  @Test
  void read_withATaggedItem_isMalformedNamingTheFieldAndByte() {
    byte[] file = attested(BUNDLE, NODE, NODE_KEY);
    byte[] tagged = new byte[file.length + 1];
    tagged[0] = file[0];
    tagged[1] = (byte) 0xc1; // tag 1 on the kind, the text string that follows
    System.arraycopy(file, 1, tagged, 2, file.length - 1);

    assertThatThrownBy(() -> BundleFile.read(tagged, trust(1)))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
        .hasMessageStartingWith("The file is malformed: kind: expected a text string without a tag")
        .hasMessageEndingWith(" (at byte 3).");
  }

  @Test
  void read_byADeviceThatTrustsOnlyTheOtherNode_countsNoAttestation() {
    byte[] file = attested(BUNDLE, NODE, NODE_KEY);
    LedgerTrust onlyOther =
        new LedgerTrust(BundleFixtures.ORIGIN, Map.of(OTHER_NODE, OTHER_NODE_KEY.publicKey()), 1);

    assertProblem(() -> BundleFile.read(file, onlyOther), Problem.NOT_ATTESTED);
  }

  /** The checkpoint at {@code treeSize}, cosigned by both trusted nodes. */
  private static SignedNote cosignedByBoth(long treeSize) {
    return checkpoint(treeSize)
        .withSignature(
            new NoteSigner(OTHER_NODE.value(), OTHER_NODE_KEY)
                .signature(checkpoint(treeSize).text()));
  }

  private static byte[] attestedByBoth(VerifierBundle bundle) {
    return BundleFile.write(
        bundle,
        List.of(
            attestation(bundle.contentDigest(), NODE, NODE_KEY),
            attestation(bundle.contentDigest(), OTHER_NODE, OTHER_NODE_KEY)));
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
