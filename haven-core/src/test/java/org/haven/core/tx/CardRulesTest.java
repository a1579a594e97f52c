package org.haven.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.IssuerKey;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.KeyPurpose;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.core.ledger.TxResult;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.Evidence;
import org.haven.core.registry.IssuedCard;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.testing.TestConsortium;
import org.haven.core.testing.TestOfficer;
import org.haven.core.tx.DecideDeclaration.Decision;
import org.junit.jupiter.api.Test;

/**
 * The ledger's rules for cards and issuer keys, on every node: who records and revokes a card,
 * which key may sign one, and the issuer-key history with its intervals. Each rejection leaves the
 * state as it was: the block executor produces no block and no writes.
 */
class CardRulesTest {
  private final TestConsortium ledger = TestConsortium.withMembers(3);
  private final Random random = new Random(20261207);
  private final OrgId holder = ledger.member(0);
  private final TestOfficer agentKe = ledger.officer(Role.FIELD_AGENT, "KE");
  private final TestOfficer registrarKe = ledger.officer(Role.REGISTRAR, "KE");
  private final TestOfficer caseWorkerKe = ledger.officer(Role.CASE_WORKER, "KE");
  private final TestOfficer registrarUg =
      ledger.aRegistrar().of(ledger.member(1)).in("UG").enrolled();
  private final TestOfficer otherOrgRegistrarKe = grantedRegistrarOfAnotherOrganisationInKenya();

  /** A registrar of the second member in KE, which governance granted that member first. */
  private TestOfficer grantedRegistrarOfAnotherOrganisationInKenya() {
    ledger.grant(ledger.member(1), "KE");
    return ledger.aRegistrar().of(ledger.member(1)).in("KE").enrolled();
  }

  private Hash cardHash(String card) {
    return Hash.sha256(card.getBytes(StandardCharsets.UTF_8));
  }

  private Ed25519PublicKey currentIssuerKey(OrgId org) {
    return ledger.state().organisation(org).orElseThrow().issuerKey();
  }

  private ChildNumber registeredChild() {
    ChildNumber child = ChildNumber.generate(random);
    accept(
        agentKe,
        new DeclareChild(
            child,
            new Jurisdiction("KE"),
            cardHash("commitment " + child),
            List.of(),
            false,
            Evidence.BIRTH_NOTIFICATION,
            List.of()));
    accept(registrarKe, new DecideDeclaration(child, Decision.REGISTER, "birth notification"));
    return child;
  }

  private void accept(TestOfficer actor, Payload payload) {
    TxResult result = ledger.commit(ledger.sign(actor, payload)).get(0);
    assertThat(result.validation()).as(payload.toString()).isEqualTo(Validation.accepted());
  }

  private Validation.Rejected reject(Transaction tx) {
    TestConsortium.BlockRun run = ledger.propose(tx);
    assertThat(run.block()).as("no block for a rejected %s", tx.kind()).isEmpty();
    assertThat(run.pending().writes()).as("no writes for a rejected %s", tx.kind()).isEmpty();
    assertThat(run.results().get(0).validation()).isInstanceOf(Validation.Rejected.class);
    return (Validation.Rejected) run.results().get(0).validation();
  }

  private Validation.Rejected reject(TestOfficer actor, Payload payload) {
    return reject(ledger.sign(actor, payload));
  }

  private void governance(Payload change) {
    TxResult result = ledger.commit(ledger.governance(change, 2)).get(0);
    assertThat(result.validation()).as(change.toString()).isEqualTo(Validation.accepted());
  }

  /** A governance change signed by two members' admins with {@code createdAtMillis} as its time. */
  private Transaction governanceAt(long createdAtMillis, Payload change) {
    TestOfficer proposer = ledger.admin(0);
    TxBody body =
        new TxBody(proposer.id(), createdAtMillis, Bytes.of(new byte[TxBody.NONCE_SIZE]), change);
    return Transaction.sign(
        body, ledger.chainId(), List.of(proposer.signer(), ledger.admin(1).signer()));
  }

  // ---- ISSUE_CARD ----

  @Test
  void aRegistrarOfTheChildsJurisdictionAtTheHolder_recordsTheCardByItsHashOnly() {
    ChildNumber child = registeredChild();
    Hash card = cardHash("first card");

    accept(registrarKe, new IssueCard(child, card, currentIssuerKey(holder)));

    assertThat(ledger.state().registry().card(card))
        .contains(new IssuedCard(card, child, holder, currentIssuerKey(holder), false));
    assertThat(ledger.state().registry().cards(child))
        .extracting(IssuedCard::hash)
        .containsExactly(card);
  }

