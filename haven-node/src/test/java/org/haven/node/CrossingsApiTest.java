package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Role;
import org.haven.core.registry.TravelConsent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.TxSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crossing is its border officer's own signed record, through the real API of a started node:
 * whoever uploads it, the ledger holds the transaction the officer signed on the device, once. Each
 * attack is refused with the ledger's reason and leaves the ledger as it was, both on {@code POST
 * /crossings} and as a raw transaction on {@code POST /transactions}.
 */
class CrossingsApiTest {
  private static final String PASSWORD = RegistryScenarioTest.PASSWORD;
  private static final String SIGNED = "application/octet-stream";
  private static final Map<String, Object> MOTHER =
      Map.of("type", "NATIONAL_ID", "number", "30117742", "country", "KE");

  /** The checks' times: recent, each test a different second, so no two checks are alike. */
  private static final long NOW = System.currentTimeMillis();

  @TempDir static Path root;

  private static SingleNodeLedger ledger;
  private static HavenNode node;
  private static SingleNodeLedger.Actor borderA;
  private static SingleNodeLedger.Actor borderB;
  private static SingleNodeLedger.Actor registrarActor;
  private static ApiClient agent;
  private static ApiClient registrar;
  private static ApiClient caseWorker;
  private static ApiClient auditor;
  private static ApiClient officerA;
  private static ApiClient officerB;
  private static ApiClient anonymous;
  private static ChildNumber child;

  @BeforeAll
  static void start() throws Exception {
    ledger = SingleNodeLedger.writeTo(root);
    borderA = ledger.newOfficer("ke.border.a", Role.BORDER_OFFICER);
    borderB = ledger.newOfficer("ke.border.b", Role.BORDER_OFFICER);
    registrarActor = ledger.newOfficer("ke.registrar.r", Role.REGISTRAR);
    node =
        ledger.startWith(
            List.of(
                borderA,
                borderB,
                registrarActor,
                ledger.newOfficer("ke.agent.a", Role.FIELD_AGENT),
                ledger.newOfficer("ke.caseworker.c", Role.CASE_WORKER),
                ledger.newOfficer("ke.auditor.x", Role.AUDITOR)),
            PASSWORD);
    agent = new ApiClient(node.httpPort()).loggedIn("ke.agent.a", PASSWORD);
    registrar = new ApiClient(node.httpPort()).loggedIn("ke.registrar.r", PASSWORD);
    caseWorker = new ApiClient(node.httpPort()).loggedIn("ke.caseworker.c", PASSWORD);
    auditor = new ApiClient(node.httpPort()).loggedIn("ke.auditor.x", PASSWORD);
    officerA = new ApiClient(node.httpPort()).loggedIn("ke.border.a", PASSWORD);
    officerB = new ApiClient(node.httpPort()).loggedIn("ke.border.b", PASSWORD);
    anonymous = new ApiClient(node.httpPort());
    Map<String, Object> declared = new HashMap<>();
    declared.put("evidence", "BIRTH_NOTIFICATION");
    declared.put(
        "child",
        Map.of(
            "givenNames", "Neema",
            "familyNames", "Chebet",
            "dateOfBirth", "2021-05-09",
            "sex", "FEMALE"));
    child = ChildNumber.parse(agent.post("/children", declared).body().get("childNumber").asText());
    registrar.post(
        "/children/" + child + "/decision", Map.of("decision", "REGISTER", "reason", "seen"));
    registrar.post(
        "/children/" + child + "/guardians",
        Map.of(
            "relationship",
            "MOTHER",
            "document",
            MOTHER,
            "mayConsentToTravel",
            true,
            "reference",
            "birth record"));
  }

  @AfterAll
  static void stop() throws IOException {
    if (node != null) {
      node.close();
    }
  }

  /** A single-trip consent for the uncle: its id and its credential's QR text. */
  private record Consent(Hash id, String qr) {}

