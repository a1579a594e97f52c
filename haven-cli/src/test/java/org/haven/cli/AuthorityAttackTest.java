package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.EnrolOfficer;
import org.haven.core.tx.Payload;
import org.haven.core.tx.RecordAccess;
import org.haven.core.tx.SetAlert;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.TxSigner;
import org.haven.node.GenesisFile;
import org.haven.node.auth.OfficerCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Insiders of the {@code haven demo} consortium attack the rules of who may do what, through the
 * real HTTP API of a started node and as raw transactions they sign themselves with their own keys
 * and post to {@code POST /api/v1/transactions}. Each attack is refused with the ledger's reason,
 * and the ledger, the alert and the access log are as they were.
 */
class AuthorityAttackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = DemoCommand.DEMO_PASSWORD;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A case worker of the Kenyan registry: not the organisation that raised the alert. */
  private static final String KENYAN_CASE_WORKER = "ke.caseworker.mallory";

  /** A case worker of the Ugandan registry: neither the raising organisation nor in KE. */
  private static final String UGANDAN_CASE_WORKER = "ug.caseworker.mallory";

  /** The UNICEF case worker who raised the demo's alert. */
  private static final String RAISER = "unicef.caseworker.achieng";

  @TempDir static Path temp;

  private static DemoCommand.Running demo;
  private static NodeHttp http;
  private static Hash chainId;
  private static String missing;

  @BeforeAll
  static void start() throws Exception {
    demo = DemoCommand.start(Files.createDirectories(temp.resolve("node")), 0);
    http = new NodeHttp(demo.node().httpPort());
    Path genesis = temp.resolve("genesis.json");
    Files.writeString(genesis, http.get("/genesis").body());
    chainId = GenesisFile.read(genesis).hash();
    missing = demo.children().get("registered, reported missing").toString();
    enrol("ke-civil-registry.admin", KENYAN_CASE_WORKER, Role.CASE_WORKER, "KE", 201);
    enrol("ug-nira.admin", UGANDAN_CASE_WORKER, Role.CASE_WORKER, "UG", 201);
  }

  @AfterAll
  static void stop() throws IOException {
    if (demo != null) {
      demo.node().close();
    }
  }

  // ---- jurisdictions belong to organisations ----

  @Test
  void ugandanAdminCannotEnrolAKenyanRegistrarUntilGovernanceGrantsKenya() throws Exception {
    long before = treeSize();
    HttpResponse<String> byApi =
        enrolAnswer("ug-nira.admin", "ug.registrar.forke", Role.REGISTRAR, "KE");
    assertRefused(byApi, 403, "OUTSIDE_JURISDICTION");
    assertThat(problem(byApi).get("detail").asText()).contains("(UG; not KE)");
    assertThat(treeSize()).as("nothing written").isEqualTo(before);
    assertThat(loginAnswer("ug.registrar.forke").statusCode())
        .as("no credential was kept")
        .isEqualTo(401);

    Officer forged =
        new Officer(
            new OfficerId("ug.registrar.raw"),
            new OrgId("ug-nira"),
            Role.REGISTRAR,
            new Jurisdiction("KE"),
            Ed25519PrivateKey.generate(RANDOM).publicKey(),
            true);
    assertRefused(
        http.submit(signedBy("ug-nira.admin", new EnrolOfficer(forged))),
        403,
        "OUTSIDE_JURISDICTION");
    assertThat(treeSize()).as("nothing written").isEqualTo(before);

    ObjectNode change =
        JSON.createObjectNode()
            .put("kind", "GRANT_JURISDICTION")
            .put("organisation", "ug-nira")
            .put("jurisdiction", "KE")
            .put("reason", "serves the Busia crossing on both sides");
    HttpResponse<String> proposed =
        http.post(
            "/governance/proposals",
            token("ke-civil-registry.admin"),
            JSON.createObjectNode().set("change", change));
    assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(201);
    assertThat(NodeHttp.json(proposed).get("status").asText()).isEqualTo("OPEN");
    HttpResponse<String> endorsed =
        http.post(
            "/governance/proposals/" + NodeHttp.json(proposed).get("id").asText() + "/votes",
            token("unicef-esaro.admin"),
            JSON.createObjectNode());
    assertThat(endorsed.statusCode()).as(endorsed.body()).isEqualTo(200);
    assertThat(NodeHttp.json(endorsed).get("status").asText()).isEqualTo("APPLIED");

    enrol("ug-nira.admin", "ug.registrar.forke", Role.REGISTRAR, "KE", 201);
  }

  // ---- whoever opened an alert closes it ----

  @Test
  void anotherOrganisationsCaseWorkerCannotRedirectOrResolveTheAlert() throws Exception {
    JsonNode alertBefore = alert();
    long before = treeSize();

    assertRefused(
        alertChange(KENYAN_CASE_WORKER, "UPDATE", "Call +254 700 000 000", null),
        403,
        "OUTSIDE_ORGANISATION");
    assertRefused(
        alertChange(KENYAN_CASE_WORKER, "RESOLVE", null, "found"), 403, "OUTSIDE_ORGANISATION");
    ChildNumber child = ChildNumber.parse(missing);
    assertRefused(
        http.submit(
            signedBy(
                KENYAN_CASE_WORKER,
                new SetAlert(
                    child, AlertAction.UPDATE, AlertPriority.LOW, "Call +254 700 000 000"))),
        403,
        "OUTSIDE_ORGANISATION");
    assertRefused(
        http.submit(
            signedBy(
                KENYAN_CASE_WORKER,
                new SetAlert(child, AlertAction.RESOLVE, AlertPriority.LOW, "desk", "found"))),
        403,
        "OUTSIDE_ORGANISATION");

    assertThat(treeSize()).as("nothing written").isEqualTo(before);
    assertThat(alert()).as("the alert is as it was").isEqualTo(alertBefore);
    assertThat(alertBefore.get("alert").get("open").asBoolean()).isTrue();
  }

  @Test
  void aResolutionWithoutAReasonIsRefused() throws Exception {
    JsonNode alertBefore = alert();
    long before = treeSize();

    HttpResponse<String> byApi = alertChange(RAISER, "RESOLVE", null, null);
    assertThat(byApi.statusCode()).as(byApi.body()).isEqualTo(400);
    assertThat(problem(byApi).get("errors").get(0).get("field").asText()).isEqualTo("reason");

    HttpResponse<String> raw = http.submit(resolutionWithoutReason(RAISER));
    assertThat(raw.statusCode()).as(raw.body()).isEqualTo(400);
    assertThat(problem(raw).get("reason").asText()).isEqualTo("MALFORMED");
    assertThat(problem(raw).get("detail").asText()).contains("reason");

    assertThat(treeSize()).as("nothing written").isEqualTo(before);
    assertThat(alert()).as("the alert is still open, as it was").isEqualTo(alertBefore);
  }

  @Test
  void anUpdateByTheChildsRegistrarKeepsWhoRaisedTheAlert() throws Exception {
    HttpResponse<String> updated =
        alertChange("ke.registrar.otieno", "UPDATE", "Child Helpline 116, desk 9", null);
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

    JsonNode alert = alert();
    assertThat(alert.get("alert").get("contactPoint").asText())
        .isEqualTo("Child Helpline 116, desk 9");
    assertThat(alert.get("alert").get("raisedBy").asText()).isEqualTo(RAISER);
    assertThat(alert.get("alert").get("raisingOrganisation").asText()).isEqualTo("unicef-esaro");
    JsonNode history = alert.get("history");
    assertThat(history.get(0).get("action").asText()).isEqualTo("RAISE");
    assertThat(history.get(0).get("officer").asText()).isEqualTo(RAISER);
    JsonNode last = history.get(history.size() - 1);
    assertThat(last.get("action").asText()).isEqualTo("UPDATE");
    assertThat(last.get("officer").asText()).isEqualTo("ke.registrar.otieno");
    assertThat(last.get("organisation").asText()).isEqualTo("ke-civil-registry");
  }

  // ---- an alert opens a child's data to the raising organisation only ----

  @Test
  void anotherOrganisationsCaseWorkerCannotReadAnAlertedChild() throws Exception {
    String auditor = token("unicef.auditor.mwangi");
    String accessLog = http.get("/children/" + missing + "/access-log", auditor).body();
    long before = treeSize();

    HttpResponse<String> read =
        http.get(
            "/children/" + missing + "/personal-data?purpose=checking%20the%20alert",
            token(UGANDAN_CASE_WORKER));
    assertRefused(read, 403, "OUTSIDE_JURISDICTION");
    assertThat(problem(read).get("detail").asText())
        .contains("a CASE_WORKER of the organisation that raised the alert");
    assertRefused(
        http.submit(
            signedBy(
                UGANDAN_CASE_WORKER,
                new RecordAccess(
                    List.of(new RecordAccess.Read(ChildNumber.parse(missing), "curious"))))),
        403,
        "OUTSIDE_JURISDICTION");

    assertThat(treeSize()).as("nothing written").isEqualTo(before);
    assertThat(http.get("/children/" + missing + "/access-log", auditor).body())
        .as("no read was recorded")
        .isEqualTo(accessLog);
  }

  @Test
  void theSessionListsTheActionsTheTableGivesTheRole() throws Exception {
    JsonNode session = NodeHttp.json(http.get("/session", token(RAISER)));
    List<String> actions =
        JSON.convertValue(
            session.get("actions"),
            JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    assertThat(actions)
        .contains("RAISE_ALERT", "UPDATE_ALERT", "READ_PERSONAL_DATA")
        .doesNotContain("ISSUE_CARD", "ENROL_OFFICER", "DECLARE_CHILD");
  }

  // ---- helpers ----

  private static void enrol(String admin, String id, Role role, String where, int status)
      throws Exception {
    HttpResponse<String> answer = enrolAnswer(admin, id, role, where);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
  }

  private static HttpResponse<String> enrolAnswer(String admin, String id, Role role, String where)
      throws Exception {
    return http.post(
        "/officers",
        token(admin),
        JSON.createObjectNode()
            .put("id", id)
            .put("role", role.name())
            .put("jurisdiction", where)
            .put("password", PASSWORD));
  }

  private static HttpResponse<String> loginAnswer(String officer) throws Exception {
    return http.post(
        "/session",
        null,
        JSON.createObjectNode().put("officer", officer).put("password", PASSWORD));
  }

  private static String token(String officer) throws Exception {
    return http.login(officer, PASSWORD);
  }

  private static long treeSize() throws Exception {
    return http.status().get("recordTreeSize").asLong();
  }

  private static JsonNode alert() throws Exception {
    HttpResponse<String> answer = http.get("/children/" + missing + "/alert", token(RAISER));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return NodeHttp.json(answer);
  }

  private static HttpResponse<String> alertChange(
      String officer, String action, String contactPoint, String reason) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("action", action);
    if (contactPoint != null) {
      body.put("contactPoint", contactPoint);
    }
    if (reason != null) {
      body.put("reason", reason);
    }
    return http.post("/children/" + missing + "/alert", token(officer), body);
  }

  private static JsonNode problem(HttpResponse<String> answer) throws IOException {
    return NodeHttp.json(answer);
  }

  private static void assertRefused(HttpResponse<String> answer, int status, String reason)
      throws IOException {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(problem(answer).get("reason").asText()).isEqualTo(reason);
  }

  /** The officer's own signing key, as their device holds it: their credential, unlocked. */
  private static Ed25519PrivateKey keyOf(String officer) throws Exception {
    HttpResponse<String> credential = http.get("/session/credential", token(officer));
    assertThat(credential.statusCode()).as(credential.body()).isEqualTo(200);
    return OfficerCredential.fromJson(credential.body())
        .unlock(PASSWORD.toCharArray())
        .orElseThrow();
  }

  private static Transaction signedBy(String officer, Payload payload) throws Exception {
    OfficerId id = new OfficerId(officer);
    return Transaction.sign(body(id, payload), chainId, List.of(new TxSigner(id, keyOf(officer))));
  }

  private static TxBody body(OfficerId actor, Payload payload) {
    byte[] nonce = new byte[TxBody.NONCE_SIZE];
    RANDOM.nextBytes(nonce);
    return new TxBody(actor, System.currentTimeMillis(), Bytes.of(nonce), payload);
  }

  /**
   * A resolution with an empty reason, which no {@link SetAlert} can hold: an update's body with
   * its action byte turned into RESOLVE's code, then signed by the officer as the ledger signs
   * ("haven/tx/v1\n", the chain id, the body).
   */
  private static Bytes resolutionWithoutReason(String officer) throws Exception {
    ChildNumber child = ChildNumber.parse(missing);
    OfficerId id = new OfficerId(officer);
    TxBody update = body(id, new SetAlert(child, AlertAction.UPDATE, AlertPriority.LOW, "desk"));
    byte[] bytes = update.encode();
    byte[] raise =
        new TxBody(
                id,
                update.createdAtMillis(),
                update.nonce(),
                new SetAlert(child, AlertAction.RAISE, AlertPriority.LOW, "desk"))
            .encode();
    int action = 0;
    while (bytes[action] == raise[action]) {
      action++;
    }
    assertThat(bytes[action]).isEqualTo((byte) AlertAction.UPDATE.code());
    bytes[action] = (byte) AlertAction.RESOLVE.code();
    byte[] domain = "haven/tx/v1\n".getBytes(StandardCharsets.UTF_8);
    byte[] message = new byte[domain.length + Hash.SIZE + bytes.length];
    System.arraycopy(domain, 0, message, 0, domain.length);
    chainId.copyTo(message, domain.length);
    System.arraycopy(bytes, 0, message, domain.length + Hash.SIZE, bytes.length);
    Bytes signature = keyOf(officer).sign(message).bytes();
    return new CanonicalWriter()
        .bytes(Bytes.of(bytes))
        .list(List.of(signature), (w, s) -> w.string(officer).fixed(s))
        .toBytes();
  }
}
