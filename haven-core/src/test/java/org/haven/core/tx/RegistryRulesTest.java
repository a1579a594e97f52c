package org.haven.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Role;
import org.haven.core.ledger.TxResult;
import org.haven.core.registry.Alert;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.AlertChange;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.ConsentState;
import org.haven.core.registry.EventType;
import org.haven.core.registry.Evidence;
import org.haven.core.registry.GuardianLink;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.TimelineEvent;
import org.haven.core.registry.TravelConsent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.LinkageToken;
import org.haven.core.registry.identity.TokenType;
import org.haven.core.state.RegistryState;
import org.haven.core.testing.TestConsortium;
import org.haven.core.testing.TestOfficer;
import org.haven.core.tx.DecideDeclaration.Decision;
import org.junit.jupiter.api.Test;

/**
 * The child registry's rules, enforced by the ledger on every node. Each rejection is checked to
 * leave the state as it was: the block executor produces no block and no writes.
 */
class RegistryRulesTest {
  private static final Jurisdiction KE = new Jurisdiction("KE");

  private final TestConsortium ledger = TestConsortium.withMembers(2);
  private final Random random = new Random(20261124);
  private final TestOfficer agentKe = ledger.officer(Role.FIELD_AGENT, "KE");
  private final TestOfficer registrarKe = ledger.officer(Role.REGISTRAR, "KE");
  private final TestOfficer registrarUg =
      ledger.aRegistrar().of(ledger.member(1)).in("UG").enrolled();
  private final TestOfficer caseWorkerKe = ledger.officer(Role.CASE_WORKER, "KE");
  private final TestOfficer caseWorkerUg =
      ledger.anOfficer(Role.CASE_WORKER).of(ledger.member(1)).in("UG").enrolled();
  private final TestOfficer borderKe = ledger.officer(Role.BORDER_OFFICER, "KE");

  private RegistryState registry() {
    return ledger.state().registry();
  }

  private ChildNumber newChild() {
    return ChildNumber.generate(random);
  }

  private static Hash token(String value) {
    return Hash.sha256(value.getBytes(StandardCharsets.UTF_8));
  }

  private static LinkageToken nameAndBirth(String value) {
    return new LinkageToken(TokenType.NAME_BIRTH_DATE, token(value));
  }

  private static LinkageToken motherDocumentAndNames(String value) {
    return new LinkageToken(TokenType.MOTHER_DOCUMENT_NAMES, token(value));
  }

  private static LinkageToken nameAndMother(String value) {
    return new LinkageToken(TokenType.NAME_MOTHER, token(value));
  }

  private static DeclareChild declaration(ChildNumber child, LinkageToken... tokens) {
    return new DeclareChild(
        child,
        KE,
        token("commitment to " + child),
        List.of(tokens),
        false,
        Evidence.BIRTH_NOTIFICATION,
        List.of());
  }

  private void accept(TestOfficer actor, Payload payload) {
    TxResult result = ledger.commit(ledger.sign(actor, payload)).get(0);
    assertThat(result.validation()).as(payload.toString()).isEqualTo(Validation.accepted());
  }

  private Validation.Rejected reject(TestOfficer actor, Payload payload) {
    TestConsortium.BlockRun run = ledger.propose(ledger.sign(actor, payload));
    assertThat(run.block()).as("no block for a rejected %s", payload.kind()).isEmpty();
    assertThat(run.pending().writes()).as("no writes for a rejected %s", payload.kind()).isEmpty();
    assertThat(run.results().get(0).validation()).isInstanceOf(Validation.Rejected.class);
    return (Validation.Rejected) run.results().get(0).validation();
  }

  private ChildNumber registeredChild(LinkageToken... tokens) {
    ChildNumber child = newChild();
    accept(agentKe, declaration(child, tokens));
    accept(registrarKe, new DecideDeclaration(child, Decision.REGISTER, "birth notification seen"));
    return child;
  }

  // ---- declaration and registration ----