  private static Consent singleTripConsent() throws Exception {
    Map<String, Object> grant = new HashMap<>();
    grant.put("companion", Map.of("type", "PASSPORT", "number", "AK0042117", "country", "UG"));
    grant.put("destinations", List.of("UG"));
    grant.put("validFrom", LocalDate.now().toString());
    grant.put("validUntil", LocalDate.now().plusDays(10).toString());
    grant.put("multipleTrips", false);
    grant.put("grantedBy", List.of(MOTHER));
    grant.put("reference", "mother present at the Nairobi office");
    ApiClient.Answer granted = registrar.post("/children/" + child + "/consents", grant);
    assertThat(granted.status()).as("%s", granted).isEqualTo(201);
    return new Consent(
        Hash.fromHex(granted.body().get("consentId").asText()), granted.body().get("qr").asText());
  }

  private static boolean consentActive(Hash consentId) throws Exception {
    for (JsonNode consent : registrar.get("/children/" + child + "/consents").body().get("items")) {
      if (consent.get("consentId").asText().equals(consentId.toHex())) {
        return consent.get("active").asBoolean();
      }
    }
    throw new AssertionError("consent " + consentId + " is not listed");
  }

  private static RecordCrossing check(
      RecordCrossing.Outcome outcome, Optional<RecordCrossing.ShownConsent> consent, long at) {
    return new RecordCrossing(
        Optional.of(child),
        RecordCrossing.Direction.EXIT,
        "KE-NAMANGA",
        new Jurisdiction("KE"),
        new Jurisdiction("UG"),
        outcome,
        List.of(outcome == RecordCrossing.Outcome.PASS ? "CONSENT_VALID" : "NO_VALID_CONSENT"),
        Optional.empty(),
        Optional.empty(),
        consent,
        Optional.of(Hash.sha256(new byte[] {1})),
        3,
        at);
  }

  /** {@code crossing} as {@code officer} signs it on their device. */
  private static Transaction signedOnDevice(
      SingleNodeLedger.Actor officer, RecordCrossing crossing) {
    return crossing.sign(new TxSigner(officer.id(), officer.key()), ledger.genesis().hash());
  }

  private static long treeSize() throws Exception {
    return agent.get("/status").body().get("recordTreeSize").asLong();
  }

  private static int timelineCrossings() throws Exception {
    int crossings = 0;
    for (JsonNode event : caseWorker.get("/children/" + child + "/timeline").body().get("items")) {
      if (event.get("type").asText().startsWith("CROSSING_")) {
        crossings++;
      }
    }
    return crossings;
  }

  /**
   * Uploads {@code tx} to {@code /crossings} in {@code session} and as a raw transaction, both of
   * which must be refused with {@code status} and {@code reason}, leaving the ledger as it was.
   */
  private static JsonNode refusedEverywhere(
      ApiClient session, Transaction tx, int status, String reason) throws Exception {
    long before = treeSize();
    int crossingsBefore = timelineCrossings();
    ApiClient.Answer relayed = session.post("/crossings", tx.encoded().toArray(), SIGNED);
    assertThat(relayed.status()).as("%s", relayed).isEqualTo(status);
    assertThat(relayed.header("Content-Type")).startsWith("application/problem+json");
    assertThat(relayed.body().get("reason").asText()).isEqualTo(reason);
    ApiClient.Answer raw = session.post("/transactions", tx.encoded().toArray(), SIGNED);
    assertThat(raw.status()).as("%s", raw).isEqualTo(status);
    assertThat(raw.body().get("reason").asText()).isEqualTo(reason);
    assertThat(treeSize()).as("nothing was written").isEqualTo(before);
    assertThat(timelineCrossings()).as("the timeline is unchanged").isEqualTo(crossingsBefore);
    return relayed.body();
  }

