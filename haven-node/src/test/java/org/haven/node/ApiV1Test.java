package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.Role;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes the web workspaces use, over real HTTP against a started node: the online border
 * check, the auditor's lists and counts, officers and their keys, governance proposals, one paging
 * scheme, and problem details for every kind of bad request.
 */
class ApiV1Test {
  private static final String PASSWORD = RegistryScenarioTest.PASSWORD;
  private static final String MOTHER_ID = "A7654321";

  @TempDir static Path root;

  private static SingleNodeLedger ledger;
  private static HavenNode node;
  private static ApiClient agent;
  private static ApiClient registrar;
  private static ApiClient caseWorker;
  private static ApiClient border;
  private static ApiClient auditor;
  private static ApiClient admin;
  private static Ed25519PrivateKey ugandaAdminKey;

  @BeforeAll
  static void start() throws Exception {
    ledger = SingleNodeLedger.writeTo(root);
    Map<String, Role> officers =
        Map.of(
            "ke.agent.a", Role.FIELD_AGENT,
            "ke.registrar.r", Role.REGISTRAR,
            "ke.caseworker.c", Role.CASE_WORKER,
            "ke.border.b", Role.BORDER_OFFICER,
            "ke.border.rotated", Role.BORDER_OFFICER,
            "ke.auditor.x", Role.AUDITOR);
    ledger.saveAdminCredential(PASSWORD);
    ugandaAdminKey = ledger.strangerKey();
    ledger.saveCredential(new OfficerId("ug-nira.admin"), ugandaAdminKey, PASSWORD);
    node = ledger.startWith(officers, PASSWORD);
    agent = new ApiClient(node.httpPort()).loggedIn("ke.agent.a", PASSWORD);
    registrar = new ApiClient(node.httpPort()).loggedIn("ke.registrar.r", PASSWORD);
    caseWorker = new ApiClient(node.httpPort()).loggedIn("ke.caseworker.c", PASSWORD);
    border = new ApiClient(node.httpPort()).loggedIn("ke.border.b", PASSWORD);
    auditor = new ApiClient(node.httpPort()).loggedIn("ke.auditor.x", PASSWORD);
    admin = new ApiClient(node.httpPort()).loggedIn(SingleNodeLedger.ADMIN.value(), PASSWORD);
  }

  @AfterAll
  static void stop() throws IOException {
    if (node != null) {
      node.close();
    }
  }

  private static String declare(String givenNames) throws Exception {
    Map<String, Object> child = new HashMap<>();
    child.put("givenNames", givenNames);
    child.put("familyNames", "Wanjiru");
    child.put("dateOfBirth", "2019-03-14");
    child.put("sex", "MALE");
    Map<String, Object> body = new HashMap<>();
    body.put("evidence", "BIRTH_NOTIFICATION");
    body.put("child", child);
    body.put(
        "guardians",
        List.of(
            Map.of(
                "relationship",
                "MOTHER",
                "names",
                "Zawadi Wanjiru",
                "document",
                Map.of("type", "NATIONAL_ID", "number", MOTHER_ID, "country", "KE"))));
    ApiClient.Answer declared = agent.post("/children", body);
    assertThat(declared.status()).as("%s", declared).isEqualTo(201);
    return declared.body().get("childNumber").asText();
  }

  private static String registered(String givenNames) throws Exception {
    String number = declare(givenNames);
    ApiClient.Answer decided =
        registrar.post(
            "/children/" + number + "/decision", Map.of("decision", "REGISTER", "reason", "seen"));
    assertThat(decided.status()).as("%s", decided).isEqualTo(200);
    return number;
  }

  /**
   * The log's size up to its newest record that is not the node's own cosignature, which it adds in
   * the background whenever it likes: what a refused request must leave as it was.
   */
  private static long treeSize() throws Exception {
    return agent.get("/status").body().get("recordTreeSize").asLong();
  }