  @Test
  void declaredChildIsRegisteredByARegistrarOfItsJurisdiction() {
    ChildNumber child = newChild();
    accept(agentKe, declaration(child));
    assertThat(registry().child(child).orElseThrow().status()).isEqualTo(ChildStatus.DECLARED);
    assertThat(registry().child(child).orElseThrow().issuer()).isEqualTo(agentKe.org());

    accept(registrarKe, new DecideDeclaration(child, Decision.REGISTER, "birth notification seen"));

    assertThat(registry().child(child).orElseThrow().status()).isEqualTo(ChildStatus.REGISTERED);
  }

  @Test
  void rejectsRegistrationOutsideJurisdiction() {
    ChildNumber child = newChild();
    accept(agentKe, declaration(child));

    Validation.Rejected rejected =
        reject(registrarUg, new DecideDeclaration(child, Decision.REGISTER, "looks fine"));

    assertThat(rejected.reason()).isEqualTo(RejectReason.OUTSIDE_JURISDICTION);
    assertThat(rejected.detail()).contains("UG", "KE");
  }

  @Test
  void rejectsDeclarationByBorderOfficerAndOutsideTheAgentsJurisdiction() {
    assertThat(reject(borderKe, declaration(newChild())).reason())
        .isEqualTo(RejectReason.ROLE_NOT_PERMITTED);
    DeclareChild inUganda =
        new DeclareChild(
            newChild(),
            new Jurisdiction("UG"),
            token("c"),
            List.of(),
            false,
            Evidence.BIRTH_NOTIFICATION,
            List.of());
    assertThat(reject(agentKe, inUganda).reason()).isEqualTo(RejectReason.OUTSIDE_JURISDICTION);
  }

  @Test
  void rejectsAReusedChildNumber() {
    ChildNumber child = registeredChild();

    Validation.Rejected rejected = reject(agentKe, declaration(child));

    assertThat(rejected.reason()).isEqualTo(RejectReason.CONFLICT);
    assertThat(rejected.detail()).contains("already used");
  }