  @Test
  void syncByAnotherOfficer_putsTheCheckOnTheLedgerAsItsOfficerSignedIt_once() throws Exception {
    Transaction signedByA =
        signedOnDevice(
            borderA,
            check(RecordCrossing.Outcome.SECONDARY_INSPECTION, Optional.empty(), NOW - 10_000));

    ApiClient.Answer uploaded = officerB.post("/crossings", signedByA.encoded().toArray(), SIGNED);

    assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
    assertThat(uploaded.body().get("transactionId").asText()).isEqualTo(signedByA.id().toHex());
    assertThat(uploaded.body().get("alreadyRecorded").asBoolean()).isFalse();
    JsonNode stored = auditor.get("/transactions/" + signedByA.id().toHex()).body();
    assertThat(Base64.getDecoder().decode(stored.get("transaction").asText()))
        .as("the ledger holds A's transaction byte for byte, not one the node signed")
        .isEqualTo(signedByA.encoded().toArray());
    JsonNode events = caseWorker.get("/children/" + child + "/timeline").body().get("items");
    assertThat(events.get(events.size() - 1).get("recordedBy").asText()).isEqualTo("ke.border.a");
    long recorded = treeSize();
    int crossings = timelineCrossings();

    ApiClient.Answer replayed = officerB.post("/crossings", signedByA.encoded().toArray(), SIGNED);

    assertThat(replayed.status()).as("%s", replayed).isEqualTo(200);
    assertThat(replayed.body().get("alreadyRecorded").asBoolean()).isTrue();
    assertThat(replayed.body().get("logIndex").asLong())
        .isEqualTo(uploaded.body().get("logIndex").asLong());
    ApiClient.Answer rawReplay =
        officerB.post("/transactions", signedByA.encoded().toArray(), SIGNED);
    assertThat(rawReplay.body().get("reason").asText()).isEqualTo("DUPLICATE_ID");
    assertThat(treeSize()).as("still one entry").isEqualTo(recorded);
    assertThat(timelineCrossings()).isEqualTo(crossings);
  }

  @Test
  void aRecordAlteredInTransit_isRefusedAsBadSignature() throws Exception {
    Transaction signedByA =
        signedOnDevice(
            borderA,
            check(RecordCrossing.Outcome.SECONDARY_INSPECTION, Optional.empty(), NOW - 9_000));
    // The relaying officer turns the referral into a PASS and keeps A's signature.
    TxBody original = signedByA.body();
    TxBody altered =
        new TxBody(
            original.actor(),
            original.createdAtMillis(),
            original.nonce(),
            check(RecordCrossing.Outcome.PASS, Optional.empty(), NOW - 9_000));
    CanonicalWriter out = new CanonicalWriter().bytes(Bytes.of(altered.encode()));
    out.list(
        signedByA.endorsements(),
        (w, e) -> w.string(e.signer().value()).fixed(e.signature().bytes()));
    Transaction tampered = Transaction.decode(out.toBytes());

    JsonNode problem = refusedEverywhere(officerB, tampered, 422, "BAD_SIGNATURE");

    assertThat(problem.get("detail").asText()).contains("ke.border.a");
  }

  @Test
  void aCrossingSignedByARegistrar_isRefused() throws Exception {
    Transaction byRegistrar =
        signedOnDevice(
            registrarActor, check(RecordCrossing.Outcome.PASS, Optional.empty(), NOW - 8_000));

    JsonNode problem = refusedEverywhere(registrar, byRegistrar, 403, "ROLE_NOT_PERMITTED");

    assertThat(problem.get("detail").asText()).contains("BORDER_OFFICER");
  }