  @Test
  void rejectsCardIssuedByACaseWorker() {
    ChildNumber child = registeredChild();

    Validation.Rejected rejected =
        reject(caseWorkerKe, new IssueCard(child, cardHash("c"), currentIssuerKey(holder)));

    assertThat(rejected.reason()).isEqualTo(RejectReason.ROLE_NOT_PERMITTED);
    assertThat(rejected.detail()).contains("REGISTRAR", "CASE_WORKER");
  }

  @Test
  void rejectsCardIssuedByARegistrarOfAnotherJurisdiction() {
    ChildNumber child = registeredChild();

    Validation.Rejected rejected =
        reject(registrarUg, new IssueCard(child, cardHash("c"), currentIssuerKey(holder)));

    // Of another organisation too: the table names the organisation first (docs/authority.md).
    assertThat(rejected.reason()).isEqualTo(RejectReason.OUTSIDE_ORGANISATION);
    assertThat(rejected.detail()).contains(registrarUg.id().value(), "in UG", "(KE)");
  }

  @Test
  void rejectsCardIssuedByARegistrarOfTheJurisdictionAtAnotherOrganisation() {
    ChildNumber child = registeredChild();

    Validation.Rejected byOtherKey =
        reject(
            otherOrgRegistrarKe,
            new IssueCard(child, cardHash("c"), currentIssuerKey(ledger.member(1))));
    Validation.Rejected byHolderKey =
        reject(otherOrgRegistrarKe, new IssueCard(child, cardHash("c"), currentIssuerKey(holder)));

    assertThat(byOtherKey.reason()).isEqualTo(RejectReason.OUTSIDE_ORGANISATION);
    assertThat(byOtherKey.detail()).contains("holding the child's data");
    assertThat(byHolderKey.reason()).isEqualTo(RejectReason.OUTSIDE_ORGANISATION);
  }

  @Test
  void rejectsCardSignedWithAKeyThatIsNotTheHoldersCurrentIssuerKey() {
    ChildNumber child = registeredChild();
    Ed25519PublicKey retired = currentIssuerKey(holder);
    governance(new RotateMemberKey(holder, KeyPurpose.ISSUER, ledger.newKey().publicKey()));

    Validation.Rejected rejected =
        reject(registrarKe, new IssueCard(child, cardHash("c"), retired));

    assertThat(rejected.reason()).isEqualTo(RejectReason.CONFLICT);
    assertThat(rejected.detail()).contains("not the current issuer key");
  }

  @Test
  void rejectsCardOfAChildNotRegistered_andACardHashRecordedBefore() {
    ChildNumber child = registeredChild();
    accept(registrarKe, new IssueCard(child, cardHash("once"), currentIssuerKey(holder)));
    accept(registrarKe, new ChangeChildStatus(child, ChildStatus.SUSPENDED, "court order"));

    assertThat(
            reject(registrarKe, new IssueCard(child, cardHash("twice"), currentIssuerKey(holder)))
                .detail())
        .contains("SUSPENDED");
    ChildNumber other = registeredChild();
    assertThat(
            reject(registrarKe, new IssueCard(other, cardHash("once"), currentIssuerKey(holder)))
                .reason())
        .isEqualTo(RejectReason.CONFLICT);
  }

  // ---- REVOKE_CARD ----

  @Test
  void aRevokedCard_isMarked_andTheChildStaysRegistered() {
    ChildNumber child = registeredChild();
    Hash lost = cardHash("lost");
    accept(registrarKe, new IssueCard(child, lost, currentIssuerKey(holder)));

    accept(registrarKe, new RevokeCard(child, lost, "reported lost by the mother"));

    assertThat(ledger.state().registry().card(lost).orElseThrow().revoked()).isTrue();
    assertThat(ledger.state().registry().child(child).orElseThrow().status())
        .isEqualTo(ChildStatus.REGISTERED);
    assertThat(reject(registrarKe, new RevokeCard(child, lost, "again")).reason())
        .isEqualTo(RejectReason.CONFLICT);
  }

