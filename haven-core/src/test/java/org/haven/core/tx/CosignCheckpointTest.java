package org.haven.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.haven.core.checkpoint.NoteSignature;
import org.haven.core.checkpoint.NoteVerifier;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.checkpoint.Witness;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.ledger.TxResult;
import org.haven.core.testing.TestConsortium;
import org.junit.jupiter.api.Test;

/** The ledger's rules for members' cosignatures, and finality once a quorum cosigned. */
class CosignCheckpointTest {
  private final TestConsortium ledger = TestConsortium.withMembers(3);

  @Test
  void checkpointIsFinalOnceAQuorumOfMembersCosignedIt() {
    BlockCheckpoint checkpoint = checkpointAfterAnEnrolment();
    assertThat(ledger.state().checkpointQuorum()).isEqualTo(2);

    assertAccepted(ledger.commit(ledger.cosign(ledger.member(0), checkpoint)));
    assertThat(ledger.state().checkpoints().finalCheckpoint()).isEmpty();
    assertThat(ledger.state().finalCheckpointNote()).isEmpty();

    assertAccepted(ledger.commit(ledger.cosign(ledger.member(2), checkpoint)));
    assertThat(ledger.state().checkpoints().finalCheckpoint()).contains(checkpoint);
    SignedNote note = ledger.state().finalCheckpointNote().orElseThrow();
    assertThat(note.text()).isEqualTo(checkpoint.checkpoint(ledger.genesis().origin()).body());
    assertThat(note.verifiedSigners(memberVerifiers()))
        .containsExactlyInAnyOrder(verifier(ledger.member(0)), verifier(ledger.member(2)));

    assertAccepted(ledger.commit(ledger.cosign(ledger.member(1), checkpoint)));
    assertThat(
            ledger.state().finalCheckpointNote().orElseThrow().verifiedSigners(memberVerifiers()))
        .hasSize(3);
  }

  @Test
  void singleMemberLedgerIsFinalWithItsOwnCosignature() {
    TestConsortium alone = TestConsortium.withMembers(1);
    alone.commit(
        alone.sign(
            alone.admin(0),
            new EnrolOfficer(alone.anOfficer(Role.REGISTRAR).in("KE").unenrolled().officer())));
    BlockCheckpoint checkpoint = alone.headCheckpoint();

    assertAccepted(alone.commit(alone.cosign(alone.member(0), checkpoint)));

    assertThat(alone.state().checkpoints().finalCheckpoint()).contains(checkpoint);
  }

  @Test
  void rejectsCosignatureOfAnotherRootAtTheSameSizeAsDivergence() {
    BlockCheckpoint ours = checkpointAfterAnEnrolment();
    BlockCheckpoint forked =
        new BlockCheckpoint(
            ours.height(), ours.treeSize(), Hash.sha256(new byte[] {1}), ours.blockHash());

    Validation validation = ledger.validate(ledger.cosign(ledger.member(1), forked));

    assertRejected(validation, RejectReason.CHECKPOINT_DIVERGES);
    assertThat(((Validation.Rejected) validation).detail())
        .contains(ledger.member(1).value(), forked.root().toBase64(), ours.root().toBase64());
  }

  @Test
  void rejectsCosignatureBeyondThisLogAsDivergence() {
    BlockCheckpoint ours = checkpointAfterAnEnrolment();
    BlockCheckpoint longer =
        new BlockCheckpoint(
            ours.height() + 1, ours.treeSize() + 5, Hash.sha256(new byte[] {2}), ours.blockHash());

    assertRejected(
        ledger.validate(ledger.cosign(ledger.member(1), longer)), RejectReason.CHECKPOINT_DIVERGES);
  }

  @Test
  void rejectsASecondDifferentCosignatureAtOneSizeAsEquivocation() {
    BlockCheckpoint checkpoint = checkpointAfterAnEnrolment();
    assertAccepted(ledger.commit(ledger.cosign(ledger.member(0), checkpoint)));
    BlockCheckpoint otherBlock =
        new BlockCheckpoint(
            checkpoint.height(),
            checkpoint.treeSize(),
            checkpoint.root(),
            Hash.sha256(new byte[] {3}));

    Validation validation = ledger.validate(ledger.cosign(ledger.member(0), otherBlock));

    assertRejected(validation, RejectReason.EQUIVOCATION);
    assertThat(((Validation.Rejected) validation).detail())
        .contains(ledger.member(0).value(), "size " + checkpoint.treeSize());
    assertRejected(
        ledger.validate(ledger.cosign(ledger.member(0), checkpoint)), RejectReason.CONFLICT);
  }

