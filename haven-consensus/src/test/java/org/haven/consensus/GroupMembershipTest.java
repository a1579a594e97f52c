package org.haven.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.haven.core.testing.TestConsortium;
import org.haven.core.testing.TestConsortium.NewMember;
import org.haven.core.tx.RemoveMember;
import org.junit.jupiter.api.Test;

/** The Raft group the ledger's members call for. */
class GroupMembershipTest {
  private final TestConsortium ledger = TestConsortium.withMembers(3);

  private final List<RaftNode.Peer> founders =
      List.of(
          new RaftNode.Peer(ledger.member(0).value(), "10.0.0.1:9860"),
          new RaftNode.Peer(ledger.member(1).value(), "10.0.0.2:9860"),
          new RaftNode.Peer(ledger.member(2).value(), "10.0.0.3:9860"));

  @Test
  void theFoundersGroupStaysAsItIs() {
    assertThat(GroupMembership.desired(founders, ledger.state()))
        .containsExactlyInAnyOrderElementsOf(founders);
  }

  @Test
  void anAdmittedMembersNodeJoinsAtTheAddressItsAdmissionNames() {
    NewMember candidate = ledger.aNewMember("org-new");
    ledger.commit(ledger.governance(candidate.admission(), 2));

    assertThat(GroupMembership.desired(founders, ledger.state()))
        .containsExactlyInAnyOrder(
            founders.get(0),
            founders.get(1),
            founders.get(2),
            new RaftNode.Peer("org-new", candidate.raftAddress()));
  }

  @Test
  void aRemovedMembersNodeLeaves_andPeersNamingNoMemberStay() {
    ledger.commit(ledger.governance(new RemoveMember(ledger.member(2), "left"), 2));
    RaftNode.Peer unnamed = new RaftNode.Peer("observer-1", "10.0.0.9:9860");
    List<RaftNode.Peer> current =
        List.of(founders.get(0), founders.get(1), founders.get(2), unnamed);

    assertThat(GroupMembership.desired(current, ledger.state()))
        .containsExactlyInAnyOrder(founders.get(0), founders.get(1), unnamed);
  }

  @Test
  void aRemovedMemberIsNotAddedBackFromItsAdmission() {
    NewMember candidate = ledger.aNewMember("org-new");
    ledger.commit(ledger.governance(candidate.admission(), 2));
    ledger.commit(ledger.governance(new RemoveMember(candidate.organisation().id(), "left"), 3));

    assertThat(GroupMembership.desired(founders, ledger.state()))
        .containsExactlyInAnyOrderElementsOf(founders);
  }
}