  @Test
  void rejectsRevokingAnotherOrganisationsCard_aCardOfAnotherChild_andAnUnknownCard() {
    ChildNumber child = registeredChild();
    ChildNumber sibling = registeredChild();
    Hash card = cardHash("card");
    accept(registrarKe, new IssueCard(child, card, currentIssuerKey(holder)));

    assertThat(reject(otherOrgRegistrarKe, new RevokeCard(child, card, "stolen")).reason())
        .isEqualTo(RejectReason.OUTSIDE_ORGANISATION);
    assertThat(reject(caseWorkerKe, new RevokeCard(child, card, "stolen")).reason())
        .isEqualTo(RejectReason.ROLE_NOT_PERMITTED);
    assertThat(reject(registrarKe, new RevokeCard(sibling, card, "stolen")).reason())
        .isEqualTo(RejectReason.NOT_FOUND);
    assertThat(reject(registrarKe, new RevokeCard(child, cardHash("never"), "stolen")).reason())
        .isEqualTo(RejectReason.NOT_FOUND);
  }

  // ---- issuer keys ----

  @Test
  void genesisStartsEachIssuerKeyAtTheGenesisTime_andARotationRetiresItAtTheRotationsTime() {
    long founded = ledger.genesis().createdAtMillis();
    Ed25519PublicKey first = currentIssuerKey(holder);
    assertThat(ledger.state().issuerKeys(holder))
        .containsExactly(IssuerKey.current(first, founded));
    Ed25519PublicKey second = ledger.newKey().publicKey();
    long rotatedAt = founded + 86_400_000L;

    ledger.commit(governanceAt(rotatedAt, new RotateMemberKey(holder, KeyPurpose.ISSUER, second)));

    assertThat(ledger.state().issuerKeys(holder))
        .containsExactly(
            new IssuerKey(first, founded, Optional.of(rotatedAt), false),
            IssuerKey.current(second, rotatedAt));
  }

  @Test
  void aRotationTimedBeforeTheCurrentKeysStart_takesEffectJustAfterIt() {
    long founded = ledger.genesis().createdAtMillis();
    Ed25519PublicKey next = ledger.newKey().publicKey();

    ledger.commit(
        governanceAt(founded - 3_600_000L, new RotateMemberKey(holder, KeyPurpose.ISSUER, next)));

    assertThat(ledger.state().issuerKeys(holder).get(1))
        .isEqualTo(IssuerKey.current(next, founded + 1));
    assertThat(ledger.state().issuerKeys(holder).get(0).validUntilMillis()).contains(founded + 1);
  }

  @Test
  void rejectsRotatingBackToARetiredIssuerKey() {
    Ed25519PublicKey first = currentIssuerKey(holder);
    governance(new RotateMemberKey(holder, KeyPurpose.ISSUER, ledger.newKey().publicKey()));

    Validation.Rejected rejected =
        reject(ledger.governance(new RotateMemberKey(holder, KeyPurpose.ISSUER, first), 2));

    assertThat(rejected.reason()).isEqualTo(RejectReason.CONFLICT);
    assertThat(rejected.detail()).contains("never comes back");
  }

  @Test
  void aCompromisedKey_isFlagged_andRecordsNoNewCard_untilTheMemberRotates() {
    ChildNumber child = registeredChild();
    Ed25519PublicKey stolen = currentIssuerKey(holder);
    accept(registrarKe, new IssueCard(child, cardHash("before"), stolen));

    governance(new RevokeIssuerKey(holder, stolen));

    assertThat(ledger.state().issuerKeys(holder).get(0).compromised()).isTrue();
    Validation.Rejected after =
        reject(registrarKe, new IssueCard(child, cardHash("after"), stolen));
    assertThat(after.reason()).isEqualTo(RejectReason.CONFLICT);
    assertThat(after.detail()).contains("compromised");
    Ed25519PublicKey replacement = ledger.newKey().publicKey();
    governance(new RotateMemberKey(holder, KeyPurpose.ISSUER, replacement));
    accept(registrarKe, new IssueCard(child, cardHash("after rotation"), replacement));
  }

  @Test
  void rejectsReportingAKeyTheMemberNeverHad_orOneAlreadyReported() {
    assertThat(
            reject(
                    ledger.governance(
                        new RevokeIssuerKey(holder, currentIssuerKey(ledger.member(1))), 2))
                .reason())
        .isEqualTo(RejectReason.NOT_FOUND);
    governance(new RevokeIssuerKey(holder, currentIssuerKey(holder)));
    assertThat(
            reject(ledger.governance(new RevokeIssuerKey(holder, currentIssuerKey(holder)), 2))
                .reason())
        .isEqualTo(RejectReason.CONFLICT);
  }

  @Test
  void reportingAKeyCompromised_needsTheGovernanceQuorum() {
    Validation.Rejected rejected =
        reject(ledger.governance(new RevokeIssuerKey(holder, currentIssuerKey(holder)), 1));

    assertThat(rejected.reason()).isEqualTo(RejectReason.INSUFFICIENT_APPROVALS);
  }
}