  @Test
  void lateRegistrationNeedsCommunityAttestationOrADocument() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new DeclareChild(
                    newChild(),
                    KE,
                    token("c"),
                    List.of(),
                    true,
                    Evidence.BIRTH_NOTIFICATION,
                    List.of()))
        .withMessageContaining("late registration");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new DeclareChild(
                    newChild(),
                    KE,
                    token("c"),
                    List.of(),
                    true,
                    Evidence.TWO_WITNESSES,
                    List.of(token("witness one"))))
        .withMessageContaining("2 distinct attestors");
    ChildNumber child = newChild();
    accept(
        agentKe,
        new DeclareChild(
            child,
            KE,
            token("c"),
            List.of(),
            true,
            Evidence.COMMUNITY_LEADER,
            List.of(token("chief of the village"))));
    assertThat(registry().child(child)).isPresent();
  }

  @Test
  void decisionsNeedAPendingDeclaration() {
    ChildNumber child = registeredChild();

    Validation.Rejected rejected =
        reject(registrarKe, new DecideDeclaration(child, Decision.REJECT, "second thoughts"));

    assertThat(rejected.reason()).isEqualTo(RejectReason.CONFLICT);
    assertThat(
            reject(registrarKe, new DecideDeclaration(newChild(), Decision.REGISTER, "x")).reason())
        .isEqualTo(RejectReason.NOT_FOUND);
  }

  // ---- duplicates ----

  @Test
  void sharedLinkageTokenOpensAReviewThatBlocksRegistrationUntilResolved() {
    ChildNumber first =
        registeredChild(nameAndBirth("amina|2019-03-14"), nameAndMother("amina|zawadi"));
    ChildNumber second = newChild();
    accept(agentKe, declaration(second, nameAndMother("amina|zawadi")));
    assertThat(registry().openDuplicateReviews(second)).containsExactly(first);

    assertThat(reject(registrarKe, new DecideDeclaration(second, Decision.REGISTER, "ok")).detail())
        .contains("duplicate of [" + first + "]");

    accept(registrarKe, new ResolveDuplicate(second, first, false));
    assertThat(registry().openDuplicateReviews(second)).isEmpty();
    accept(registrarKe, new DecideDeclaration(second, Decision.REGISTER, "a different child"));
    assertThat(registry().child(second).orElseThrow().status()).isEqualTo(ChildStatus.REGISTERED);
  }

  @Test
  void twinsSharingOnlyTheirMotherAndBirthDateAreNotFlagged() {
    LinkageToken sameDelivery = new LinkageToken(TokenType.MOTHER_BIRTH_DATE, token("mother|day"));
    LinkageToken sameWindow = new LinkageToken(TokenType.MOTHER_BIRTH_WINDOW, token("mother|w"));
    ChildNumber first = registeredChild(nameAndBirth("amani"), sameDelivery, sameWindow);
    ChildNumber twin = newChild();

    accept(agentKe, declaration(twin, nameAndBirth("baraka"), sameDelivery, sameWindow));

    assertThat(registry().openDuplicateReviews(twin)).isEmpty();
    ChildNumber sibling = newChild();
    accept(agentKe, declaration(sibling, nameAndBirth("neema"), sameWindow));
    assertThat(registry().openDuplicateReviews(sibling)).containsExactly(first, twin);
  }

  /**
   * Evidence against a match counts only when both registrations carry it: a registrar who leaves
   * the mother's document out of a second registration of one child does not escape the review.
   * Recording another document does (as recording another birth date always did), and opens one
   * against that document's children instead.
   */
  @Test
  void leavingTheMothersDocumentOut_doesNotHideADuplicate_whileAnotherMothersDocumentVetoesIt() {
    LinkageToken sameChild = nameAndBirth("amina|2019-03-14");
    ChildNumber first =
        registeredChild(sameChild, motherDocumentAndNames("KE national ID 12345678|amina"));

    ChildNumber withoutDocument = newChild();
    accept(agentKe, declaration(withoutDocument, sameChild));
    assertThat(registry().openDuplicateReviews(withoutDocument)).containsExactly(first);

    ChildNumber otherMother = newChild();
    accept(
        agentKe,
        declaration(
            otherMother, sameChild, motherDocumentAndNames("KE national ID 87654321|amina")));
    assertThat(registry().openDuplicateReviews(otherMother)).containsExactly(withoutDocument);
  }

  @Test
  void resolvedAsDuplicateTheDeclarationIsClosed() {
    ChildNumber first = registeredChild(nameAndBirth("t"));
    ChildNumber second = newChild();
    accept(agentKe, declaration(second, nameAndBirth("t")));

    accept(registrarKe, new ResolveDuplicate(second, first, true));

    assertThat(registry().child(second).orElseThrow().status()).isEqualTo(ChildStatus.DUPLICATE);
    assertThat(reject(registrarKe, new ResolveDuplicate(second, first, false)).reason())
        .isEqualTo(RejectReason.NOT_FOUND);
  }

  // ---- guardians ----

  @Test
  void guardianLinksNeedAKnownChildAndAreUniquePerDocument() {
    GuardianLink mother =
        new GuardianLink(Relationship.MOTHER, token("passport KE A1234567"), true, "birth record");
    assertThat(reject(registrarKe, new LinkGuardian(newChild(), mother, true)).reason())
        .isEqualTo(RejectReason.NOT_FOUND);
    ChildNumber child = registeredChild();

    accept(registrarKe, new LinkGuardian(child, mother, true));
    assertThat(registry().guardians(child)).containsExactly(mother);
    assertThat(reject(registrarKe, new LinkGuardian(child, mother, true)).reason())
        .isEqualTo(RejectReason.CONFLICT);
    assertThat(reject(agentKe, new LinkGuardian(child, mother, false)).reason())
        .isEqualTo(RejectReason.ROLE_NOT_PERMITTED);

    accept(registrarKe, new LinkGuardian(child, mother, false));
    assertThat(registry().guardians(child)).isEmpty();
  }

  // ---- alerts ----

  @Test
  void alertIsRaisedByAnyCaseWorkerAndClosedByItsRaisersOrTheChildsRegistrar() {
    ChildNumber child = registeredChild();
    assertThat(
            reject(
                    caseWorkerKe,
                    new SetAlert(child, AlertAction.RESOLVE, AlertPriority.LOW, "x", "found"))
                .detail())
        .contains("no open alert");

    accept(
        caseWorkerUg,
        new SetAlert(child, AlertAction.RAISE, AlertPriority.HIGH, "UG CPU +256 700 000"));
    assertThat(registry().alert(child).orElseThrow().open()).isTrue();
    assertThat(
            reject(
                    caseWorkerKe,
                    new SetAlert(child, AlertAction.RAISE, AlertPriority.LOW, "KE desk"))
                .reason())
        .isEqualTo(RejectReason.CONFLICT);
    assertThat(
            reject(
                    caseWorkerKe,
                    new SetAlert(child, AlertAction.UPDATE, AlertPriority.LOW, "KE desk"))
                .reason())
        .isEqualTo(RejectReason.OUTSIDE_ORGANISATION);
    assertThat(
            reject(
                    registrarUg,
                    new SetAlert(child, AlertAction.RESOLVE, AlertPriority.LOW, "x", "found"))
                .reason())
        .isEqualTo(RejectReason.OUTSIDE_JURISDICTION);
    accept(
        registrarKe,
        new SetAlert(child, AlertAction.UPDATE, AlertPriority.CRITICAL, "KE desk 116"));
    Alert updated = registry().alert(child).orElseThrow();
    assertThat(updated.priority()).isEqualTo(AlertPriority.CRITICAL);
    assertThat(updated.raisedBy()).isEqualTo(caseWorkerUg.id());
    assertThat(updated.raisingOrganisation()).isEqualTo(caseWorkerUg.org());

    accept(
        caseWorkerUg,
        new SetAlert(
            child, AlertAction.RESOLVE, AlertPriority.CRITICAL, "KE desk 116", "found safe"));
    assertThat(registry().alert(child).orElseThrow().open()).isFalse();
    assertThat(registry().alert(child).orElseThrow().raisedBy()).isEqualTo(caseWorkerUg.id());
    assertThat(registry().alertHistory(child))
        .extracting(AlertChange::action, AlertChange::officer, AlertChange::reason)
        .containsExactly(
            tuple(AlertAction.RAISE, caseWorkerUg.id(), ""),
            tuple(AlertAction.UPDATE, registrarKe.id(), ""),
            tuple(AlertAction.RESOLVE, caseWorkerUg.id(), "found safe"));
    assertThat(
            reject(registrarKe, new SetAlert(child, AlertAction.RAISE, AlertPriority.LOW, "desk"))
                .reason())
        .isEqualTo(RejectReason.ROLE_NOT_PERMITTED);
  }

  @Test
  void aResolutionCarriesAReasonAndOnlyAResolutionDoes() {
    ChildNumber child = registeredChild();
    assertThatThrownBy(
            () -> new SetAlert(child, AlertAction.RESOLVE, AlertPriority.LOW, "desk", ""))
        .hasMessageContaining("reason");
    assertThatThrownBy(
            () -> new SetAlert(child, AlertAction.UPDATE, AlertPriority.LOW, "desk", "because"))
        .hasMessageContaining("only when resolving");
  }

  // ---- access audit ----

  @Test
  void readsOfPersonalDataAreRecordedOnlyForOfficersAllowedToRead() {
    ChildNumber child = registeredChild();

    accept(registrarKe, new RecordAccess(List.of(new RecordAccess.Read(child, "card printing"))));
    assertThat(registry().accessLog(child))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.reader()).isEqualTo(registrarKe.id());
              assertThat(entry.purpose()).isEqualTo("card printing");
            });

    // A border officer reads only an open alert's description: this child has none.
    assertThat(
            reject(borderKe, new RecordAccess(List.of(new RecordAccess.Read(child, "curious"))))
                .reason())
        .isEqualTo(RejectReason.OUTSIDE_ORGANISATION);
    assertThat(
            reject(agentKe, new RecordAccess(List.of(new RecordAccess.Read(child, "curious"))))
                .reason())
        .isEqualTo(RejectReason.ROLE_NOT_PERMITTED);
    RecordAccess caseRead = new RecordAccess(List.of(new RecordAccess.Read(child, "case 42")));
    assertThat(reject(caseWorkerUg, caseRead).reason())
        .isEqualTo(RejectReason.OUTSIDE_JURISDICTION);

    accept(caseWorkerUg, new SetAlert(child, AlertAction.RAISE, AlertPriority.HIGH, "UG CPU desk"));
    accept(caseWorkerUg, caseRead);
    assertThat(registry().accessLog(child)).hasSize(2);
  }

  @Test
  void aBorderOfficersReadOfAnAlertsDescription_isRecordedOnlyWhileTheAlertIsOpen() {
    ChildNumber child = registeredChild();
    RecordAccess borderRead =
        new RecordAccess(List.of(new RecordAccess.Read(child, "border check ALERT at KE-NAMANGA")));
    assertThat(reject(borderKe, borderRead).reason()).isEqualTo(RejectReason.OUTSIDE_ORGANISATION);

    Hash photo = token("photo bytes");
    accept(
        caseWorkerUg,
        new SetAlert(
            child, AlertAction.RAISE, AlertPriority.HIGH, "UG CPU desk", "", Optional.of(photo)));
    assertThat(registry().alert(child).orElseThrow().photoHash()).contains(photo);
    accept(borderKe, borderRead);
    accept(
        caseWorkerUg,
        new SetAlert(child, AlertAction.UPDATE, AlertPriority.CRITICAL, "UG CPU desk 2"));
    assertThat(registry().alert(child).orElseThrow().photoHash())
        .as("an update without a photo keeps the photo")
        .contains(photo);
    accept(caseWorkerUg, new SetAlert(child, AlertAction.RESOLVE, AlertPriority.LOW, "x", "found"));

    assertThat(reject(borderKe, borderRead).reason()).isEqualTo(RejectReason.OUTSIDE_ORGANISATION);
    assertThat(registry().accessLog(child)).hasSize(1);
  }

  @Test
  void aResolutionCarriesNoPhoto() {
    assertThatThrownBy(
            () ->
                new SetAlert(
                    newChild(),
                    AlertAction.RESOLVE,
                    AlertPriority.LOW,
                    "desk",
                    "found",
                    Optional.of(token("photo"))))
        .hasMessageStartingWith("photoHash:");
  }

  // ---- timeline ----

  @Test
  void eachRoleRecordsItsOwnKindOfEvent() {
    ChildNumber child = registeredChild();

    accept(borderKe, new RecordEvent(child, EventType.CROSSING_EXIT));
    assertThat(reject(agentKe, new RecordEvent(child, EventType.CROSSING_EXIT)).reason())
        .isEqualTo(RejectReason.ROLE_NOT_PERMITTED);
    accept(agentKe, new RecordEvent(child, EventType.CLINIC_CHECK_IN));

    assertThat(registry().timeline(child))
        .extracting(event -> event.type())
        .containsExactly(EventType.CROSSING_EXIT, EventType.CLINIC_CHECK_IN);
    assertThat(registry().timeline(child).get(0).place()).isEqualTo(KE);
    assertThat(reject(borderKe, new RecordEvent(newChild(), EventType.SIGHTING)).reason())
        .isEqualTo(RejectReason.NOT_FOUND);
  }

  // ---- status, correction, erasure ----

  @Test
  void statusFollowsAllowedTransitionsOnly() {
    ChildNumber child = registeredChild();

    accept(registrarKe, new ChangeChildStatus(child, ChildStatus.SUSPENDED, "fraud report"));
    accept(registrarKe, new ChangeChildStatus(child, ChildStatus.REGISTERED, "report unfounded"));
    accept(registrarKe, new ChangeChildStatus(child, ChildStatus.DECEASED, "death registered"));

    assertThat(
            reject(registrarKe, new ChangeChildStatus(child, ChildStatus.REGISTERED, "oops"))
                .detail())
        .contains("cannot go from DECEASED to REGISTERED");
  }

  @Test
  void onlyTheHoldingOrganisationErasesAndTheRecordStaysAsErased() {
    ChildNumber child = registeredChild();
    ledger.grant(ledger.member(1), "KE");
    TestOfficer otherOrgRegistrarKe = ledger.aRegistrar().of(ledger.member(1)).in("KE").enrolled();

    assertThat(
            reject(otherOrgRegistrarKe, new ChangeChildStatus(child, ChildStatus.ERASED, "asked"))
                .reason())
        .isEqualTo(RejectReason.OUTSIDE_ORGANISATION);
    accept(registrarKe, new ChangeChildStatus(child, ChildStatus.ERASED, "family asked"));

    assertThat(registry().child(child).orElseThrow().status()).isEqualTo(ChildStatus.ERASED);
    assertThat(
            reject(registrarKe, new ChangeChildStatus(child, ChildStatus.ERASED, "again")).reason())
        .isEqualTo(RejectReason.CONFLICT);
  }

  @Test
  void correctionKeepsTheNumberAndBumpsTheVersion() {
    ChildNumber child = registeredChild(nameAndBirth("old"));

    accept(
        registrarKe,
        new CorrectChild(child, token("new data"), List.of(nameAndBirth("new")), "typo"));

    assertThat(registry().child(child).orElseThrow().version()).isEqualTo(2);
    assertThat(registry().child(child).orElseThrow().commitment()).isEqualTo(token("new data"));
    assertThat(registry().childrenWithToken(nameAndBirth("new"))).containsExactly(child);
  }

  // ---- status list, travel consents and border checks ----

  private static final LocalDate TODAY =
      LocalDate.ofInstant(Instant.ofEpochMilli(TestConsortium.GENESIS_MILLIS), ZoneOffset.UTC);
  private static final Hash MOTHER = token("KE national ID of the mother");
  private static final Hash FATHER = token("KE national ID of the father");

  @Test
  void registrationGivesEachChildTheNextBitOfItsIssuersStatusList() {
    ChildNumber first = registeredChild();
    ChildNumber second = registeredChild();
    ChildNumber declaredOnly = newChild();
    accept(agentKe, declaration(declaredOnly));

    assertThat(registry().statusIndex(second).orElseThrow())
        .isEqualTo(registry().statusIndex(first).orElseThrow() + 1);
    assertThat(registry().statusIndex(declaredOnly)).isEmpty();
  }

  private ChildNumber childWithMother(boolean motherMayConsent) {
    ChildNumber child = registeredChild();
    accept(
        registrarKe,
        new LinkGuardian(
            child, new GuardianLink(Relationship.MOTHER, MOTHER, motherMayConsent, "birth"), true));
    return child;
  }

  private static TravelConsent consent(ChildNumber child, Hash id, boolean multiple, Hash by) {
    return new TravelConsent(
        id,
        child,
        token("companion passport"),
        List.of(new Jurisdiction("UG")),
        TODAY,
        TODAY.plusDays(14),
        multiple,
        List.of(by),
        "given in person at the Nairobi office",
        SHOWN_COMMITMENT,
        ConsentState.ACTIVE);
  }

  @Test
  void aRegistrarRecordsAConsentFromAGuardianWhoMayConsent_andRevokesIt() {
    ChildNumber child = childWithMother(true);
    Hash id = token("consent 1");

    accept(registrarKe, new GrantConsent(consent(child, id, true, MOTHER)));

    assertThat(registry().consent(id).orElseThrow().covers(new Jurisdiction("UG"), TODAY)).isTrue();
    assertThat(reject(registrarKe, new GrantConsent(consent(child, id, true, MOTHER))).reason())
        .isEqualTo(RejectReason.CONFLICT);
    accept(registrarKe, new RevokeConsent(id, "the mother withdrew it"));
    assertThat(registry().consent(id).orElseThrow().state()).isEqualTo(ConsentState.REVOKED);
    assertThat(reject(registrarKe, new RevokeConsent(id, "again")).reason())
        .isEqualTo(RejectReason.CONFLICT);
  }

  @Test
  void aConsentNeedsALinkedGuardianWhoMayConsent_aRegistrarOfTheJurisdiction_andFutureDates() {
    ChildNumber child = childWithMother(false);

    assertThat(
            reject(registrarKe, new GrantConsent(consent(child, token("c"), true, MOTHER)))
                .detail())
        .contains("may consent to travel");
    assertThat(
            reject(registrarKe, new GrantConsent(consent(child, token("c"), true, FATHER)))
                .reason())
        .isEqualTo(RejectReason.CONFLICT);
    ChildNumber mayTravel = childWithMother(true);
    assertThat(
            reject(agentKe, new GrantConsent(consent(mayTravel, token("c"), true, MOTHER)))
                .reason())
        .isEqualTo(RejectReason.ROLE_NOT_PERMITTED);
    assertThat(
            reject(registrarUg, new GrantConsent(consent(mayTravel, token("c"), true, MOTHER)))
                .reason())
        .isEqualTo(RejectReason.OUTSIDE_JURISDICTION);
    TravelConsent past =
        new TravelConsent(
            token("old"),
            mayTravel,
            token("companion passport"),
            List.of(new Jurisdiction("UG")),
            TODAY.minusDays(30),
            TODAY.minusDays(1),
            false,
            List.of(MOTHER),
            "too late",
            SHOWN_COMMITMENT,
            ConsentState.ACTIVE);
    assertThat(reject(registrarKe, new GrantConsent(past)).detail()).contains("end before");
  }

  @Test
  void whereTheMembersAskForBothGuardians_oneGuardiansConsentIsNotEnough() {
    ChildNumber child = childWithMother(true);
    accept(
        registrarKe,
        new LinkGuardian(
            child, new GuardianLink(Relationship.FATHER, FATHER, true, "birth record"), true));
    TxResult rule =
        ledger
            .commit(ledger.governance(new SetConsentRule(KE, 2, "both parents, by law"), 2))
            .get(0);
    assertThat(rule.validation()).isEqualTo(Validation.accepted());

    assertThat(
            reject(registrarKe, new GrantConsent(consent(child, token("one"), true, MOTHER)))
                .detail())
        .contains("asks for 2");
    TravelConsent both =
        new TravelConsent(
            token("both"),
            child,
            token("companion passport"),
            List.of(new Jurisdiction("UG")),
            TODAY,
            TODAY.plusDays(14),
            true,
            List.of(MOTHER, FATHER),
            "both parents present",
            SHOWN_COMMITMENT,
            ConsentState.ACTIVE);
    accept(registrarKe, new GrantConsent(both));
  }

  /** The digest of every test consent's credential: what a crossing shows as proof. */
  private static final Hash SHOWN = token("HV1:the consent credential");

  private static final Hash SHOWN_COMMITMENT = TravelConsent.commitment(SHOWN);

  private static RecordCrossing crossing(
      ChildNumber child, RecordCrossing.Outcome outcome, Hash consentId, Hash shown) {
    return new RecordCrossing(
        Optional.of(child),
        RecordCrossing.Direction.EXIT,
        "KE-NAMANGA",
        KE,
        new Jurisdiction("UG"),
        outcome,
        List.of("CONSENT_VALID"),
        Optional.empty(),
        Optional.empty(),
        Optional.ofNullable(consentId).map(id -> new RecordCrossing.ShownConsent(id, shown)),
        Optional.of(token("companion passport under the card salt")),
        7,
        TestConsortium.GENESIS_MILLIS);
  }

  private static RecordCrossing crossing(
      ChildNumber child, RecordCrossing.Outcome outcome, Hash consentId) {
    return crossing(child, outcome, consentId, SHOWN);
  }

  /** The one transaction a device signs for a record, as a border officer's device does. */
  private Transaction signedOnDevice(TestOfficer officer, RecordCrossing crossing) {
    return crossing.sign(officer.signer(), ledger.chainId());
  }

  @Test
  void aBorderCheckJoinsTheTimelineOnce_andUsesUpASingleTripConsent() {
    ChildNumber child = childWithMother(true);
    Hash single = token("single trip");
    accept(registrarKe, new GrantConsent(consent(child, single, false, MOTHER)));
    RecordCrossing check = crossing(child, RecordCrossing.Outcome.PASS, single);

    TxResult first = ledger.commit(signedOnDevice(borderKe, check)).get(0);

    assertThat(first.validation()).isEqualTo(Validation.accepted());
    assertThat(registry().timeline(child))
        .singleElement()
        .satisfies(event -> assertThat(event.type()).isEqualTo(EventType.CROSSING_EXIT));
    assertThat(registry().consent(single).orElseThrow().state()).isEqualTo(ConsentState.USED);
    assertThat(registry().timeline(child).get(0).check())
        .contains(new TimelineEvent.BorderCheck(check.checkpoint(), RecordCrossing.Outcome.PASS));
    TestConsortium.BlockRun again = ledger.propose(signedOnDevice(borderKe, check));
    assertThat(again.results().get(0).validation())
        .isInstanceOfSatisfying(
            Validation.Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(RejectReason.DUPLICATE_ID));
    assertThat(registry().timeline(child)).hasSize(1);
  }

  @Test
  void aRefusedCheckIsRecordedToo_butLeavesAMultiTripConsentInForce() {
    ChildNumber child = childWithMother(true);
    Hash multiple = token("multiple trips");
    accept(registrarKe, new GrantConsent(consent(child, multiple, true, MOTHER)));

    accept(borderKe, crossing(child, RecordCrossing.Outcome.SECONDARY_INSPECTION, multiple));
    accept(borderKe, crossing(child, RecordCrossing.Outcome.PASS, multiple));

    assertThat(registry().timeline(child)).hasSize(2);
    assertThat(registry().consent(multiple).orElseThrow().active()).isTrue();
  }

  @Test
  void onlyBorderOfficersRecordChecks() {
    ChildNumber child = registeredChild();
    assertThat(reject(registrarKe, crossing(child, RecordCrossing.Outcome.PASS, null)).reason())
        .isEqualTo(RejectReason.ROLE_NOT_PERMITTED);
  }

  @Test
  void rejectsCrossingAtACheckpointOutsideTheOfficersJurisdiction() {
    ChildNumber child = registeredChild();
    TestOfficer borderUg =
        ledger.anOfficer(Role.BORDER_OFFICER).of(ledger.member(1)).in("UG").enrolled();

    Validation.Rejected rejected =
        reject(borderUg, crossing(child, RecordCrossing.Outcome.PASS, null));

    assertThat(rejected.reason()).isEqualTo(RejectReason.OUTSIDE_JURISDICTION);
    assertThat(rejected.detail()).contains("at a checkpoint in their jurisdiction (KE)");
  }

  @Test
  void rejectsAPassNamingASingleTripConsentWithoutItsCredential_andTheConsentStaysUsable() {
    ChildNumber child = childWithMother(true);
    Hash single = token("single trip, not shown");
    accept(registrarKe, new GrantConsent(consent(child, single, false, MOTHER)));

    Validation.Rejected rejected =
        reject(
            borderKe,
            crossing(child, RecordCrossing.Outcome.PASS, single, token("a guessed credential")));

    assertThat(rejected.reason()).isEqualTo(RejectReason.CONSENT_NOT_SHOWN);
    assertThat(registry().consent(single).orElseThrow().active()).isTrue();
    assertThat(registry().timeline(child)).isEmpty();
  }

  @Test
  void theConsentsCommitmentOnTheLedgerIsNotTheProofACrossingCarries() {
    // Whoever reads a GrantConsent must not find there what a crossing needs to use it up.
    assertThat(SHOWN_COMMITMENT).isNotEqualTo(SHOWN);
    assertThat(consent(registeredChild(), token("c"), false, MOTHER).shownBy(SHOWN)).isTrue();
    assertThat(consent(registeredChild(), token("c"), false, MOTHER).shownBy(SHOWN_COMMITMENT))
        .isFalse();
  }
}
