package org.haven.card.border;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.card.border.BorderFixtures.BUNDLE;
import static org.haven.card.border.BorderFixtures.CHILD;
import static org.haven.card.border.BorderFixtures.CONSENT;
import static org.haven.card.border.BorderFixtures.CONTACT;
import static org.haven.card.border.BorderFixtures.FATHER;
import static org.haven.card.border.BorderFixtures.FR;
import static org.haven.card.border.BorderFixtures.KE;
import static org.haven.card.border.BorderFixtures.MAX_AGE;
import static org.haven.card.border.BorderFixtures.MISSING;
import static org.haven.card.border.BorderFixtures.MOTHER;
import static org.haven.card.border.BorderFixtures.NOW;
import static org.haven.card.border.BorderFixtures.POST;
import static org.haven.card.border.BorderFixtures.REVOKED_CONSENT;
import static org.haven.card.border.BorderFixtures.REVOKED_INDEX;
import static org.haven.card.border.BorderFixtures.SHORTENED_CONSENT;
import static org.haven.card.border.BorderFixtures.SIBLING;
import static org.haven.card.border.BorderFixtures.TZ;
import static org.haven.card.border.BorderFixtures.UG;
import static org.haven.card.border.BorderFixtures.UNCLE;
import static org.haven.card.border.BorderFixtures.aCard;
import static org.haven.card.border.BorderFixtures.aConsent;
import static org.haven.card.border.BorderFixtures.check;
import static org.haven.card.border.BorderReason.CARD_EXPIRED;
import static org.haven.card.border.BorderReason.CARD_NOT_GENUINE;
import static org.haven.card.border.BorderReason.CARD_REVOKED_OR_SUSPENDED;
import static org.haven.card.border.BorderReason.CHILD_DOES_NOT_MATCH_CARD;
import static org.haven.card.border.BorderReason.CHILD_MATCHES_CARD;
import static org.haven.card.border.BorderReason.COMPANION_IS_GUARDIAN;
import static org.haven.card.border.BorderReason.CONSENT_EXPIRED;
import static org.haven.card.border.BorderReason.CONSENT_FOR_ANOTHER_CHILD;
import static org.haven.card.border.BorderReason.CONSENT_NEWER_THAN_BUNDLE;
import static org.haven.card.border.BorderReason.CONSENT_NOT_ACTIVE;
import static org.haven.card.border.BorderReason.CONSENT_NOT_GENUINE;
import static org.haven.card.border.BorderReason.CONSENT_NOT_YET_VALID;
import static org.haven.card.border.BorderReason.CONSENT_REVOKED;
import static org.haven.card.border.BorderReason.CONSENT_USED;
import static org.haven.card.border.BorderReason.CONSENT_VALID;
import static org.haven.card.border.BorderReason.CONSENT_WRONG_COMPANION;
import static org.haven.card.border.BorderReason.CONSENT_WRONG_DESTINATION;
import static org.haven.card.border.BorderReason.DEVICE_CLOCK_BEHIND_BUNDLE;
import static org.haven.card.border.BorderReason.GUARDIAN_WITHOUT_TRAVEL_AUTHORITY;
import static org.haven.card.border.BorderReason.ISSUER_UNKNOWN;
import static org.haven.card.border.BorderReason.MISSING_CHILD_ALERT;
import static org.haven.card.border.BorderReason.NO_VALID_CONSENT;
import static org.haven.card.border.Outcome.ALERT;
import static org.haven.card.border.Outcome.PASS;
import static org.haven.card.border.Outcome.SECONDARY_INSPECTION;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.haven.card.CardClaims;
import org.haven.card.ConsentClaims;
import org.haven.card.CredentialProblem;
import org.haven.card.CredentialRead;
import org.haven.card.bundle.ActiveAlert;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.ConsentState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BorderCheckTest {
  private static BorderDecision decide(Presentation presentation) {
    return check().decide(presentation, NOW);
  }

  // The companion is a guardian.

  @Test
  void exitWithAGuardianWhoMayConsentToTravel_passes() {
    BorderDecision decision = decide(Presentation.exit(aCard().read(), MOTHER, UG));

    assertThat(decision.outcome()).isEqualTo(PASS);
    assertThat(decision.reasons()).containsExactly(COMPANION_IS_GUARDIAN);
    assertThat(decision.sentence())
        .isEqualTo("Travel permitted: the companion is the child's guardian.");
    assertThat(decision.alert()).isEmpty();
  }

  @Test
  void guardianDocument_matchesHoweverTheOfficerTypesTheNumber() {
    CompanionDocument typed = new CompanionDocument("PASSPORT", "ak 123-4567", KE);

    assertThat(decide(Presentation.exit(aCard().read(), typed, UG)).outcome()).isEqualTo(PASS);
  }

  @Test
  void exitWithAGuardianWhoMayNotConsentToTravel_andNoConsent_saysSo_notThatTheyAreNoGuardian() {
    BorderDecision decision = decide(Presentation.exit(aCard().read(), FATHER, UG));

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons()).containsExactly(GUARDIAN_WITHOUT_TRAVEL_AUTHORITY);
    assertThat(decision.sentence())
        .isEqualTo(
            "The companion is a guardian on the card who may not take the child out of the"
                + " country, and shows no valid travel consent: send to secondary inspection.");
  }

  @Test
  void guardianWithoutTravelAuthority_withAnExpiredConsent_namesBoth_andNeverNoValidConsent() {
    BorderDecision decision =
        decide(
            Presentation.exit(aCard().read(), FATHER, UG)
                .withConsent(
                    aConsent()
                        .forCompanion(FATHER)
                        .between(LocalDate.parse("2025-05-01"), LocalDate.parse("2025-06-02"))
                        .read()));

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons())
        .containsExactly(GUARDIAN_WITHOUT_TRAVEL_AUTHORITY, CONSENT_EXPIRED)
        .doesNotContain(NO_VALID_CONSENT);
  }

  // The officer compares the child with the card.

  @Test
  void childWhoDoesNotMatchAGenuineCard_isSecondaryInspection_evenWithAGuardian() {
    BorderDecision decision =
        decide(
            Presentation.exit(aCard().read(), MOTHER, UG)
                .withComparison(ChildComparison.DOES_NOT_MATCH));

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons())
        .containsExactly(CHILD_DOES_NOT_MATCH_CARD, COMPANION_IS_GUARDIAN);
    assertThat(decision.sentence())
        .isEqualTo(
            "The child does not match the card's photo, names or age: the card may be another"
                + " child's. Keep the card and send to secondary inspection.");
  }

  @Test
  void childWhoMatchesTheCard_passes_withTheConfirmationAsAReason() {
    BorderDecision decision =
        decide(
            Presentation.exit(aCard().read(), MOTHER, UG).withComparison(ChildComparison.MATCHES));

    assertThat(decision.outcome()).isEqualTo(PASS);
    assertThat(decision.reasons()).containsExactly(COMPANION_IS_GUARDIAN, CHILD_MATCHES_CARD);
    assertThat(decision.sentence())
        .isEqualTo("Travel permitted: the companion is the child's guardian.");
  }

  @Test
  void childMatchingACardThatIsNotGenuine_provesNothing_andIsNotRecordedAsAMatch() {
    BorderDecision decision =
        decide(
            Presentation.exit(
                    new CredentialRead.Invalid<>(CredentialProblem.BAD_SIGNATURE, "forged"),
                    MOTHER,
                    UG)
                .withComparison(ChildComparison.MATCHES));

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons()).containsExactly(CARD_NOT_GENUINE);
  }

  @Test
  void missingChildWhoDoesNotMatchTheCard_isStillAnAlert() {
    BorderDecision decision =
        decide(
            Presentation.exit(aCard().of(MISSING).read(), MOTHER, UG)
                .withComparison(ChildComparison.DOES_NOT_MATCH));

    assertThat(decision.outcome()).isEqualTo(ALERT);
    assertThat(decision.reasons()).startsWith(MISSING_CHILD_ALERT, CHILD_DOES_NOT_MATCH_CARD);
  }

  @Test
  void entryWithAGuardianWhoMayNotConsentToTravel_passes() {
    BorderDecision decision = decide(Presentation.entry(aCard().read(), FATHER));

    assertThat(decision.outcome()).isEqualTo(PASS);
    assertThat(decision.reasons()).containsExactly(COMPANION_IS_GUARDIAN);
    assertThat(decision.destination()).isEqualTo(KE);
  }

  @Test
  void aGuardianWithoutADocumentOnTheCard_isNotMatched() {
    BorderDecision decision =
        decide(Presentation.exit(aCard().withGuardianWithoutDocument().read(), UNCLE, UG));

    assertThat(decision.reasons()).containsExactly(NO_VALID_CONSENT);
  }

  // The companion is not a guardian.

  @Test
  void nonGuardianWithoutConsent_isSecondaryInspection_minorWithoutParentalPermission() {
    BorderDecision decision = decide(Presentation.exit(aCard().read(), UNCLE, UG));

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons()).containsExactly(NO_VALID_CONSENT);
    assertThat(decision.sentence())
        .isEqualTo("Minor travelling without parental permission: send to secondary inspection.");
  }

  @Test
  void nonGuardianWithAValidConsent_passes() {
    BorderDecision decision =
        decide(Presentation.exit(aCard().read(), UNCLE, TZ).withConsent(aConsent().read()));

    assertThat(decision.outcome()).isEqualTo(PASS);
    assertThat(decision.reasons()).containsExactly(CONSENT_VALID);
    assertThat(decision.consentId()).contains(CONSENT);
    assertThat(decision.sentence())
        .isEqualTo("Travel permitted: the companion holds a valid travel consent.");
  }

  @Test
  void guardianWithoutTravelAuthority_withAValidConsentForThemselves_passes() {
    BorderDecision decision =
        decide(
            Presentation.exit(aCard().read(), FATHER, UG)
                .withConsent(aConsent().forCompanion(FATHER).read()));

    assertThat(decision.outcome()).isEqualTo(PASS);
    assertThat(decision.reasons()).containsExactly(CONSENT_VALID);
  }

  @Test
  void consentForAnotherChild_doesNotCount() {
    assertRefusedConsent(
        aConsent().of(SIBLING).read(),
        Presentation.exit(aCard().read(), UNCLE, UG),
        CONSENT_FOR_ANOTHER_CHILD);
  }

  @Test
  void consentForAnotherCompanion_doesNotCount() {
    assertRefusedConsent(
        aConsent().forCompanion(MOTHER).read(),
        Presentation.exit(aCard().read(), UNCLE, UG),
        CONSENT_WRONG_COMPANION);
  }

  @Test
  void consentThatHasNotStarted_doesNotCount() {
    assertRefusedConsent(
        aConsent().between(LocalDate.parse("2025-06-04"), LocalDate.parse("2025-06-30")).read(),
        Presentation.exit(aCard().read(), UNCLE, UG),
        CONSENT_NOT_YET_VALID);
  }

  @Test
  void consentThatHasEnded_doesNotCount() {
    assertRefusedConsent(
        aConsent().between(LocalDate.parse("2025-05-01"), LocalDate.parse("2025-06-02")).read(),
        Presentation.exit(aCard().read(), UNCLE, UG),
        CONSENT_EXPIRED);
  }

  @Test
  void consentDates_areTheCheckpointsLocalDate() {
    CredentialRead<ConsentClaims> lastDayToday =
        aConsent().between(LocalDate.parse("2025-05-01"), LocalDate.parse("2025-06-03")).read();
    Presentation presentation =
        Presentation.exit(aCard().read(), UNCLE, UG).withConsent(lastDayToday);

    BorderDecision beforeLocalMidnight =
        check().decide(presentation, Instant.parse("2025-06-03T20:59:59Z"));
    BorderDecision afterLocalMidnight =
        check().decide(presentation, Instant.parse("2025-06-03T21:00:00Z"));

    assertThat(beforeLocalMidnight.reasons()).containsExactly(CONSENT_VALID);
    assertThat(afterLocalMidnight.reasons()).contains(CONSENT_EXPIRED, NO_VALID_CONSENT);
  }

  @Test
  void consentShortenedOnTheLedger_endsWhenTheBundleSays() {
    assertRefusedConsent(
        aConsent().id(SHORTENED_CONSENT).read(),
        Presentation.exit(aCard().read(), UNCLE, UG),
        CONSENT_EXPIRED);
  }

  @Test
  void consentNotListedForTheExitDestination_doesNotCount() {
    assertRefusedConsent(
        aConsent().read(), Presentation.exit(aCard().read(), UNCLE, FR), CONSENT_WRONG_DESTINATION);
  }

  @Test
  void entry_destinationIsTheCheckpointsCountry() {
    CredentialRead<ConsentClaims> toKenya = aConsent().to(UG, KE).read();

    assertThat(decide(Presentation.entry(aCard().read(), UNCLE).withConsent(toKenya)).reasons())
        .containsExactly(CONSENT_VALID);
    assertRefusedConsent(
        aConsent().read(), Presentation.entry(aCard().read(), UNCLE), CONSENT_WRONG_DESTINATION);
  }

  @Test
  void consentThatTheBundleNoLongerLists_isNotActive_revokedOrUsed_notSaidToBeRevoked() {
    assertRefusedConsent(
        aConsent().id(REVOKED_CONSENT).read(),
        Presentation.exit(aCard().read(), UNCLE, UG),
        CONSENT_NOT_ACTIVE);
  }

  @Test
  void online_aConsentTheLedgerSaysIsUsed_isUsed_andOneItSaysIsRevoked_isRevoked() {
    Presentation exit = Presentation.exit(aCard().read(), UNCLE, UG);
    for (ConsentState state : List.of(ConsentState.USED, ConsentState.REVOKED)) {
      BorderCheck online = new BorderCheck(BUNDLE, POST, MAX_AGE, id -> Optional.of(state));

      BorderDecision decision =
          online.decide(exit.withConsent(aConsent().id(REVOKED_CONSENT).read()), NOW);

      assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
      assertThat(decision.reasons())
          .containsExactly(
              NO_VALID_CONSENT, state == ConsentState.USED ? CONSENT_USED : CONSENT_REVOKED);
    }
  }

  @Test
  void online_aConsentUsedAfterTheBundleWasMade_isUsed_thoughTheBundleStillListsIt() {
    BorderCheck online =
        new BorderCheck(
            BUNDLE,
            POST,
            MAX_AGE,
            id -> Optional.of(id.equals(CONSENT) ? ConsentState.USED : ConsentState.ACTIVE));

    BorderDecision decision =
        online.decide(
            Presentation.exit(aCard().read(), UNCLE, UG).withConsent(aConsent().read()), NOW);

    assertThat(decision.reasons()).containsExactly(NO_VALID_CONSENT, CONSENT_USED);
  }

  @Test
  void online_aConsentEndedBeforeTheLedgerKeptWhy_staysNotActive_andAnActiveOneIsValid() {
    Presentation exit = Presentation.exit(aCard().read(), UNCLE, UG);

    assertThat(
            new BorderCheck(BUNDLE, POST, MAX_AGE, id -> Optional.of(ConsentState.ENDED))
                .decide(exit.withConsent(aConsent().id(REVOKED_CONSENT).read()), NOW)
                .reasons())
        .containsExactly(NO_VALID_CONSENT, CONSENT_NOT_ACTIVE);
    assertThat(
            new BorderCheck(BUNDLE, POST, MAX_AGE, id -> Optional.of(ConsentState.ACTIVE))
                .decide(exit.withConsent(aConsent().read()), NOW)
                .reasons())
        .containsExactly(CONSENT_VALID);
  }

  @Test
  void consentGrantedInTheBundlesOwnSecond_andNotListed_isNewerThanTheBundle_notEnded() {
    assertRefusedConsent(
        aConsent().id(REVOKED_CONSENT).issuedAt(BUNDLE.createdAt()).read(),
        Presentation.exit(aCard().read(), UNCLE, UG),
        CONSENT_NEWER_THAN_BUNDLE);
    assertRefusedConsent(
        aConsent().id(REVOKED_CONSENT).issuedAt(BUNDLE.createdAt().minusSeconds(1)).read(),
        Presentation.exit(aCard().read(), UNCLE, UG),
        CONSENT_NOT_ACTIVE);
  }

  @Test
  void consentGrantedAfterTheBundleWasMade_isNewerThanTheBundle_andDoesNotCount() {
    assertRefusedConsent(
        aConsent().id(REVOKED_CONSENT).issuedAt(BUNDLE.createdAt().plusSeconds(1)).read(),
        Presentation.exit(aCard().read(), UNCLE, UG),
        CONSENT_NEWER_THAN_BUNDLE);
  }

  @Test
  void consentFailingSeveralRules_namesThemAll() {
    BorderDecision decision =
        decide(
            Presentation.exit(aCard().read(), UNCLE, FR)
                .withConsent(aConsent().of(SIBLING).forCompanion(MOTHER).read()));

    assertThat(decision.reasons())
        .containsExactly(
            NO_VALID_CONSENT,
            CONSENT_FOR_ANOTHER_CHILD,
            CONSENT_WRONG_COMPANION,
            CONSENT_WRONG_DESTINATION);
  }

  @ParameterizedTest
  @EnumSource(value = CredentialProblem.class, names = "EXPIRED", mode = EnumSource.Mode.EXCLUDE)
  void consentThatIsNotGenuine_isSecondaryInspection_evenWithAGuardian(CredentialProblem problem) {
    BorderDecision decision =
        decide(
            Presentation.exit(aCard().read(), MOTHER, UG)
                .withConsent(new CredentialRead.Invalid<>(problem, "refused")));

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons()).containsExactly(CONSENT_NOT_GENUINE, COMPANION_IS_GUARDIAN);
    assertThat(decision.consentProblem()).contains(problem);
    assertThat(decision.sentence())
        .isEqualTo(
            "The travel consent is not genuine (" + problem + "): send to secondary inspection.");
  }

  @Test
  void consentThatTheCodecFoundExpired_isNotValid_butDoesNotStopAGuardian() {
    CredentialRead<ConsentClaims> expired =
        new CredentialRead.Invalid<>(CredentialProblem.EXPIRED, "The consent has expired.");

    BorderDecision withGuardian =
        decide(Presentation.exit(aCard().read(), MOTHER, UG).withConsent(expired));
    BorderDecision withUncle =
        decide(Presentation.exit(aCard().read(), UNCLE, UG).withConsent(expired));

    assertThat(withGuardian.outcome()).isEqualTo(PASS);
    assertThat(withGuardian.reasons()).containsExactly(COMPANION_IS_GUARDIAN, CONSENT_EXPIRED);
    assertThat(withUncle.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(withUncle.reasons()).containsExactly(NO_VALID_CONSENT, CONSENT_EXPIRED);
  }

  // The card.

  @ParameterizedTest
  @EnumSource(CredentialProblem.class)
  void cardTheCodecRefused_isSecondaryInspection(CredentialProblem problem) {
    BorderDecision decision =
        decide(Presentation.exit(new CredentialRead.Invalid<>(problem, "refused"), MOTHER, UG));

    BorderReason expected =
        switch (problem) {
          case UNKNOWN_ISSUER -> ISSUER_UNKNOWN;
          case EXPIRED -> CARD_EXPIRED;
          case NOT_PRESENTED -> BorderReason.CARD_NOT_PRESENTED;
          case REVOKED -> BorderReason.CARD_REVOKED;
          case LIFETIME_OVER_POLICY -> BorderReason.CARD_LIFETIME_OVER_POLICY;
          default -> CARD_NOT_GENUINE;
        };
    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons()).containsExactly(expected);
    assertThat(decision.cardProblem()).contains(problem);
    assertThat(decision.child()).isEmpty();
  }

  @Test
  void forgedCard_saysSoInTheSentence() {
    BorderDecision decision =
        decide(
            Presentation.exit(
                new CredentialRead.Invalid<>(CredentialProblem.BAD_SIGNATURE, "forged"),
                MOTHER,
                UG));

    assertThat(decision.sentence())
        .isEqualTo("The card is not genuine (BAD_SIGNATURE): send to secondary inspection.");
  }

  @Test
  void cardPastItsExpiry_isSecondaryInspection_evenIfTheCodecAcceptedIt() {
    CredentialRead<CardClaims> card = aCard().expiringAt(NOW).read();

    BorderDecision decision = decide(Presentation.exit(card, MOTHER, UG));

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons()).containsExactly(CARD_EXPIRED, COMPANION_IS_GUARDIAN);
    assertThat(decision.sentence())
        .isEqualTo("The card has expired: send to secondary inspection.");
  }

  @Test
  void cardFromAnIssuerTheBundleDoesNotTrust_isSecondaryInspection() {
    CredentialRead<CardClaims> card = aCard().issuedBy(new OrgId("registry-xx")).read();

    BorderDecision decision = decide(Presentation.exit(card, MOTHER, UG));

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons()).containsExactly(ISSUER_UNKNOWN, COMPANION_IS_GUARDIAN);
  }

  @Test
  void revokedOrSuspendedCard_isSecondaryInspection() {
    BorderDecision decision =
        decide(Presentation.exit(aCard().statusIndex(REVOKED_INDEX).read(), MOTHER, UG));

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons())
        .containsExactly(CARD_REVOKED_OR_SUSPENDED, COMPANION_IS_GUARDIAN);
    assertThat(decision.sentence())
        .isEqualTo("The card is revoked or suspended: send to secondary inspection.");
  }

  // Missing children.

  @Test
  void childWithAnActiveAlert_isAnAlert_evenWithAGuardian() {
    BorderDecision decision = decide(Presentation.exit(aCard().of(MISSING).read(), MOTHER, UG));

    assertThat(decision.outcome()).isEqualTo(ALERT);
    assertThat(decision.reasons()).containsExactly(MISSING_CHILD_ALERT, COMPANION_IS_GUARDIAN);
    assertThat(decision.alert()).contains(new ActiveAlert(AlertPriority.CRITICAL, CONTACT));
    assertThat(decision.contactPoint()).contains(CONTACT);
    assertThat(decision.sentence())
        .isEqualTo(
            "Missing-child alert, priority CRITICAL: keep the child and the companion here and"
                + " contact "
                + CONTACT
                + ".");
  }

  @Test
  void alert_winsOverEveryOtherFinding() {
    BorderCheck staleCheck = new BorderCheck(BUNDLE, POST, Duration.ofHours(1));
    CredentialRead<CardClaims> card =
        aCard().of(MISSING).statusIndex(REVOKED_INDEX).expiringAt(NOW.minusSeconds(1)).read();

    BorderDecision decision = staleCheck.decide(Presentation.exit(card, UNCLE, FR), NOW);

    assertThat(decision.outcome()).isEqualTo(ALERT);
    assertThat(decision.reasons())
        .containsExactly(
            MISSING_CHILD_ALERT,
            CARD_EXPIRED,
            CARD_REVOKED_OR_SUSPENDED,
            NO_VALID_CONSENT,
            BorderReason.BUNDLE_STALE);
    assertThat(decision.sentence()).startsWith("Missing-child alert").contains("bundle is");
  }

  @Test
  void consentNamingAMissingChild_isAnAlert_evenWhenTheCardIsForged() {
    CredentialRead<CardClaims> forged =
        new CredentialRead.Invalid<>(CredentialProblem.BAD_SIGNATURE, "forged");

    BorderDecision decision =
        decide(Presentation.exit(forged, UNCLE, UG).withConsent(aConsent().of(MISSING).read()));

    assertThat(decision.outcome()).isEqualTo(ALERT);
    assertThat(decision.reasons()).containsExactly(MISSING_CHILD_ALERT, CARD_NOT_GENUINE);
    assertThat(decision.contactPoint()).contains(CONTACT);
  }

  @Test
  void unreadableCardWithoutConsent_hasNoChildToLookUp_andIsSecondaryInspection() {
    BorderDecision decision =
        decide(
            Presentation.exit(
                new CredentialRead.Invalid<>(CredentialProblem.UNREADABLE_IMAGE, "no code"),
                MOTHER,
                UG));

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.alert()).isEmpty();
  }

  @Test
  void typedNumberOfAMissingChild_isAnAlert() {
    BorderDecision decision =
        decide(Presentation.typed(MISSING, MOTHER, Direction.EXIT, Optional.of(UG)));

    assertThat(decision.outcome()).isEqualTo(ALERT);
    assertThat(decision.reasons())
        .containsExactly(MISSING_CHILD_ALERT, BorderReason.CARD_NOT_PRESENTED);
    assertThat(decision.contactPoint()).contains(CONTACT);
  }

  @Test
  void typedNumberWithoutACard_isSecondaryInspection_evenForAGuardian() {
    BorderDecision decision =
        decide(Presentation.typed(CHILD, MOTHER, Direction.EXIT, Optional.of(UG)));

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons()).containsExactly(BorderReason.CARD_NOT_PRESENTED);
    assertThat(decision.cardProblem()).contains(CredentialProblem.NOT_PRESENTED);
    assertThat(decision.sentence()).startsWith("No card was scanned, only a typed child number");
  }

  // The bundle and the clock.

  @Test
  void staleBundle_turnsPassIntoSecondaryInspection_andSaysHowOld() {
    BorderCheck check = new BorderCheck(BUNDLE, POST, MAX_AGE);
    Instant nineDaysOn = BUNDLE.createdAt().plus(Duration.ofDays(9));

    BorderDecision decision =
        check.decide(Presentation.exit(aCard().read(), MOTHER, UG), nineDaysOn);

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons())
        .containsExactly(BorderReason.BUNDLE_STALE, COMPANION_IS_GUARDIAN);
    assertThat(decision.sentence())
        .isEqualTo(
            "The verifier bundle is 9 days old, beyond the limit of 7 days: update it. Send to"
                + " secondary inspection.");
    assertThat(decision.bundleAge()).isEqualTo(Duration.ofDays(9));
  }

  @Test
  void bundleExactlyAtItsMaximumAge_isNotStale() {
    BorderCheck check = new BorderCheck(BUNDLE, POST, MAX_AGE);

    BorderDecision decision =
        check.decide(
            Presentation.exit(aCard().read(), MOTHER, UG), BUNDLE.createdAt().plus(MAX_AGE));

    assertThat(decision.outcome()).isEqualTo(PASS);
  }

  @Test
  void staleBundle_isAddedToTheSentenceOfAnotherFinding() {
    BorderCheck check = new BorderCheck(BUNDLE, POST, Duration.ofHours(24));

    BorderDecision decision = check.decide(Presentation.exit(aCard().read(), UNCLE, UG), NOW);

    assertThat(decision.sentence())
        .isEqualTo(
            "Minor travelling without parental permission: send to secondary inspection. The"
                + " verifier bundle is 51 hours old, beyond the limit of 24 hours: update it.");
  }

  @Test
  void deviceClockBehindTheBundle_isSecondaryInspection() {
    Instant tenMinutesBefore = BUNDLE.createdAt().minus(Duration.ofMinutes(10));
    Instant oneMinuteBefore = BUNDLE.createdAt().minus(Duration.ofMinutes(1));
    Presentation presentation = Presentation.exit(aCard().read(), MOTHER, UG);

    BorderDecision behind = check().decide(presentation, tenMinutesBefore);
    BorderDecision withinTolerance = check().decide(presentation, oneMinuteBefore);

    assertThat(behind.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(behind.reasons()).containsExactly(DEVICE_CLOCK_BEHIND_BUNDLE, COMPANION_IS_GUARDIAN);
    assertThat(behind.sentence()).contains("clock is behind");
    assertThat(withinTolerance.outcome()).isEqualTo(PASS);
  }

  // What the decision carries.

  @Test
  void decision_carriesTheBundleVersionAgeCheckpointAndChild() {
    BorderDecision decision = decide(Presentation.exit(aCard().read(), MOTHER, UG));

    assertThat(decision.bundleVersion()).isEqualTo(BUNDLE.version());
    assertThat(decision.bundleAge()).isEqualTo(Duration.between(BUNDLE.createdAt(), NOW));
    assertThat(decision.checkpointId()).isEqualTo("ke-namanga-1");
    assertThat(decision.checkedAt()).isEqualTo(NOW);
    assertThat(decision.direction()).isEqualTo(Direction.EXIT);
    assertThat(decision.destination()).isEqualTo(UG);
    assertThat(decision.child()).contains(CHILD);
  }

  @Test
  void sentence_neverNamesTheChildOrADocument() {
    CardClaims card = aCard().claims();
    Presentation[] presentations = {
      Presentation.exit(aCard().read(), MOTHER, UG),
      Presentation.exit(aCard().read(), UNCLE, UG),
      Presentation.exit(aCard().read(), UNCLE, UG).withConsent(aConsent().read()),
      Presentation.exit(aCard().statusIndex(REVOKED_INDEX).read(), UNCLE, FR)
          .withConsent(aConsent().of(SIBLING).read()),
      Presentation.entry(aCard().of(MISSING).read(), FATHER),
    };

    for (Presentation presentation : presentations) {
      String sentence = decide(presentation).sentence();
      assertThat(sentence)
          .doesNotContain(card.child().toString())
          .doesNotContain(MISSING.toString())
          .doesNotContain(card.givenNames())
          .doesNotContain(card.familyNames())
          .doesNotContain(MOTHER.number())
          .doesNotContain(UNCLE.number())
          .doesNotContain(FATHER.number());
    }
  }

  @Test
  void presentation_exitNeedsADestination_andEntryHasNone() {
    assertThatThrownBy(
            () ->
                new Presentation(
                    aCard().read(), MOTHER, Optional.empty(), Direction.EXIT, Optional.empty()))
        .hasMessageContaining("an exit needs one");
    assertThatThrownBy(
            () ->
                new Presentation(
                    aCard().read(),
                    MOTHER,
                    Optional.empty(),
                    Direction.ENTRY,
                    Optional.of(new Jurisdiction("UG"))))
        .hasMessageContaining("destination");
  }

  @Test
  void companionDocument_hidesItsNumber_andNeedsLettersOrDigits() {
    assertThat(MOTHER.toString()).doesNotContain(MOTHER.number());
    assertThatThrownBy(() -> new CompanionDocument("PASSPORT", " - ", KE))
        .hasMessageContaining("number");
  }

  @Test
  void check_needsAPositiveMaximumAge() {
    assertThatThrownBy(() -> new BorderCheck(BUNDLE, POST, Duration.ZERO))
        .hasMessageContaining("maxBundleAge");
  }

  private static void assertRefusedConsent(
      CredentialRead<ConsentClaims> consent, Presentation presentation, BorderReason reason) {
    BorderDecision decision = decide(presentation.withConsent(consent));

    assertThat(decision.outcome()).isEqualTo(SECONDARY_INSPECTION);
    assertThat(decision.reasons()).containsExactly(NO_VALID_CONSENT, reason);
    assertThat(decision.sentence())
        .isEqualTo("Minor travelling without parental permission: send to secondary inspection.");
  }
}