  @Test
  void rejectsCosignatureOlderThanTheFinalCheckpoint() {
    BlockCheckpoint older = checkpointAfterAnEnrolment();
    BlockCheckpoint newer = checkpointAfterAnEnrolment();
    assertAccepted(ledger.commit(ledger.cosign(ledger.member(0), newer)));
    assertAccepted(ledger.commit(ledger.cosign(ledger.member(1), newer)));

    assertRejected(ledger.validate(ledger.cosign(ledger.member(2), older)), RejectReason.CONFLICT);
  }

  @Test
  void rejectsAnOlderCosignatureOfAnotherRootAsDivergence_notAsMerelyLate() {
    BlockCheckpoint older = checkpointAfterAnEnrolment();
    BlockCheckpoint newer = checkpointAfterAnEnrolment();
    assertAccepted(ledger.commit(ledger.cosign(ledger.member(0), newer)));
    assertAccepted(ledger.commit(ledger.cosign(ledger.member(1), newer)));
    BlockCheckpoint forkedOlder =
        new BlockCheckpoint(
            older.height(), older.treeSize(), Hash.sha256(new byte[] {4}), older.blockHash());

    assertRejected(
        ledger.validate(ledger.cosign(ledger.member(2), forkedOlder)),
        RejectReason.CHECKPOINT_DIVERGES);
  }

  @Test
  void rejectsCosignatureNotOverThisLedgersCheckpointText() {
    BlockCheckpoint checkpoint = checkpointAfterAnEnrolment();
    OrgId member = ledger.member(0);
    NoteSignature overOtherOrigin =
        ledger.nodeSigner(member).signature(checkpoint.checkpoint("haven.example/other").body());
    Transaction tx =
        CosignCheckpoint.transaction(
            new Witness.Cosigned(checkpoint, overOtherOrigin),
            ledger.nodeKey(member),
            ledger.chainId(),
            TestConsortium.GENESIS_MILLIS,
            ledger.headCheckpoint().root().toBytes().slice(0, TxBody.NONCE_SIZE));

    assertRejected(ledger.validate(tx), RejectReason.BAD_SIGNATURE);
  }

  @Test
  void rejectsCosignatureSignedWithAKeyOtherThanTheMembersNodeKey() {
    BlockCheckpoint checkpoint = checkpointAfterAnEnrolment();
    OrgId member = ledger.member(0);
    NoteSignature signature =
        ledger
            .nodeSigner(member)
            .signature(checkpoint.checkpoint(ledger.genesis().origin()).body());
    Transaction signedByAdminKey =
        CosignCheckpoint.transaction(
            new Witness.Cosigned(checkpoint, signature),
            ledger.admin(0).key(),
            ledger.chainId(),
            TestConsortium.GENESIS_MILLIS,
            checkpoint.root().toBytes().slice(0, TxBody.NONCE_SIZE));

    assertRejected(ledger.validate(signedByAdminKey), RejectReason.BAD_SIGNATURE);
  }

  private BlockCheckpoint checkpointAfterAnEnrolment() {
    assertAccepted(
        ledger.commit(
            ledger.sign(
                ledger.admin(0),
                new EnrolOfficer(
                    ledger
                        .anOfficer(Role.FIELD_AGENT)
                        .of(ledger.member(0))
                        .unenrolled()
                        .officer()))));
    return ledger.headCheckpoint();
  }

  private List<NoteVerifier> memberVerifiers() {
    return ledger.members().stream().map(this::verifier).toList();
  }

  private NoteVerifier verifier(OrgId member) {
    return ledger.nodeSigner(member).verifier();
  }

  private static void assertAccepted(List<TxResult> results) {
    assertThat(results).allSatisfy(result -> assertThat(result.validation().isAccepted()).isTrue());
  }

  private static void assertRejected(Validation validation, RejectReason reason) {
    assertThat(validation).isInstanceOf(Validation.Rejected.class);
    assertThat(((Validation.Rejected) validation).reason()).isEqualTo(reason);
  }
}
