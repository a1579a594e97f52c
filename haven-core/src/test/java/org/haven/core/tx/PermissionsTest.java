package org.haven.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.core.tx.Permissions.Action;
import org.haven.core.tx.Permissions.Subject;
import org.junit.jupiter.api.Test;

class PermissionsTest {
  private static final Jurisdiction KE = new Jurisdiction("KE");
  private static final Jurisdiction UG = new Jurisdiction("UG");
  private static final OrgId REGISTRY = new OrgId("ke-civil-registry");
  private static final OrgId UNICEF = new OrgId("unicef-esaro");

  /** A child of KE, held by the KE registry, with an alert UNICEF raised. */
  private static final Subject ALERTED_CHILD =
      new Subject(
          Optional.of(KE), Optional.empty(), Optional.of(REGISTRY), Optional.of(UNICEF), Set.of());

  private static Officer officer(Role role, OrgId org, Jurisdiction where) {
    return new Officer(
        new OfficerId(role.name().toLowerCase(Locale.ROOT).replace('_', '-') + "." + org.value()),
        org,
        role,
        where,
        Ed25519PrivateKey.generate(new SecureRandom()).publicKey(),
        true);
  }

  @Test
  void aRuleOfTheActorsRoleOrganisationAndPlaceAllows() {
    assertThat(
            Permissions.check(
                Action.UPDATE_ALERT, officer(Role.CASE_WORKER, UNICEF, UG), ALERTED_CHILD))
        .isEqualTo(Validation.accepted());
    assertThat(
            Permissions.check(
                Action.UPDATE_ALERT,
                officer(Role.REGISTRAR, new OrgId("other"), KE),
                ALERTED_CHILD))
        .isEqualTo(Validation.accepted());
  }

  @Test
  void refusalNamesTheFirstRelationThatFailsAndWhoMay() {
    Validation.Rejected byRole =
        (Validation.Rejected)
            Permissions.check(
                Action.UPDATE_ALERT, officer(Role.BORDER_OFFICER, UNICEF, KE), ALERTED_CHILD);
    assertThat(byRole.reason()).isEqualTo(RejectReason.ROLE_NOT_PERMITTED);

    Validation.Rejected byOrganisation =
        (Validation.Rejected)
            Permissions.check(
                Action.UPDATE_ALERT, officer(Role.CASE_WORKER, REGISTRY, KE), ALERTED_CHILD);
    assertThat(byOrganisation.reason()).isEqualTo(RejectReason.OUTSIDE_ORGANISATION);

    Validation.Rejected byPlace =
        (Validation.Rejected)
            Permissions.check(
                Action.UPDATE_ALERT, officer(Role.REGISTRAR, REGISTRY, UG), ALERTED_CHILD);
    assertThat(byPlace.reason()).isEqualTo(RejectReason.OUTSIDE_JURISDICTION);
    assertThat(byPlace.detail())
        .contains(
            "registrar.ke-civil-registry (REGISTRAR of ke-civil-registry in UG) may not update or"
                + " resolve a missing-child alert",
            "a CASE_WORKER of the organisation that raised the alert",
            "a REGISTRAR in the child's jurisdiction (KE)");
  }

  @Test
  void anAlertOpensAChildsPersonalDataOnlyToTheRaisingOrganisationsCaseWorkers() {
    assertThat(
            Permissions.permits(
                Action.READ_PERSONAL_DATA, officer(Role.CASE_WORKER, UNICEF, UG), ALERTED_CHILD))
        .isTrue();
    assertThat(
            Permissions.permits(
                Action.READ_PERSONAL_DATA,
                officer(Role.CASE_WORKER, new OrgId("ug-nira"), UG),
                ALERTED_CHILD))
        .isFalse();
  }

  @Test
  void aSubjectWithoutTheRelationMatchesNoRuleThatNeedsIt() {
    assertThat(
            Permissions.permits(
                Action.UPDATE_ALERT, officer(Role.CASE_WORKER, UNICEF, KE), Subject.NONE))
        .isFalse();
    assertThat(
            Permissions.permits(Action.GOVERN, officer(Role.ORG_ADMIN, UNICEF, KE), Subject.NONE))
        .isTrue();
  }

  @Test
  void actionsOfARoleAreThoseARuleNamesItFor() {
    assertThat(Permissions.actionsOf(Role.CASE_WORKER))
        .contains(Action.RAISE_ALERT, Action.UPDATE_ALERT, Action.READ_PERSONAL_DATA)
        .doesNotContain(Action.ISSUE_CARD, Action.DECLARE_CHILD, Action.GOVERN);
    assertThat(Permissions.actionsOf(Role.BORDER_OFFICER))
        .contains(Action.RECORD_CROSSING)
        .doesNotContain(Action.READ_PERSONAL_DATA, Action.READ_TIMELINE);
    for (Role role : Role.values()) {
      for (Action action : Permissions.actionsOf(role)) {
        assertThat(action.rules()).anyMatch(rule -> rule.role() == role);
      }
    }
  }
}
