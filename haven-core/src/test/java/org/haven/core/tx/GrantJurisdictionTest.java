package org.haven.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OrgId;
import org.haven.core.ledger.TxResult;
import org.haven.core.testing.TestConsortium;
import org.haven.core.testing.TestConsortium.BlockRun;
import org.haven.core.testing.TestOfficer;
import org.junit.jupiter.api.Test;

/**
 * Jurisdictions belong to organisations: a member's admin enrols officers only for its own country
 * and the jurisdictions governance granted it.
 */
class GrantJurisdictionTest {
  private static final Jurisdiction KE = new Jurisdiction("KE");

  private final TestConsortium ledger = TestConsortium.withMembers(3);
  private final OrgId ugandan = ledger.member(1);

  private Validation.Rejected rejected(Transaction tx) {
    BlockRun run = ledger.propose(tx);
    assertThat(run.block()).isEmpty();
    assertThat(run.pending().writes()).isEmpty();
    return (Validation.Rejected) run.results().get(0).validation();
  }

  private Transaction kenyanRegistrarEnrolledBy(OrgId org) {
    TestOfficer registrar = ledger.aRegistrar().of(org).in("KE").unenrolled();
    return ledger.sign(ledger.admin(org), new EnrolOfficer(registrar.officer()));
  }

  private Transaction grant(OrgId org, Jurisdiction where, boolean granted) {
    return ledger.governance(
        new GrantJurisdiction(org, where, granted, "regional office"),
        ledger.state().requiredApprovals());
  }

  @Test
  void rejectsEnrolmentOutsideTheOrganisationsCountry() {
    Validation.Rejected refusal = rejected(kenyanRegistrarEnrolledBy(ugandan));

    assertThat(refusal.reason()).isEqualTo(RejectReason.OUTSIDE_JURISDICTION);
    assertThat(refusal.detail())
        .contains("may not enrol officers", "approved for that organisation (UG; not KE)");
  }

  @Test
  void acceptsEnrolmentInAGrantedJurisdictionUntilTheGrantIsWithdrawn() {
    assertThat(ledger.commit(grant(ugandan, KE, true))).singleElement().matches(TxResult::accepted);
    assertThat(ledger.state().grantedJurisdictions(ugandan)).containsExactly(KE);

    assertThat(ledger.commit(kenyanRegistrarEnrolledBy(ugandan)))
        .singleElement()
        .matches(TxResult::accepted);

    assertThat(ledger.commit(grant(ugandan, KE, false)))
        .singleElement()
        .matches(TxResult::accepted);
    assertThat(rejected(kenyanRegistrarEnrolledBy(ugandan)).reason())
        .isEqualTo(RejectReason.OUTSIDE_JURISDICTION);
  }

  @Test
  void oneMemberAloneCannotGrantItselfAJurisdiction() {
    Transaction selfGrant =
        ledger.sign(
            ledger.admin(ugandan), new GrantJurisdiction(ugandan, KE, true, "we serve KE too"));

    assertThat(rejected(selfGrant).reason()).isEqualTo(RejectReason.INSUFFICIENT_APPROVALS);
    assertThat(ledger.state().grantedJurisdictions(ugandan)).isEmpty();
  }

  @Test
  void refusesGrantsThatChangeNothing() {
    assertThat(rejected(grant(ugandan, new Jurisdiction("UG"), true)).detail())
        .contains("own country");
    assertThat(rejected(grant(ugandan, KE, false)).detail()).contains("no grant of KE");
    ledger.commit(grant(ugandan, KE, true));
    assertThat(rejected(grant(ugandan, KE, true)).reason()).isEqualTo(RejectReason.CONFLICT);
    assertThat(rejected(grant(new OrgId("org-none"), KE, true)).reason())
        .isEqualTo(RejectReason.NOT_FOUND);
  }
}
