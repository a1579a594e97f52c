package org.haven.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.KeyPurpose;
import org.haven.core.identity.OrgId;
import org.haven.core.ledger.TxResult;
import org.haven.core.testing.TestConsortium;
import org.haven.core.testing.TestConsortium.BlockRun;
import org.haven.core.testing.TestConsortium.NewMember;
import org.haven.core.testing.TestOfficer;
import org.junit.jupiter.api.Test;

/**
 * Governance by proposal and endorsement: admins of different members approve one change from their
 * own nodes, and the change applies under its own rules once the quorum of members is reached.
 */
class GovernanceProposalTest {
  private final TestConsortium ledger = TestConsortium.withMembers(3);

  @Test
  void proposalWaitsForTheQuorumThenApplies() {
    RotateMemberKey rotation = rotationOf(2);
    Transaction proposal = ledger.sign(ledger.admin(0), new ProposeGovernance(rotation));

    assertAccepted(ledger.commit(proposal));
    assertThat(nodeKeyOf(2)).isNotEqualTo(rotation.newKey());
    GovernanceProposal open = proposal(proposal.id());
    assertThat(open.applied()).isFalse();
    assertThat(open.approvals()).containsExactly(ledger.member(0));
    assertThat(open.proposedBy()).isEqualTo(ledger.admin(0).id());

    assertAccepted(ledger.commit(endorse(1, proposal.id())));

    assertThat(nodeKeyOf(2)).isEqualTo(rotation.newKey());
    GovernanceProposal applied = proposal(proposal.id());
    assertThat(applied.applied()).isTrue();
    assertThat(applied.approvals()).containsExactly(ledger.member(0), ledger.member(1));
  }

  @Test
  void aConsortiumOfOneAppliesTheProposalAtOnce() {
    TestConsortium alone = TestConsortium.withMembers(1);
    NewMember candidate = alone.aNewMember("org-new");

    Transaction proposal = alone.sign(alone.admin(0), new ProposeGovernance(candidate.admission()));

    assertThat(alone.commit(proposal)).singleElement().matches(TxResult::accepted);
    assertThat(alone.state().activeMemberCount()).isEqualTo(2);
    assertThat(GovernanceProposal.find(alone.state(), proposal.id()).orElseThrow().applied())
        .isTrue();
  }

  @Test
  void honoursTheApprovalCountSetInGenesis() {
    TestConsortium unanimous = TestConsortium.aConsortium().requiringApprovals(3).build();
    SetConsentRule rule = new SetConsentRule(new Jurisdiction("KE"), 2, "both parents");
    Transaction proposal = unanimous.sign(unanimous.admin(0), new ProposeGovernance(rule));
    assertAccepted(unanimous.commit(proposal));

    assertAccepted(
        unanimous.commit(unanimous.sign(unanimous.admin(1), new EndorseProposal(proposal.id()))));
    assertThat(unanimous.state().registry().consentGuardians(new Jurisdiction("KE"))).isEqualTo(1);

    assertAccepted(
        unanimous.commit(unanimous.sign(unanimous.admin(2), new EndorseProposal(proposal.id()))));
    assertThat(unanimous.state().registry().consentGuardians(new Jurisdiction("KE"))).isEqualTo(2);
  }

  @Test
  void rejectsProposalByNonAdmin() {
    TestOfficer registrar = ledger.aRegistrar().enrolled();

    assertRejected(
        ledger.sign(registrar, new ProposeGovernance(rotationOf(2))),
        RejectReason.ROLE_NOT_PERMITTED);
  }

  @Test
  void rejectsProposalTheChangesOwnRulesRefuse() {
    RemoveMember stranger = new RemoveMember(new OrgId("org-z"), "typo");

    assertRejected(
        ledger.sign(ledger.admin(0), new ProposeGovernance(stranger)), RejectReason.NOT_FOUND);
  }

