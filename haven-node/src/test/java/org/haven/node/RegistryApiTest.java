package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.haven.core.identity.Role;
import org.haven.core.registry.TravelConsent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.vault.Photo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad input to the registry API gets a problem that names the field and why, and changes
 * nothing on the ledger; every rule of who may do what is enforced for API callers too.
 */
class RegistryApiTest {
  private static final String PASSWORD = RegistryScenarioTest.PASSWORD;

  @TempDir static Path root;

  private static HavenNode node;
  private static ApiClient agent;
  private static ApiClient registrar;
  private static ApiClient caseWorker;
  private static ApiClient border;
  private static String registered;

  @BeforeAll
  static void start() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    Map<String, Role> officers =
        Map.of(
            "ke.agent.a", Role.FIELD_AGENT,
            "ke.registrar.r", Role.REGISTRAR,
            "ke.caseworker.c", Role.CASE_WORKER,
            "ke.border.b", Role.BORDER_OFFICER);
    node = ledger.startWith(officers, PASSWORD);
    agent = new ApiClient(node.httpPort()).loggedIn("ke.agent.a", PASSWORD);
    registrar = new ApiClient(node.httpPort()).loggedIn("ke.registrar.r", PASSWORD);
    caseWorker = new ApiClient(node.httpPort()).loggedIn("ke.caseworker.c", PASSWORD);
    border = new ApiClient(node.httpPort()).loggedIn("ke.border.b", PASSWORD);
    ApiClient.Answer declared = agent.post("/children", declaration(child -> {}));
    registered = declared.body().get("childNumber").asText();
    registrar.post(
        "/children/" + registered + "/decision", Map.of("decision", "REGISTER", "reason", "seen"));
  }

  @AfterAll
  static void stop() throws IOException {
    if (node != null) {
      node.close();
    }
  }

  private static Map<String, Object> declaration(Consumer<Map<String, Object>> change) {
    Map<String, Object> child = new HashMap<>();
    child.put("givenNames", "Neema");
    child.put("familyNames", "Chebet");
    child.put("dateOfBirth", "2021-05-09");
    child.put("sex", "FEMALE");
    change.accept(child);
    Map<String, Object> body = new HashMap<>();
    body.put("evidence", "BIRTH_NOTIFICATION");
    body.put("child", child);
    return body;
  }

  private static Map<String, Object> witness(String names, String documentNumber) {
    return Map.of(
        "names",
        names,
        "relationship",
        "neighbour",
        "documentNumber",
        documentNumber,
        "statement",
        "I saw the child born at home.");
  }

  private static long treeSize() throws Exception {
    // Members' cosignatures are written in the background; they are not records.
    return agent.get("/status").body().get("recordTreeSize").asLong();
  }

  /** Sends a request that must fail with {@code status} and leave the ledger as it was. */
  private static JsonNode refused(int status, Request request) throws Exception {
    long before = treeSize();
    ApiClient.Answer answer = request.send();
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.body().get("detail").asText()).isNotBlank();
    assertThat(treeSize()).as("nothing was written").isEqualTo(before);
    return answer.body();
  }

  private interface Request {
    ApiClient.Answer send() throws Exception;
  }

  private static void assertField(JsonNode problem, String field) {
    assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo(field);
    assertThat(problem.get("detail").asText()).startsWith(field + ": ");
  }

  @ParameterizedTest(name = "child.{0} = {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "givenNames | '' | required",
        "sex | BOY | not-one-of",
        "dateOfBirth | 14/03/2019 | not-a-date",
        "dateOfBirth | 2999-01-01 | not-accepted",
        "notes | NOT-A-STRING | not-text"
      })
  void declaration_withAnInvalidChildField_namesTheField(String field, String value, String code)
      throws Exception {
    JsonNode problem =
        refused(
            400,
            () ->
                agent.post(
                    "/children",
                    declaration(
                        child ->
                            child.put(field, value.equals("NOT-A-STRING") ? List.of(1) : value))));
    assertField(problem, "child." + field);
    assertThat(problem.get("errors").get(0).get("code").asText())
        .as("what is wrong, for a client to say in its language")
        .isEqualTo(code);
  }

  @Test
  void declaration_withAGuardianDocumentOfNoCountry_namesTheFieldAsNotACountry() throws Exception {
    Map<String, Object> mother = new HashMap<>();
    mother.put("relationship", "MOTHER");
    mother.put("names", "Akinyi Chebet");
    mother.put("document", Map.of("type", "NATIONAL_ID", "number", "30442187", "country", "XX"));
    Map<String, Object> body = declaration(child -> {});
    body.put("guardians", List.of(mother));
    JsonNode problem = refused(400, () -> agent.post("/children", body));
    assertField(problem, "guardians[0].document.country");
    assertThat(problem.get("errors").get(0).get("code").asText()).isEqualTo("not-a-country");
  }

  /**
   * A right-to-left override in a name would make it read, on screen and on the printed card, in
   * another order than the one stored and matched for duplicates: refused, and nothing is written.
   */
  @Test
  void declaration_withABidirectionalOverrideInAName_isRefused() throws Exception {
    JsonNode problem =
        refused(
            400,
            () ->
                agent.post(
                    "/children",
                    declaration(
                        child -> child.put("givenNames", "Amani " + (char) 0x202E + "urijnaw"))));
    assertField(problem, "child.givenNames");
    assertThat(problem.get("detail").asText())
        .contains("bidirectional control characters")
        .doesNotContain("urijnaw");
  }

  @Test
  void declaration_inTheFuture_saysWhy() throws Exception {
    JsonNode problem =
        refused(
            400,
            () ->
                agent.post(
                    "/children",
                    declaration(
                        child ->
                            child.put("dateOfBirth", LocalDate.now().plusDays(3).toString()))));
    assertThat(problem.get("detail").asText()).contains("cannot be in the future");
  }

  @Test
  void declaration_withoutTheChild_orEvidence_namesWhatIsMissing() throws Exception {
    assertField(
        refused(400, () -> agent.post("/children", Map.of("evidence", "DOCUMENT"))), "child");
    Map<String, Object> noEvidence = declaration(child -> {});
    noEvidence.remove("evidence");
    assertField(refused(400, () -> agent.post("/children", noEvidence)), "evidence");
  }

  @Test
  void declaration_inAnUnknownJurisdiction_namesTheField() throws Exception {
    Map<String, Object> body = declaration(child -> {});
    body.put("jurisdiction", "ZZ");
    assertField(refused(400, () -> agent.post("/children", body)), "jurisdiction");
  }

  @Test
  void declaration_inAnotherJurisdiction_isOutsideTheOfficersJurisdiction() throws Exception {
    Map<String, Object> body = declaration(child -> {});
    body.put("jurisdiction", "UG");
    JsonNode problem = refused(403, () -> agent.post("/children", body));
    assertThat(problem.get("reason").asText()).isEqualTo("OUTSIDE_JURISDICTION");
  }

  @Test
  void lateDeclaration_withoutTheWitnessesItNeeds_namesTheField() throws Exception {
    Map<String, Object> body = declaration(child -> {});
    body.put("late", true);
    body.put("evidence", "TWO_WITNESSES");
    body.put("witnesses", List.of(witness("Grace Chebet", "30117742")));
    assertField(refused(400, () -> agent.post("/children", body)), "witnesses");
  }

  @Test
  void queue_namesTheDeclaringOfficer_theLateFlagAndTheEvidence_andNoPersonalData()
      throws Exception {
    Map<String, Object> body = declaration(child -> child.put("givenNames", "Wambui"));
    body.put("late", true);
    body.put("evidence", "TWO_WITNESSES");
    body.put(
        "witnesses",
        List.of(witness("Grace Chebet", "30117742"), witness("Joseph Kirui", "30554128")));
    ApiClient.Answer declared = agent.post("/children", body);
    assertThat(declared.status()).as("%s", declared).isEqualTo(201);
    String number = declared.body().get("childNumber").asText();

    JsonNode queued = null;
    for (JsonNode item : registrar.get("/declarations?limit=100").body().get("items")) {
      if (item.get("childNumber").asText().equals(number)) {
        queued = item;
      }
    }
    JsonNode record = caseWorker.get("/children/" + number).body();

    assertThat(queued).as("the declaration is in the queue").isNotNull();
    for (JsonNode answer : List.of(queued, record)) {
      assertThat(answer.get("declaredBy").asText()).isEqualTo("ke.agent.a");
      assertThat(answer.get("late").asBoolean()).isTrue();
      assertThat(answer.get("evidence").asText()).isEqualTo("TWO_WITNESSES");
      assertThat(answer.toString()).doesNotContain("Wambui", "30117742", "30554128", "Grace");
    }
  }

  @Test
  void malformedJson_isABadRequest() throws Exception {
    JsonNode problem =
        refused(
            400,
            () -> agent.postRaw("/children", "{\"child\": {".getBytes(StandardCharsets.UTF_8)));
    assertThat(problem.get("detail").asText()).contains("not valid JSON");
  }

  @Test
  void photo_thatIsNotAnImage_orTooLarge_namesThePhoto() throws Exception {
    String notImage = Base64.getEncoder().encodeToString("GIF89a not really".getBytes());
    JsonNode problem =
        refused(400, () -> agent.post("/children", declaration(c -> c.put("photo", notImage))));
    assertField(problem, "child.photo");
    byte[] big = new byte[Photo.MAX_BYTES + 1];
    System.arraycopy(png(), 0, big, 0, 8);
    String tooBig = Base64.getEncoder().encodeToString(big);
    assertField(
        refused(400, () -> agent.post("/children", declaration(c -> c.put("photo", tooBig)))),
        "child.photo");
  }

  @Test
  void requestBody_overTheLimit_isTooLarge() throws Exception {
    byte[] huge = new byte[NodeApi.MAX_REQUEST_BYTES + 1];
    refused(413, () -> agent.postRaw("/children", huge));
  }

  @Test
  void photo_roundTripsThroughTheVault() throws Exception {
    String photo = Base64.getEncoder().encodeToString(png());
    ApiClient.Answer declared = agent.post("/children", declaration(c -> c.put("photo", photo)));
    assertThat(declared.status()).as("%s", declared).isEqualTo(201);
    String number = declared.body().get("childNumber").asText();
    ApiClient.Answer read =
        registrar.get("/children/" + number + "/personal-data?purpose=photo+check");
    assertThat(read.body().get("child").get("photo").asText()).isEqualTo(photo);
  }

  @Test
  void childNumber_withAFailedCheckDigit_isRefusedNamingIt() throws Exception {
    String typo =
        registered.substring(0, 10) + (char) ('0' + (registered.charAt(10) - '0' + 1) % 10);
    JsonNode problem = refused(400, () -> registrar.get("/children/" + typo));
    assertField(problem, "number");
    assertThat(problem.get("detail").asText()).containsIgnoringCase("check");
  }

  @Test
  void guardianLink_toAnUnknownChild_isNotFound() throws Exception {
    String unknown = ChildNumber.generate(new java.util.Random(99)).toString();
    refused(
        404,
        () ->
            registrar.post(
                "/children/" + unknown + "/guardians",
                Map.of(
                    "relationship",
                    "FATHER",
                    "document",
                    Map.of("type", "PASSPORT", "number", "AK0042117", "country", "KE"),
                    "reference",
                    "court order 2024/117")));
  }

  @Test
  void resolvingAnAlert_thatIsNotOpen_isAConflict() throws Exception {
    JsonNode problem =
        refused(
            409,
            () ->
                caseWorker.post(
                    "/children/" + registered + "/alert",
                    Map.of(
                        "action",
                        "RESOLVE",
                        "priority",
                        "LOW",
                        "contactPoint",
                        "116",
                        "reason",
                        "found safe")));
    assertThat(problem.get("reason").asText()).isEqualTo("CONFLICT");
  }

  @Test
  void actingOutsideOnesRole_isForbiddenWithTheLedgersReason() throws Exception {
    JsonNode declare = refused(403, () -> border.post("/children", declaration(child -> {})));
    assertThat(declare.get("reason").asText()).isEqualTo("ROLE_NOT_PERMITTED");
    JsonNode alert =
        refused(
            403,
            () ->
                registrar.post(
                    "/children/" + registered + "/alert",
                    Map.of("action", "RAISE", "priority", "HIGH", "contactPoint", "116")));
    assertThat(alert.get("reason").asText()).isEqualTo("ROLE_NOT_PERMITTED");
    JsonNode register =
        refused(
            403,
            () ->
                agent.post(
                    "/children/" + registered + "/decision",
                    Map.of("decision", "REJECT", "reason", "no")));
    assertThat(register.get("reason").asText()).isEqualTo("ROLE_NOT_PERMITTED");
    refused(403, () -> border.get("/children/" + registered + "/personal-data?purpose=curious"));
    refused(403, () -> border.get("/children/" + registered + "/timeline"));
    refused(403, () -> agent.get("/children/" + registered + "/access-log"));
  }

  @Test
  void readingPersonalData_withoutAPurpose_isRefused() throws Exception {
    assertField(
        refused(400, () -> registrar.get("/children/" + registered + "/personal-data")), "purpose");
  }

  @Test
  void withoutASession_everyRegistryRouteIsUnauthenticated() throws Exception {
    ApiClient anonymous = new ApiClient(node.httpPort());
    refused(401, () -> anonymous.get("/children/" + registered));
    refused(401, () -> anonymous.post("/children", declaration(child -> {})));
    refused(401, () -> anonymous.get("/alerts"));
  }

  @Test
  void wrongPassword_isUnauthenticated_andAClosedSessionStopsWorking() throws Exception {
    ApiClient stranger = new ApiClient(node.httpPort());
    JsonNode wrong = stranger.login("ke.agent.a", "not the password").body();
    assertThat(wrong.get("status").asInt()).isEqualTo(401);
    assertThat(wrong.toString()).doesNotContain("not the password");

    ApiClient shortLived = new ApiClient(node.httpPort()).loggedIn("ke.border.b", PASSWORD);
    assertThat(shortLived.delete("/session").status()).isEqualTo(204);
    assertThat(shortLived.get("/alerts").status()).isEqualTo(401);
  }

  @Test
  void cookieSession_mustSendTheCsrfTokenToChangeAnything() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + node.httpPort() + "/api/v1";
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/session"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"officer\":\"ke.caseworker.c\",\"password\":\"" + PASSWORD + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
    String session = cookie.substring(0, cookie.indexOf(';'));
    String csrf = ApiClient.JSON.readTree(login.body()).get("csrfToken").asText();
    String raise = "{\"action\":\"RAISE\",\"priority\":\"HIGH\",\"contactPoint\":\"116\"}";
    long before = treeSize();

    HttpResponse<String> withoutToken =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/children/" + registered + "/alert"))
                .header("Cookie", session)
                .POST(HttpRequest.BodyPublishers.ofString(raise))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(withoutToken.statusCode()).isEqualTo(403);
    assertThat(withoutToken.body()).contains("X-CSRF-Token");
    assertThat(treeSize()).isEqualTo(before);

    HttpResponse<String> reading =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/children/" + registered))
                .header("Cookie", session)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(reading.statusCode()).as("reads need no CSRF token").isEqualTo(200);

    HttpResponse<String> withToken =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/children/" + registered + "/alert"))
                .header("Cookie", session)
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(raise))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
    caseWorker.post("/children/" + registered + "/alert", Map.of("action", "RESOLVE"));
  }

  @Test
  void correction_replacesTheDataAndKeepsTheReason_andAStatusChangeFollowsTheLifecycle()
      throws Exception {
    Consumer<Map<String, Object>> zuri =
        child -> {
          child.put("givenNames", "Zuri");
          child.put("dateOfBirth", "2020-02-02");
        };
    String number = agent.post("/children", declaration(zuri)).body().get("childNumber").asText();
    assertThat(
            registrar
                .post(
                    "/children/" + number + "/decision",
                    Map.of("decision", "REGISTER", "reason", "seen"))
                .status())
        .isEqualTo(200);
    Map<String, Object> corrected =
        declaration(zuri.andThen(child -> child.put("givenNames", "Zuri Jeptoo")));
    corrected.put("reason", "second given name omitted at declaration");

    ApiClient.Answer answer = registrar.put("/children/" + number + "/personal-data", corrected);

    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    assertThat(answer.body().get("version").asInt()).isEqualTo(2);
    assertThat(
            registrar
                .get("/children/" + number + "/personal-data?purpose=check+correction")
                .body()
                .get("child")
                .get("givenNames")
                .asText())
        .isEqualTo("Zuri Jeptoo");
    ApiClient.Answer suspended =
        registrar.post(
            "/children/" + number + "/status",
            Map.of("status", "SUSPENDED", "reason", "court review"));
    assertThat(suspended.body().get("status").asText()).isEqualTo("SUSPENDED");
    JsonNode toErased =
        refused(
            400,
            () ->
                registrar.post(
                    "/children/" + number + "/status",
                    Map.of("status", "ERASED", "reason", "via the wrong route")));
    assertField(toErased, "status");
  }

  @Test
  void correction_byAFieldAgent_isRefusedAndTheVaultKeepsTheOldData() throws Exception {
    Map<String, Object> corrected = declaration(child -> child.put("givenNames", "Someone Else"));
    corrected.put("reason", "attempted by the wrong role");

    refused(403, () -> agent.put("/children/" + registered + "/personal-data", corrected));

    assertThat(
            registrar
                .get("/children/" + registered + "/personal-data?purpose=check")
                .body()
                .get("child")
                .get("givenNames")
                .asText())
        .isEqualTo("Neema");
  }

  @Test
  void events_areOnTheTimeline_forCaseWorkersOfTheJurisdiction() throws Exception {
    ApiClient.Answer sighting =
        caseWorker.post("/children/" + registered + "/events", Map.of("type", "SIGHTING"));
    assertThat(sighting.status()).as("%s", sighting).isEqualTo(201);
    refused(
        403,
        () ->
            caseWorker.post(
                "/children/" + registered + "/events", Map.of("type", "CROSSING_EXIT")));

    JsonNode events = caseWorker.get("/children/" + registered + "/timeline").body().get("items");

    assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("SIGHTING");
    assertThat(events.get(events.size() - 1).get("place").asText()).isEqualTo("KE");
    assertThat(events.get(events.size() - 1).get("recordedBy").asText())
        .isEqualTo("ke.caseworker.c");
  }

  @Test
  void errors_neverEchoThePersonalDataSent() throws Exception {
    JsonNode problem =
        refused(
            400,
            () ->
                agent.post(
                    "/children",
                    declaration(
                        child -> {
                          child.put("givenNames", "Wairimu");
                          child.put("dateOfBirth", "2999-12-31");
                        })));
    assertThat(problem.toString()).doesNotContain("Wairimu").doesNotContain("2999-12-31");
  }

  @Test
  void consentGrantedByALinkedGuardian_isListed_usedAtTheBorderOnce_andRevocable()
      throws Exception {
    Map<String, Object> mother =
        Map.of("type", "NATIONAL_ID", "number", "30117742", "country", "KE");
    assertThat(
            registrar
                .post(
                    "/children/" + registered + "/guardians",
                    Map.of(
                        "relationship",
                        "MOTHER",
                        "document",
                        mother,
                        "mayConsentToTravel",
                        true,
                        "reference",
                        "birth record"))
                .status())
        .isEqualTo(200);
    Map<String, Object> grant = new HashMap<>();
    grant.put("companion", Map.of("type", "PASSPORT", "number", "AK0042117", "country", "UG"));
    grant.put("destinations", List.of("UG", "TZ"));
    grant.put("validFrom", LocalDate.now().toString());
    grant.put("validUntil", LocalDate.now().plusDays(10).toString());
    grant.put("multipleTrips", false);
    grant.put("grantedBy", List.of(mother));
    grant.put("reference", "mother present at the Nairobi office");

    ApiClient.Answer granted = registrar.post("/children/" + registered + "/consents", grant);

    assertThat(granted.status()).as("%s", granted).isEqualTo(201);
    String consentId = granted.body().get("consentId").asText();
    JsonNode listed = registrar.get("/children/" + registered + "/consents").body().get("items");
    assertThat(listed.get(0).get("consentId").asText()).isEqualTo(consentId);
    assertThat(listed.get(0).get("active").asBoolean()).isTrue();

    Map<String, Object> check = new HashMap<>();
    check.put("officer", "ke.border.b");
    check.put("childNumber", registered);
    check.put("direction", "EXIT");
    check.put("checkpoint", "KE-NAMANGA");
    check.put("country", "KE");
    check.put("destination", "UG");
    check.put("outcome", "PASS");
    check.put("reasons", List.of("CONSENT_VALID"));
    check.put("bundleVersion", 1);
    check.put("checkedAt", System.currentTimeMillis());
    check.put("consentId", consentId);
    check.put(
        "consentCredential",
        TravelConsent.credentialDigest(granted.body().get("qr").asText()).toHex());
    ApiClient.Answer recorded = border.post("/crossings", check);
    assertThat(recorded.status()).as("%s", recorded).isEqualTo(201);
    long size = treeSize();
    ApiClient.Answer again = border.post("/crossings", check);
    assertThat(again.status()).as("%s", again).isEqualTo(200);
    assertThat(again.body().get("alreadyRecorded").asBoolean()).isTrue();
    assertThat(treeSize()).as("the same check counts once").isEqualTo(size);
    assertThat(
            registrar
                .get("/children/" + registered + "/consents")
                .body()
                .get("items")
                .get(0)
                .get("active")
                .asBoolean())
        .as("a single trip is used up")
        .isFalse();
    JsonNode revoked =
        refused(
            409,
            () ->
                registrar.post(
                    "/consents/" + consentId + "/revocation", Map.of("reason", "withdrawn")));
    assertThat(revoked.get("detail").asText()).contains("no longer active");
  }

  @Test
  void consent_fromSomeoneWhoIsNotALinkedGuardian_isRefused() throws Exception {
    Map<String, Object> grant = new HashMap<>();
    grant.put("companion", Map.of("type", "PASSPORT", "number", "AK0042117", "country", "UG"));
    grant.put("destinations", List.of("UG"));
    grant.put("validFrom", LocalDate.now().toString());
    grant.put("validUntil", LocalDate.now().plusDays(10).toString());
    grant.put("multipleTrips", true);
    grant.put("grantedBy", List.of(Map.of("type", "PASSPORT", "number", "X1", "country", "KE")));
    grant.put("reference", "a stranger");
    JsonNode problem =
        refused(409, () -> registrar.post("/children/" + registered + "/consents", grant));
    assertThat(problem.get("detail").asText()).contains("guardian");
    grant.put("destinations", List.of("ZZ"));
    assertField(
        refused(400, () -> registrar.post("/children/" + registered + "/consents", grant)),
        "destinations[0]");
  }

  private static byte[] png() throws IOException {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