  private static JsonNode problem(int status, ApiClient.Answer answer) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.body().get("status").asInt()).isEqualTo(status);
    assertThat(answer.body().get("detail").asText()).isNotBlank();
    return answer.body();
  }

  private static Map<String, Object> check(String qrOrNumber, String companion) {
    Map<String, Object> body = new HashMap<>();
    body.put(qrOrNumber.startsWith("HV1:") ? "qr" : "childNumber", qrOrNumber);
    body.put("companion", Map.of("type", "NATIONAL_ID", "number", companion, "country", "KE"));
    body.put("direction", "ENTRY");
    body.put("checkpoint", "KE-NAMANGA");
    return body;
  }

  // ---- the border ----

  @Test
  void aCheckWithoutTheOfficersComparison_isRecordedWithoutAMatch() throws Exception {
    String child = registered("Zuri");
    String qr = registrar.post("/children/" + child + "/card", Map.of()).body().get("qr").asText();
    long checksBefore = checksToday();

    JsonNode shown = border.post("/border/card", Map.of("qr", qr)).body();
    assertThat(shown.at("/card/givenNames").asText()).as("%s", shown).isEqualTo("Zuri");
    assertThat(shown.at("/card/guardians/0/relationship").asText()).isEqualTo("MOTHER");
    assertThat(shown.at("/card/ageYears").isInt()).isTrue();
    assertThat(checksToday()).as("showing the card records nothing").isEqualTo(checksBefore);

    JsonNode skipped = border.post("/border/check", check(qr, MOTHER_ID)).body();
    Map<String, Object> matches = check(qr, MOTHER_ID);
    matches.put("childMatches", true);
    JsonNode confirmed = border.post("/border/check", matches).body();
    Map<String, Object> mismatch = check(qr, MOTHER_ID);
    mismatch.put("childMatches", false);
    JsonNode swapped = border.post("/border/check", mismatch).body();

    assertThat(recorded(skipped).reasons()).containsExactly("COMPANION_IS_GUARDIAN");
    assertThat(recorded(confirmed).reasons())
        .containsExactly("COMPANION_IS_GUARDIAN", "CHILD_MATCHES_CARD");
    RecordCrossing swap = recorded(swapped);
    assertThat(swap.outcome()).isEqualTo(RecordCrossing.Outcome.SECONDARY_INSPECTION);
    assertThat(swap.reasons())
        .containsExactly("CHILD_DOES_NOT_MATCH_CARD", "COMPANION_IS_GUARDIAN");
    assertThat(swapped.at("/card/givenNames").asText()).isEqualTo("Zuri");

    Map<String, Object> bad = check(qr, MOTHER_ID);
    bad.put("childMatches", "yes");
    assertThat(problem(400, border.post("/border/check", bad)).toString()).contains("childMatches");
    assertThat(checksToday()).isEqualTo(checksBefore + 3);
  }

  @Test
  void aUsedSingleTripConsent_isReportedUsed_andARevokedOne_revoked_online() throws Exception {
    String child = registered("Imani");
    // Both parents consent: another test here has governance ask KE for two.
    List<Map<String, Object>> parents = new ArrayList<>();
    for (List<String> parent :
        List.of(List.of("MOTHER", MOTHER_ID), List.of("FATHER", "29001122"))) {
      Map<String, Object> document =
          Map.of("type", "NATIONAL_ID", "number", parent.get(1), "country", "KE");
      Map<String, Object> link = new HashMap<>();
      link.put("relationship", parent.get(0));
      link.put("document", document);
      link.put("mayConsentToTravel", true);
      link.put("reference", "birth record");
      ApiClient.Answer linked = registrar.post("/children/" + child + "/guardians", link);
      assertThat(linked.status()).as("%s", linked).isEqualTo(200);
      parents.add(document);
    }
    String qr = registrar.post("/children/" + child + "/card", Map.of()).body().get("qr").asText();
    JsonNode oneTrip = consent(child, parents, "27700411", false);
    JsonNode manyTrips = consent(child, parents, "27700412", true);

    JsonNode first = border.post("/border/check", exitWith(qr, "27700411", oneTrip)).body();
    JsonNode second = border.post("/border/check", exitWith(qr, "27700411", oneTrip)).body();
    ApiClient.Answer revoked =
        registrar.post(
            "/consents/" + manyTrips.get("consentId").asText() + "/revocation",
            Map.of("reason", "the mother withdrew it"));
    JsonNode afterRevocation =
        border.post("/border/check", exitWith(qr, "27700412", manyTrips)).body();

    assertThat(first.get("outcome").asText()).as("%s", first).isEqualTo("PASS");
    assertThat(second.get("outcome").asText()).isEqualTo("SECONDARY_INSPECTION");
    assertThat(recorded(second).reasons()).containsExactly("NO_VALID_CONSENT", "CONSENT_USED");
    assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);
    assertThat(afterRevocation.get("outcome").asText()).isEqualTo("SECONDARY_INSPECTION");
    assertThat(recorded(afterRevocation).reasons())
        .containsExactly("NO_VALID_CONSENT", "CONSENT_REVOKED");
    JsonNode listed = registrar.get("/children/" + child + "/consents").body().get("items");
    Map<String, String> states = new HashMap<>();
    listed.forEach(c -> states.put(c.get("consentId").asText(), c.get("state").asText()));
    assertThat(states)
        .containsEntry(oneTrip.get("consentId").asText(), "USED")
        .containsEntry(manyTrips.get("consentId").asText(), "REVOKED");
    JsonNode again =
        problem(
            409,
            registrar.post(
                "/consents/" + oneTrip.get("consentId").asText() + "/revocation",
                Map.of("reason", "withdrawn")));
    assertThat(again.get("detail").asText()).contains("no longer active: USED");
  }

  private static JsonNode consent(
      String child, List<Map<String, Object>> guardians, String companion, boolean multipleTrips)
      throws Exception {
    Map<String, Object> grant = new HashMap<>();
    grant.put("companion", Map.of("type", "NATIONAL_ID", "number", companion, "country", "KE"));
    grant.put("destinations", List.of("UG"));
    grant.put("validFrom", LocalDate.now(ZoneOffset.UTC).toString());
    grant.put("validUntil", LocalDate.now(ZoneOffset.UTC).plusDays(10).toString());
    grant.put("multipleTrips", multipleTrips);
    grant.put("grantedBy", guardians);
    grant.put("reference", "both parents present at the Nairobi office");
    ApiClient.Answer granted = registrar.post("/children/" + child + "/consents", grant);
    assertThat(granted.status()).as("%s", granted).isEqualTo(201);
    return granted.body();
  }

  private static Map<String, Object> exitWith(String qr, String companion, JsonNode consent) {
    Map<String, Object> body = check(qr, companion);
    body.put("direction", "EXIT");
    body.put("destination", "UG");
    body.put("consent", consent.get("qr").asText());
    return body;
  }

  /** The crossing a check answer names, as the ledger holds it (read by an auditor). */
  private static RecordCrossing recorded(JsonNode answer) throws Exception {
    JsonNode stored = auditor.get("/transactions/" + answer.get("transactionId").asText()).body();
    return (RecordCrossing)
        Transaction.decode(Bytes.of(Base64.getDecoder().decode(stored.get("transaction").asText())))
            .payload();
  }

  private static long checksToday() throws Exception {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    JsonNode checks =
        auditor.get("/stats/daily?from=" + today + "&to=" + today).body().at("/days/0/checks");
    return checks.get("PASS").asLong()
        + checks.get("SECONDARY_INSPECTION").asLong()
        + checks.get("ALERT").asLong();
  }

  /** The card of a child registered in Kenya prints its labels in Swahili beside English. */
  @Test
  void aCardIssuedInKenya_printsItsLabelsInSwahiliBesideEnglish() throws Exception {
    String child = registered("Neema");
    JsonNode card = registrar.post("/children/" + child + "/card", Map.of()).body();
    byte[] pdf = Base64.getDecoder().decode(card.get("pdf").asText());

    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(new PDFTextStripper().getText(document))
          .contains("Given names", "Majina ya kwanza", "Date of birth", "Tarehe ya kuzaliwa")
          .contains("Neema");
    }
  }

  @Test
  void borderJourney_scanCheckAlert_recordsEveryCheck_andTheDailyCountsSeeThem() throws Exception {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    JsonNode before = auditor.get("/stats/daily?from=" + today + "&to=" + today).body();
    String child = registered("Baraka");
    JsonNode card = registrar.post("/children/" + child + "/card", Map.of()).body();
    byte[] png = Base64.getDecoder().decode(card.get("qrPng").asText());

    ApiClient.Answer scanned = border.post("/border/scan", png, "image/png");
    assertThat(scanned.status()).as("%s", scanned).isEqualTo(200);
    String qr = scanned.body().get("qr").asText();
    assertThat(qr).isEqualTo(card.get("qr").asText());

    JsonNode guardian = border.post("/border/check", check(qr, MOTHER_ID)).body();
    assertThat(guardian.get("outcome").asText()).as("%s", guardian).isEqualTo("PASS");
    assertThat(guardian.get("reasons").toString()).contains("COMPANION_IS_GUARDIAN");
    assertThat(guardian.get("childNumber").asText()).isEqualTo(child);
    assertThat(guardian.get("bundleVersion").asLong()).isPositive();
    assertThat(guardian.get("bundleAgeSeconds").asLong()).isNotNegative();
    assertThat(guardian.get("transactionId").asText()).hasSize(64);
    assertThat(guardian.toString()).doesNotContain(MOTHER_ID);

    JsonNode stranger = border.post("/border/check", check(qr, "B1111111")).body();
    assertThat(stranger.get("outcome").asText()).isEqualTo("SECONDARY_INSPECTION");
    assertThat(stranger.get("reasons").toString()).contains("NO_VALID_CONSENT");

    JsonNode typed = border.post("/border/check", check(child, MOTHER_ID)).body();
    assertThat(typed.get("outcome").asText()).isEqualTo("SECONDARY_INSPECTION");
    assertThat(typed.get("reasons").toString()).contains("CARD_NOT_PRESENTED");

    assertThat(
            caseWorker
                .post(
                    "/children/" + child + "/alert",
                    Map.of("action", "RAISE", "priority", "CRITICAL", "contactPoint", "116 KE"))
                .status())
        .isEqualTo(200);
    JsonNode alert = border.post("/border/check", check(qr, MOTHER_ID)).body();
    assertThat(alert.get("outcome").asText()).isEqualTo("ALERT");
    assertThat(alert.get("contactPoint").asText()).isEqualTo("116 KE");
    JsonNode typedAlert = border.post("/border/check", check(child, "B1111111")).body();
    assertThat(typedAlert.get("outcome").asText()).isEqualTo("ALERT");

    JsonNode timeline = caseWorker.get("/children/" + child + "/timeline").body();
    List<String> types = new ArrayList<>();
    timeline.get("items").forEach(event -> types.add(event.get("type").asText()));
    assertThat(types).filteredOn("CROSSING_ENTRY"::equals).hasSize(5);
    JsonNode last = timeline.get("items").get(timeline.get("items").size() - 1);
    assertThat(last.get("outcome").asText()).as("%s", last).isEqualTo("ALERT");
    assertThat(last.get("checkpoint").asText()).isEqualTo("KE-NAMANGA");

    JsonNode after = auditor.get("/stats/daily?from=" + today + "&to=" + today).body();
    assertThat(after.get("days")).hasSize(1);
    JsonNode was = before.at("/days/0");
    JsonNode now = after.at("/days/0");
    assertThat(now.get("date").asText()).isEqualTo(today);
    assertThat(now.get("declarations").asInt() - was.get("declarations").asInt()).isOne();
    assertThat(now.get("registrations").asInt() - was.get("registrations").asInt()).isOne();
    assertThat(now.get("alertsRaised").asInt() - was.get("alertsRaised").asInt()).isOne();
    assertThat(now.at("/checks/PASS").asInt() - was.at("/checks/PASS").asInt()).isOne();
    assertThat(
            now.at("/checks/SECONDARY_INSPECTION").asInt()
                - was.at("/checks/SECONDARY_INSPECTION").asInt())
        .isEqualTo(2);
    assertThat(now.at("/checks/ALERT").asInt() - was.at("/checks/ALERT").asInt()).isEqualTo(2);

    JsonNode reads = auditor.get("/access-log?limit=200").body();
    List<String> readChildren = new ArrayList<>();
    reads.get("items").forEach(read -> readChildren.add(read.get("childNumber").asText()));
    assertThat(readChildren).contains(child);
  }

  @Test
  void scan_refusesWhatIsNotACardPhoto_andChangesNothing() throws Exception {
    long size = treeSize();
    JsonNode noCode =
        problem(
            422,
            border.post(
                "/border/scan", "not an image".getBytes(StandardCharsets.UTF_8), "image/png"));
    assertThat(noCode.at("/errors/0/field").asText()).isEqualTo("image");
    JsonNode wrongType =
        problem(415, border.post("/border/scan", new byte[] {1, 2, 3}, "text/plain"));
    assertThat(wrongType.get("detail").asText()).contains("image/jpeg or image/png");
    JsonNode tooLarge =
        problem(413, border.post("/border/scan", new byte[4 * 1024 * 1024 + 1], "image/jpeg"));
    assertThat(tooLarge.get("detail").asText()).contains("4 MiB");
    assertThat(treeSize()).isEqualTo(size);
  }

  @Test
  void check_namesTheFieldAtFault_andChangesNothing() throws Exception {
    long size = treeSize();
    Map<String, Object> both = check("HV1:ABC", MOTHER_ID);
    both.put("childNumber", "2957483061-9");
    assertThat(problem(400, border.post("/border/check", both)).at("/errors/0/field").asText())
        .isEqualTo("qr");
    Map<String, Object> exitWithout = check("HV1:ABC", MOTHER_ID);
    exitWithout.put("direction", "EXIT");
    assertThat(
            problem(400, border.post("/border/check", exitWithout)).at("/errors/0/field").asText())
        .isEqualTo("destination");
    Map<String, Object> noCompanion = check("HV1:ABC", MOTHER_ID);
    noCompanion.remove("companion");
    assertThat(
            problem(400, border.post("/border/check", noCompanion)).at("/errors/0/field").asText())
        .isEqualTo("companion");
    assertThat(
            problem(400, border.post("/border/check", check("1234", MOTHER_ID)))
                .at("/errors/0/field")
                .asText())
        .isEqualTo("childNumber");
    assertThat(treeSize()).isEqualTo(size);
  }

  // ---- the auditor ----

  @Test
  void blocks_arePagedNewestFirst_withTheirCheckpoints() throws Exception {
    ApiClient anyone = new ApiClient(node.httpPort());
    JsonNode first = anyone.get("/blocks?limit=2").body();
    assertThat(first.get("items")).hasSize(2);
    long top = first.at("/items/0/height").asLong();
    assertThat(first.at("/items/1/height").asLong()).isEqualTo(top - 1);
    assertThat(first.at("/items/0/checkpoint").asText())
        .as("the checkpoint after the block names its tree size on its second line")
        .contains("\n" + first.at("/items/0/treeSize").asLong() + "\n");
    List<Long> heights = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          anyone.get("/blocks?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).body();
      page.get("items").forEach(block -> heights.add(block.get("height").asLong()));
      cursor = page.get("next").isNull() ? null : page.get("next").asText();
    } while (cursor != null);
    assertThat(heights.get(heights.size() - 1)).isZero();
    for (int i = 1; i < heights.size(); i++) {
      assertThat(heights.get(i)).isEqualTo(heights.get(i - 1) - 1);
    }
  }

  @Test
  void auditorLists_refuseOtherRolesAndBadParameters() throws Exception {
    problem(403, registrar.get("/access-log"));
    problem(403, border.get("/stats/daily?from=2026-01-01&to=2026-01-02"));
    assertThat(
            problem(400, auditor.get("/stats/daily?from=2026-02-01&to=2026-01-01"))
                .at("/errors/0/field")
                .asText())
        .isEqualTo("to");
    assertThat(
            problem(400, auditor.get("/stats/daily?from=yesterday&to=2026-01-01"))
                .at("/errors/0/field")
                .asText())
        .isEqualTo("from");
    assertThat(
            problem(400, auditor.get("/stats/daily?from=2024-01-01&to=2026-01-01"))
                .get("detail")
                .asText())
        .contains("366");
  }

  // ---- paging ----

  @Test
  void everyListPagesWithLimitAndCursor_andRefusesBadOnes() throws Exception {
    Set<String> declared = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      declared.add(declare("Paged" + (char) ('a' + i)));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          registrar
              .get("/declarations?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
              .body();
      assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
      page.get("items").forEach(item -> seen.add(item.get("childNumber").asText()));
      cursor = page.get("next").isNull() ? null : page.get("next").asText();
      pages++;
    } while (cursor != null);
    assertThat(seen).doesNotHaveDuplicates().containsAll(declared);
    assertThat(pages).isGreaterThan(1);

    for (String list : List.of("/declarations", "/alerts", "/access-log", "/blocks", "/officers")) {
      ApiClient who =
          list.equals("/access-log") ? auditor : list.equals("/officers") ? admin : registrar;
      assertThat(problem(400, who.get(list + "?limit=0")).at("/errors/0/field").asText())
          .as(list)
          .isEqualTo("limit");
      assertThat(problem(400, who.get(list + "?limit=201")).at("/errors/0/field").asText())
          .isEqualTo("limit");
      assertThat(problem(400, who.get(list + "?cursor=%25%25")).at("/errors/0/field").asText())
          .as(list)
          .isEqualTo("cursor");
    }
  }

  // ---- officers and keys ----

  @Test
  void admin_listsOfficers_andRotatesAKey_endingItsSessions() throws Exception {
    List<String> officers = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          admin.get("/officers?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).body();
      page.get("items").forEach(item -> officers.add(item.get("officer").asText()));
      cursor = page.get("next").isNull() ? null : page.get("next").asText();
    } while (cursor != null);
    assertThat(officers).contains("ke.border.rotated", "ke.registrar.r").doesNotHaveDuplicates();

    ApiClient old = new ApiClient(node.httpPort()).loggedIn("ke.border.rotated", PASSWORD);
    String newPassword = "a brand new passphrase for the border";
    JsonNode rotated =
        admin.post("/officers/ke.border.rotated/key", Map.of("password", newPassword)).body();
    assertThat(rotated.get("transactionIds")).as("%s", rotated).hasSize(2);
    assertThat(rotated.get("publicKey").asText()).isNotEqualTo(rotated.get("revokedKey").asText());

    problem(401, old.get("/alerts"));
    assertThat(new ApiClient(node.httpPort()).login("ke.border.rotated", PASSWORD).status())
        .isEqualTo(401);
    ApiClient renewed = new ApiClient(node.httpPort()).loggedIn("ke.border.rotated", newPassword);
    assertThat(renewed.get("/alerts").status()).isEqualTo(200);

    problem(
        403, registrar.post("/officers/ke.border.rotated/key", Map.of("password", newPassword)));
    problem(404, admin.post("/officers/ke.nobody/key", Map.of("password", newPassword)));
    problem(403, registrar.get("/officers"));
    long size = treeSize();
    assertThat(
            problem(400, admin.post("/officers/ke.border.b/key", Map.of("password", "short")))
                .at("/errors/0/field")
                .asText())
        .isEqualTo("password");
    assertThat(treeSize()).as("a refused rotation revokes nothing").isEqualTo(size);
  }

  // ---- governance ----

  @Test
  void governance_proposalsAreEndorsedFromAnotherMembersSession() throws Exception {
    long before = treeSize();
    MemberCertificate someoneElses =
        MemberCertificate.generate(
            "tz-rita", Instant.now(), MemberCertificate.VALIDITY, new SecureRandom());
    JsonNode refused =
        problem(
            400,
            admin.post(
                "/governance/proposals",
                Map.of("change", ugandaAdmission(someoneElses.certificate(), "127.0.0.1:9"))));
    assertThat(refused.toString()).contains("CN=tz-rita", "not the member ug-nira");
    assertThat(
            problem(
                    400,
                    admin.post(
                        "/governance/proposals",
                        Map.of("change", ugandaAdmission(someoneElses.certificate(), "no-port"))))
                .at("/errors/0/field")
                .asText())
        .isEqualTo("change.node.raftAddress");
    assertThat(treeSize()).as("a refused admission changes nothing").isEqualTo(before);

    // The new member's node never starts here: the group keeps its one member, and writes go on.
    MemberCertificate ugandaNode =
        MemberCertificate.generate(
            "ug-nira", Instant.now(), MemberCertificate.VALIDITY, new SecureRandom());
    Map<String, Object> admission = ugandaAdmission(ugandaNode.certificate(), "127.0.0.1:9");
    JsonNode admitted = admin.post("/governance/proposals", Map.of("change", admission)).body();
    assertThat(admitted.get("status").asText()).as("%s", admitted).isEqualTo("APPLIED");
    assertThat(admitted.at("/change/node/raftAddress").asText()).isEqualTo("127.0.0.1:9");
    assertThat(admitted.get("approvals").toString()).contains("ke-civil-registry");

    Map<String, Object> rule =
        Map.of("kind", "SET_CONSENT_RULE", "jurisdiction", "KE", "guardians", 2, "reason", "law");
    JsonNode proposed = admin.post("/governance/proposals", Map.of("change", rule)).body();
    assertThat(proposed.get("status").asText()).as("%s", proposed).isEqualTo("OPEN");
    assertThat(proposed.get("required").asInt()).isEqualTo(2);
    String id = proposed.get("id").asText();
    JsonNode open = admin.get("/governance/proposals?status=OPEN").body();
    assertThat(open.get("items").toString()).contains(id);

    problem(409, admin.post("/governance/proposals/" + id + "/votes", Map.of()));
    ApiClient uganda = new ApiClient(node.httpPort()).loggedIn("ug-nira.admin", PASSWORD);
    JsonNode voted = uganda.post("/governance/proposals/" + id + "/votes", Map.of()).body();
    assertThat(voted.get("status").asText()).as("%s", voted).isEqualTo("APPLIED");
    assertThat(voted.get("approvals").toString()).contains("ug-nira", "ke-civil-registry");
    problem(409, uganda.post("/governance/proposals/" + id + "/votes", Map.of()));
    assertThat(auditor.get("/governance/proposals?status=APPLIED").body().toString()).contains(id);

    long size = treeSize();
    problem(403, registrar.post("/governance/proposals", Map.of("change", rule)));
    assertThat(
            problem(
                    400,
                    admin.post("/governance/proposals", Map.of("change", Map.of("kind", "COUP"))))
                .at("/errors/0/field")
                .asText())
        .isEqualTo("change.kind");
    problem(404, admin.post("/governance/proposals/" + "0".repeat(64) + "/votes", Map.of()));
    assertThat(
            problem(400, admin.post("/governance/proposals/xyz/votes", Map.of()))
                .at("/errors/0/field")
                .asText())
        .isEqualTo("id");
    problem(400, admin.get("/governance/proposals?status=MAYBE"));
    assertThat(treeSize()).isEqualTo(size);
  }

  private Map<String, Object> ugandaAdmission(Bytes tlsCertificate, String raftAddress) {
    return Map.of(
        "kind",
        "ADMIT_MEMBER",
        "organisation",
        Map.of(
            "id", "ug-nira",
            "name", "Uganda National Identification and Registration Authority",
            "country", "UG",
            "nodeKey", ledger.strangerKey().publicKey().toBase64(),
            "issuerKey", ledger.strangerKey().publicKey().toBase64()),
        "firstAdmin",
        Map.of(
            "id", "ug-nira.admin",
            "jurisdiction", "UG",
            "publicKey", ugandaAdminKey.publicKey().toBase64()),
        "node",
        Map.of("tlsCertificate", tlsCertificate.toBase64(), "raftAddress", raftAddress));
  }

  // ---- problem details everywhere ----

  @Test
  void unknownRoutesWrongMethodsAndMediaTypes_areProblemDetails() throws Exception {
    problem(404, registrar.get("/no-such-thing"));
    JsonNode wrongMethod = problem(405, registrar.send("DELETE", "/declarations"));
    assertThat(wrongMethod.get("detail").asText()).contains("GET");
    assertThat(registrar.send("PATCH", "/children").header("Allow")).isEqualTo("POST");
    JsonNode wrongType =
        problem(
            415,
            registrar.post(
                "/children", "evidence=BIRTH".getBytes(StandardCharsets.UTF_8), "text/plain"));
    assertThat(wrongType.get("detail").asText()).contains("application/json");
    // Repeated, since a server that answers before reading the body and closes would sometimes
    // reset the connection under the client, and the client would lose the 413.
    for (int attempt = 0; attempt < 20; attempt++) {
      JsonNode tooLarge =
          problem(413, registrar.post("/children", new byte[512 * 1024 + 1], "application/json"));
      assertThat(tooLarge.get("detail").asText()).contains("512 KiB");
    }
    assertThat(problem(401, new ApiClient(node.httpPort()).get("/alerts")).get("type").asText())
        .endsWith("unauthenticated");
  }

  @Test
  void anExpiredOrUnknownSession_andACsrfLessPost_areProblemDetails() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + node.httpPort() + "/api/v1";
    HttpResponse<String> expired =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/alerts"))
                .header("Cookie", "haven_session=expired-or-never-issued")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");

    HttpResponse<String> csrfLess =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/border/check"))
                .header("Cookie", "haven_session=" + border.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(csrfLess.statusCode()).isEqualTo(403);
    assertThat(csrfLess.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(csrfLess.body()).contains("X-CSRF-Token");
  }
}