  @Test
  void aCrossingAtACheckpointOutsideTheOfficersJurisdiction_isRefused() throws Exception {
    RecordCrossing abroad =
        new RecordCrossing(
            Optional.of(child),
            RecordCrossing.Direction.ENTRY,
            "UG-BUSIA",
            new Jurisdiction("UG"),
            new Jurisdiction("UG"),
            RecordCrossing.Outcome.PASS,
            List.of("COMPANION_IS_GUARDIAN"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            3,
            NOW - 7_000);

    JsonNode problem =
        refusedEverywhere(officerA, signedOnDevice(borderA, abroad), 403, "OUTSIDE_JURISDICTION");

    assertThat(problem.get("detail").asText())
        .contains("at a checkpoint in their jurisdiction (UG)");
  }

  @Test
  void aPassUsingUpASingleTripConsentWithoutItsCredential_isRefused_andTheConsentStaysUsable()
      throws Exception {
    Consent consent = singleTripConsent();
    // Officer B read the consent id off the ledger, but never saw the credential.
    Transaction guessed =
        signedOnDevice(
            borderB,
            check(
                RecordCrossing.Outcome.PASS,
                Optional.of(
                    new RecordCrossing.ShownConsent(
                        consent.id(), TravelConsent.credentialDigest(consent.id().toHex()))),
                NOW - 6_000));

    refusedEverywhere(officerB, guessed, 403, "CONSENT_NOT_SHOWN");

    assertThat(consentActive(consent.id())).as("the consent is still usable").isTrue();
    Transaction shown =
        signedOnDevice(
            borderA,
            check(
                RecordCrossing.Outcome.PASS,
                Optional.of(
                    new RecordCrossing.ShownConsent(
                        consent.id(), TravelConsent.credentialDigest(consent.qr()))),
                NOW - 5_000));
    assertThat(officerA.post("/crossings", shown.encoded().toArray(), SIGNED).status())
        .isEqualTo(201);
    assertThat(consentActive(consent.id())).as("the trip used it up").isFalse();
  }

  @Test
  void theWebPagesOfflineRecord_isUploadedOnlyInItsOfficersSession_once() throws Exception {
    Map<String, Object> record = new HashMap<>();
    record.put("officer", "ke.border.a");
    record.put("childNumber", child.toString());
    record.put("direction", "EXIT");
    record.put("checkpoint", "KE-NAMANGA");
    record.put("country", "KE");
    record.put("destination", "TZ");
    record.put("outcome", "SECONDARY_INSPECTION");
    record.put("reasons", List.of("NO_VALID_CONSENT"));
    record.put("bundleVersion", 4);
    record.put("checkedAt", NOW - 4_000);
    long before = treeSize();

    ApiClient.Answer byB = officerB.post("/crossings", record);

    assertThat(byB.status()).as("%s", byB).isEqualTo(403);
    assertThat(byB.body().get("detail").asText()).contains("ke.border.a");
    assertThat(treeSize()).isEqualTo(before);

    int crossings = timelineCrossings();
    ApiClient.Answer byA = officerA.post("/crossings", record);
    long recorded = treeSize();
    ApiClient.Answer retried = officerA.post("/crossings", record);

    assertThat(byA.status()).as("%s", byA).isEqualTo(201);
    assertThat(retried.status()).as("%s", retried).isEqualTo(200);
    assertThat(retried.body().get("transactionId").asText())
        .isEqualTo(byA.body().get("transactionId").asText());
    assertThat(treeSize()).as("one entry").isEqualTo(recorded);
    assertThat(timelineCrossings()).as("one crossing").isEqualTo(crossings + 1);
  }

  @Test
  void anotherKindOfTransaction_orNoSession_isRefusedOnCrossings() throws Exception {
    Transaction enrolment = ledger.enrolment();
    long before = treeSize();

    ApiClient.Answer wrongKind = officerA.post("/crossings", enrolment.encoded().toArray(), SIGNED);
    ApiClient.Answer noSession =
        anonymous.post(
            "/crossings",
            signedOnDevice(
                    borderA, check(RecordCrossing.Outcome.ALERT, Optional.empty(), NOW - 3_000))
                .encoded()
                .toArray(),
            SIGNED);

    assertThat(wrongKind.status()).as("%s", wrongKind).isEqualTo(422);
    assertThat(wrongKind.body().get("detail").asText()).contains("RECORD_CROSSING");
    assertThat(noSession.status()).as("%s", noSession).isEqualTo(401);
    assertThat(treeSize()).isEqualTo(before);
  }
}