  @Test
  void rejectsANonGovernanceChange() {
    TestOfficer registrar = ledger.aRegistrar().unenrolled();

    assertThatThrownBy(() -> new ProposeGovernance(new EnrolOfficer(registrar.officer())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ENROL_OFFICER is not a governance change");
  }

  @Test
  void rejectsEndorsementOfAnUnknownProposal() {
    assertRejected(endorse(1, Hash.sha256(new byte[] {1})), RejectReason.NOT_FOUND);
  }

  @Test
  void rejectsASecondApprovalFromTheSameMember() {
    Transaction proposal = ledger.sign(ledger.admin(0), new ProposeGovernance(rotationOf(2)));
    assertAccepted(ledger.commit(proposal));
    TestOfficer secondAdminOfA = ledger.anAdmin().of(ledger.member(0)).enrolled();

    assertRejected(
        ledger.sign(secondAdminOfA, new EndorseProposal(proposal.id())), RejectReason.CONFLICT);
    assertThat(proposal(proposal.id()).applied()).isFalse();
  }

  @Test
  void rejectsEndorsementByNonAdmin() {
    Transaction proposal = ledger.sign(ledger.admin(0), new ProposeGovernance(rotationOf(2)));
    assertAccepted(ledger.commit(proposal));
    TestOfficer registrarOfB = ledger.aRegistrar().of(ledger.member(1)).enrolled();

    assertRejected(
        ledger.sign(registrarOfB, new EndorseProposal(proposal.id())),
        RejectReason.ROLE_NOT_PERMITTED);
  }

  @Test
  void rejectsEndorsementOfAnAppliedProposal() {
    Transaction proposal = ledger.sign(ledger.admin(0), new ProposeGovernance(rotationOf(2)));
    assertAccepted(ledger.commit(proposal));
    assertAccepted(ledger.commit(endorse(1, proposal.id())));

    assertRejected(endorse(2, proposal.id()), RejectReason.CONFLICT);
  }

  @Test
  void rejectsTheDecidingEndorsementWhenTheChangeNoLongerApplies() {
    Transaction first = ledger.sign(ledger.admin(0), new ProposeGovernance(removalOf(2)));
    Transaction second = ledger.sign(ledger.admin(1), new ProposeGovernance(removalOf(2)));
    assertAccepted(ledger.commit(first));
    assertAccepted(ledger.commit(second));
    assertAccepted(ledger.commit(endorse(1, first.id())));
    assertThat(ledger.state().organisation(ledger.member(2)).orElseThrow().active()).isFalse();

    Validation.Rejected rejected = assertRejected(endorse(0, second.id()), RejectReason.NOT_FOUND);

    assertThat(rejected.detail()).startsWith("the proposed change cannot apply now");
    assertThat(proposal(second.id()).applied()).isFalse();
  }

  @Test
  void proposalsSurviveTheEncodingOfTheirChange() {
    NewMember candidate = ledger.aNewMember("org-new");
    for (Payload change :
        List.of(
            candidate.admission(),
            removalOf(2),
            rotationOf(1),
            new SetConsentRule(new Jurisdiction("UG"), 2, "law of 2025"))) {
      Transaction proposal = ledger.sign(ledger.admin(0), new ProposeGovernance(change));
      assertAccepted(ledger.commit(proposal));

      assertThat(proposal(proposal.id()).change()).isEqualTo(change);
    }
  }

  private GovernanceProposal proposal(Hash id) {
    return GovernanceProposal.find(ledger.state(), id).orElseThrow();
  }

  private Transaction endorse(int member, Hash proposal) {
    return ledger.sign(ledger.admin(member), new EndorseProposal(proposal));
  }

  private RotateMemberKey rotationOf(int member) {
    return new RotateMemberKey(ledger.member(member), KeyPurpose.NODE, ledger.newKey().publicKey());
  }

  private RemoveMember removalOf(int member) {
    return new RemoveMember(ledger.member(member), "left the consortium");
  }

  private Ed25519PublicKey nodeKeyOf(int member) {
    return ledger.state().organisation(ledger.member(member)).orElseThrow().nodeKey();
  }

  private static void assertAccepted(List<TxResult> results) {
    assertThat(results)
        .singleElement()
        .satisfies(r -> assertThat(r.accepted()).as("%s", r).isTrue());
  }

  private Validation.Rejected assertRejected(Transaction tx, RejectReason reason) {
    Validation validation = ledger.validate(tx);
    assertThat(validation)
        .isInstanceOfSatisfying(
            Validation.Rejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
    BlockRun run = ledger.propose(tx);
    assertThat(run.block()).isEmpty();
    assertThat(run.writes()).isEmpty();
    return (Validation.Rejected) validation;
  }
}
