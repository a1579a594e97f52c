package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.haven.core.crypto.Hash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert that describes the child, over real HTTP against a started node: the raising case
 * worker's description and photo stay in the vault (the ledger and the bundle carry the photo's
 * hash); a border officer sees them only at an ALERT, as an audited read; every other ask is
 * refused and records nothing. Sightings: the note in the vault, a pseudonymous event on the
 * ledger, read by the raising case worker as an audited read.
 */
class AlertNoticeApiTest {
  private static final String PASSWORD = RegistryScenarioTest.PASSWORD;
  private static final String MOTHER_ID = "A7654321";
  private static final String DESCRIPTION = "Red school jumper, scar above the left eyebrow";

  /** A PNG as the vault's Photo recognises one: its 8-byte signature, then some bytes. */
  private static final byte[] PHOTO = {
    (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 'a', 'l', 'e', 'r', 't', 1, 2, 3
  };

  @TempDir static Path root;

  private static HavenNode node;
  private static ApiClient outsider;
  private static ApiClient agent;
  private static ApiClient registrar;
  private static ApiClient caseWorker;
  private static ApiClient border;
  private static ApiClient auditor;

  @BeforeAll
  static void start() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    ledger.saveAdminCredential(PASSWORD);
    node = ledger.startWith(SingleNodeLedger.ONE_OF_EACH_ROLE, PASSWORD);
    outsider = new ApiClient(node.httpPort());
    agent = loggedIn("ke.agent.a");
    registrar = loggedIn("ke.registrar.r");
    caseWorker = loggedIn("ke.caseworker.c");
    border = loggedIn("ke.border.b");
    auditor = loggedIn("ke.auditor.x");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void borderOfficer_atAnAlert_seesTheDescriptionAndPhoto_asAnAuditedRead() throws Exception {
    String child = registeredChild("Amani");
    raiseWithNotice(child);

    JsonNode check = ok(border.post("/border/check", check(child)));

    assertThat(check.get("outcome").asText()).isEqualTo("ALERT");
    JsonNode notice = check.get("notice");
    assertThat(notice.get("description").asText()).isEqualTo(DESCRIPTION);
    assertThat(Base64.getDecoder().decode(notice.get("photo").asText())).isEqualTo(PHOTO);
    assertThat(notice.get("photoMediaType").asText()).isEqualTo("image/png");
    assertThat(notice.get("photoHash").asText()).isEqualTo(Hash.sha256(PHOTO).toHex());
    assertThat(notice.get("photoMatchesLedger").asBoolean()).isTrue();
    assertThat(reads(child)).containsExactly("ke.border.b: border check ALERT at KE-NAMANGA");
    JsonNode alert = ok(border.get("/children/" + child + "/alert")).get("alert");
    assertThat(alert.get("photoHash").asText()).isEqualTo(Hash.sha256(PHOTO).toHex());
    assertThat(alert.toString()).doesNotContain("jumper");
  }

  @Test
  void theLedgerCarriesThePhotosHash_neverTheDescriptionOrThePhoto() throws Exception {
    String child = registeredChild("Neema");
    String transaction = raiseWithNotice(child).get("transactionId").asText();

    JsonNode tx = ok(auditor.get("/transactions/" + transaction));
    byte[] bytes = Base64.getDecoder().decode(tx.get("transaction").asText());

    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain("jumper").doesNotContain("alert\u0001");
    assertThat(contains(bytes, Hash.sha256(PHOTO).toArray())).isTrue();
  }

  @Test
  void borderOfficer_askingForTheNoticeOfAChildWithNoOpenAlert_gets403_andNothingIsRead()
      throws Exception {
    String child = registeredChild("Baraka");

    JsonNode check = ok(border.post("/border/check", check(child)));
    ApiClient.Answer asked = border.get("/children/" + child + "/alert/notice?purpose=curious");

    assertThat(check.get("outcome").asText()).isNotEqualTo("ALERT");
    assertThat(check.has("notice")).isFalse();
    JsonNode problem = refused(403, asked);
    assertThat(problem.get("reason").asText()).isEqualTo("OUTSIDE_ORGANISATION");
    assertThat(reads(child)).isEmpty();
  }

  @Test
  void afterTheAlertIsResolved_theNoticeIsRefused_nothingIsRead_andTheVaultKeepsNone()
      throws Exception {
    String child = registeredChild("Zawadi");
    raiseWithNotice(child);
    ok(
        caseWorker.post(
            "/children/" + child + "/alert",
            Map.of("action", "RESOLVE", "reason", "found safe with her aunt")));

    ApiClient.Answer asked = border.get("/children/" + child + "/alert/notice?purpose=check");

    refused(403, asked);
    assertThat(reads(child)).isEmpty();
    ok(
        caseWorker.post(
            "/children/" + child + "/alert",
            Map.of("action", "RAISE", "priority", "LOW", "contactPoint", "116 KE")));
    refused(404, caseWorker.get("/children/" + child + "/alert/notice?purpose=follow-up"));
  }

  @Test
  void officersOfOtherRoles_areRefused_andNothingIsRead() throws Exception {
    String child = registeredChild("Faraja");
    raiseWithNotice(child);

    for (ApiClient officer : List.of(agent, registrar, auditor)) {
      ApiClient.Answer asked = officer.get("/children/" + child + "/alert/notice?purpose=curious");

      JsonNode problem = refused(403, asked);
      assertThat(problem.get("reason").asText()).isEqualTo("ROLE_NOT_PERMITTED");
      assertThat(asked.response().body()).doesNotContain("jumper");
    }
    assertThat(reads(child)).isEmpty();
  }

  @Test
  void anOutsider_getsA401_forTheNoticeAndTheSightings() throws Exception {
    String child = registeredChild("Jabari");
    raiseWithNotice(child);

    for (ApiClient.Answer answer :
        List.of(
            outsider.get("/children/" + child + "/alert/notice?purpose=curious"),
            outsider.get("/children/" + child + "/sightings?purpose=curious"),
            outsider.post(
                "/children/" + child + "/sightings", Map.of("place", "bus park", "note", "x")))) {
      refused(401, answer);
      assertThat(answer.response().body()).doesNotContain("jumper");
    }
    assertThat(reads(child)).isEmpty();
  }

  @Test
  void aSighting_isOnTheTimelineWithoutItsNote_andTheRaisingCaseWorkerReadsIt_audited()
      throws Exception {
    String child = registeredChild("Pendo");
    raiseWithNotice(child);

    JsonNode sighting =
        ok(
            border.post(
                "/children/" + child + "/sightings",
                Map.of(
                    "place",
                    "Namanga bus park",
                    "seenAt",
                    "2025-06-01T07:30:00Z",
                    "note",
                    "with a man in a grey jacket, boarding a bus to Arusha")));

    JsonNode tx = ok(auditor.get("/transactions/" + sighting.get("transactionId").asText()));
    assertThat(tx.get("kind").asText()).isEqualTo("RECORD_EVENT");
    assertThat(
            new String(
                Base64.getDecoder().decode(tx.get("transaction").asText()),
                StandardCharsets.ISO_8859_1))
        .doesNotContain("Namanga")
        .doesNotContain("grey jacket");
    JsonNode timeline = ok(caseWorker.get("/children/" + child + "/timeline"));
    assertThat(timeline.toString()).contains("SIGHTING").doesNotContain("grey jacket");
    JsonNode seen =
        ok(caseWorker.get("/children/" + child + "/sightings?purpose=alert%20follow-up"));
    assertThat(seen.get("items")).hasSize(1);
    JsonNode item = seen.get("items").get(0);
    assertThat(item.get("place").asText()).isEqualTo("Namanga bus park");
    assertThat(item.get("note").asText()).contains("grey jacket");
    assertThat(item.get("recordedBy").asText()).isEqualTo("ke.border.b");
    assertThat(item.get("seenAt").asLong()).isEqualTo(1_748_763_000_000L);
    assertThat(reads(child)).containsExactly("ke.caseworker.c: alert follow-up");
  }

  @Test
  void sightingsAreRefused_toRolesThatMayNotRecordOrReadThem_andKeepNothing() throws Exception {
    String child = registeredChild("Tumaini");
    raiseWithNotice(child);

    JsonNode problem =
        refused(
            403,
            auditor.post(
                "/children/" + child + "/sightings", Map.of("place", "market", "note", "x")));
    JsonNode read = refused(403, border.get("/children/" + child + "/sightings?purpose=curious"));

    assertThat(problem.get("reason").asText()).isEqualTo("ROLE_NOT_PERMITTED");
    assertThat(read.get("reason").asText()).isEqualTo("ROLE_NOT_PERMITTED");
    assertThat(ok(caseWorker.get("/children/" + child + "/sightings?purpose=review")).get("items"))
        .isEmpty();
  }

  @Test
  void aPhotoWithoutADescription_orADescriptionWithAResolution_isRefusedAndChangesNothing()
      throws Exception {
    String child = registeredChild("Upendo");
    long size = recordTreeSize();

    JsonNode photoOnly =
        refused(
            400,
            caseWorker.post(
                "/children/" + child + "/alert",
                Map.of(
                    "action",
                    "RAISE",
                    "priority",
                    "HIGH",
                    "contactPoint",
                    "116 KE",
                    "photo",
                    Base64.getEncoder().encodeToString(PHOTO))));

    assertThat(photoOnly.toString()).contains("photo");
    assertThat(recordTreeSize()).isEqualTo(size);
    assertThat(ok(caseWorker.get("/children/" + child + "/alert")).get("alert").isNull()).isTrue();
  }

  private static String registeredChild(String name) throws Exception {
    String child =
        ok(agent.post(
                "/children",
                RegistryScenarioTest.declaration(name, "2019-03-14", "FEMALE", "Nakuru")))
            .get("childNumber")
            .asText();
    ok(
        registrar.post(
            "/children/" + child + "/decision", Map.of("decision", "REGISTER", "reason", "seen")));
    return child;
  }

  private static JsonNode raiseWithNotice(String child) throws Exception {
    return ok(
        caseWorker.post(
            "/children/" + child + "/alert",
            Map.of(
                "action",
                "RAISE",
                "priority",
                "CRITICAL",
                "contactPoint",
                "Child Helpline 116",
                "description",
                DESCRIPTION,
                "photo",
                Base64.getEncoder().encodeToString(PHOTO))));
  }

  private static Map<String, Object> check(String child) {
    return Map.of(
        "childNumber",
        child,
        "companion",
        Map.of("type", "NATIONAL_ID", "number", MOTHER_ID, "country", "KE"),
        "direction",
        "ENTRY",
        "checkpoint",
        "KE-NAMANGA");
  }

  /** Who read the child's personal data and why, as "officer: purpose", oldest first. */
  private static List<String> reads(String child) throws Exception {
    JsonNode log = ok(auditor.get("/children/" + child + "/access-log"));
    List<String> reads = new ArrayList<>();
    log.get("items")
        .forEach(
            entry ->
                reads.add(entry.get("reader").asText() + ": " + entry.get("purpose").asText()));
    return reads;
  }

  private static long recordTreeSize() throws Exception {
    return outsider.get("/status").body().get("recordTreeSize").asLong();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static JsonNode ok(ApiClient.Answer answer) {
    assertThat(answer.status()).as("%s", answer).isBetween(200, 201);
    return answer.body();
  }

  private static JsonNode refused(int status, ApiClient.Answer answer) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    return answer.body();
  }

  private static ApiClient loggedIn(String officer) throws Exception {
    return new ApiClient(node.httpPort()).loggedIn(officer, PASSWORD);
  }
}
