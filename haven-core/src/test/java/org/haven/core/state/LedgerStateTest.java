package org.haven.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerStateTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final InMemoryState store = new InMemoryState();
  private final LedgerState state = new LedgerState(store);

  @ParameterizedTest(name = "{0} members, genesis says {1}: {2} approvals")
  @CsvSource({
    "1, 0, 1", "2, 0, 2", "3, 0, 2", "4, 0, 3", "5, 0, 3", "5, 1, 1", "5, 5, 5", "3, 4, 3"
  })
  void requiredApprovalsIsTheGenesisNumberOrAMajorityCappedAtTheMembers(
      int members, int configured, int required) {
    for (int i = 0; i < members; i++) {
      state.putOrganisation(member("org-" + i));
    }
    state.putGovernanceApprovals(configured);

    assertThat(state.requiredApprovals()).isEqualTo(required);
  }

  @Test
  void activeMemberCountFollowsAdmissionAndRemoval() {
    Organisation a = member("org-a");
    Organisation b = member("org-b");
    state.putOrganisation(a);
    state.putOrganisation(b);
    state.putOrganisation(a); // storing an active member again does not count it twice
    assertThat(state.activeMemberCount()).isEqualTo(2);

    state.putOrganisation(b.deactivated());
    state.putOrganisation(b.deactivated());

    assertThat(state.activeMemberCount()).isEqualTo(1);
    assertThat(state.organisation(b.id())).contains(b.deactivated());
  }

  @Test
  void replayIndexKeys_areTheTablePrefixThenTheIdOrTheNonceThenTheActor() {
    Hash txId = Hash.sha256(new byte[] {1, 2, 3});
    OfficerId actor = new OfficerId("ke-registry.border-7");
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);

    state.putTransactionIndex(txId, 7);
    state.putNonceIndex(actor, Bytes.of(nonce), 8);

    Bytes idKey = new CanonicalWriter().u8('T').fixed(txId.toBytes()).toBytes();
    Bytes nonceKey =
        new CanonicalWriter()
            .u8('U')
            .fixed(Bytes.of(nonce))
            .fixed(Bytes.of(actor.value().getBytes(StandardCharsets.UTF_8)))
            .toBytes();
    assertThat(store.get(idKey)).contains(new CanonicalWriter().u64(7).toBytes());
    assertThat(store.get(nonceKey)).contains(new CanonicalWriter().u64(8).toBytes());
    assertThat(store.size()).isEqualTo(2);
    assertThat(LedgerState.replayCheckKeys(txId, actor, Bytes.of(nonce)))
        .containsExactly(idKey, nonceKey);
    assertThat(state.nonceIndex(actor, Bytes.of(nonce))).contains(8L);
  }

  @Test
  void readOnlyViewRefusesWrites() {
    LedgerState view = LedgerState.readOnly(store);
    state.putOrganisation(member("org-a"));

    assertThat(view.organisation(new OrgId("org-a"))).isPresent();
    assertThatThrownBy(() -> view.putOrganisation(member("org-b")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void corruptStoredRecordIsReportedWithItsKey() {
    state.putOrganisation(member("org-a"));
    Bytes key = keyOfOrganisation("org-a");
    store.put(key, Bytes.fromHex("00"));

    assertThatThrownBy(() -> state.organisation(new OrgId("org-a")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is corrupt")
        .hasMessageContaining(key.toString());
  }

  /** Finds the key without knowing the layout: the one write of re-storing an active member. */
  private Bytes keyOfOrganisation(String id) {
    PendingWrites probe = new PendingWrites(store);
    new LedgerState(probe).putOrganisation(member(id));
    assertThat(probe.writes()).hasSize(1);
    return probe.writes().keySet().iterator().next();
  }

  private static Organisation member(String id) {
    return new Organisation(
        new OrgId(id),
        "Member " + id,
        new Jurisdiction("KE"),
        Ed25519PrivateKey.generate(RANDOM).publicKey(),
        Ed25519PrivateKey.generate(RANDOM).publicKey(),
        true);
  }
}
