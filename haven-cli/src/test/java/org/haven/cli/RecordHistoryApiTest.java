package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.haven.core.identity.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child's record history through the real HTTP API of the {@code haven demo} consortium: the
 * holding registrar sees every version of the data, with what changed, and every ledger change with
 * who and why; an auditor sees the ledger part only; another member's registrar, a field agent and
 * a caller without a session are refused and leave no trace; after erasure no version can be read.
 */
class RecordHistoryApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = DemoCommand.DEMO_PASSWORD;

  private static final String REGISTRAR = "ke.registrar.otieno";
  private static final String AUDITOR = "unicef.auditor.mwangi";
  private static final String FIELD_AGENT = "ke.fieldagent.wanjiru";
  private static final String UGANDAN_REGISTRAR = "ug.registrar.nakato";

  /** A registrar of UNICEF in Kenya: the child's jurisdiction, not the holding organisation. */
  private static final String OTHER_MEMBERS_REGISTRAR = "unicef.registrar.mallory";

  @TempDir static Path temp;

  private static DemoCommand.Running demo;
  private static NodeHttp http;

  @BeforeAll
  static void start() throws Exception {
    demo = DemoCommand.start(Files.createDirectories(temp.resolve("node")), 0);
    http = new NodeHttp(demo.node().httpPort());
    HttpResponse<String> enrolled =
        http.post(
            "/officers",
            token("unicef-esaro.admin"),
            JSON.createObjectNode()
                .put("id", OTHER_MEMBERS_REGISTRAR)
                .put("role", Role.REGISTRAR.name())
                .put("jurisdiction", "KE")
                .put("password", PASSWORD));
    assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws IOException {
    if (demo != null) {
      demo.node().close();
    }
  }

  @Test
  void holdingRegistrar_afterACorrection_seesBothVersionsTheChangeAndWhoMadeEachLedgerChange()
      throws Exception {
    String child = child("registered, mother linked");
    correct(child, "Wanjiru Kamau", "family name misspelt at declaration");

    JsonNode history = ok(http.get("/children/" + child + "/history?limit=200", token(REGISTRAR)));
    List<String> kinds = new ArrayList<>();
    history.get("items").forEach(item -> kinds.add(item.get("kind").asText()));
    assertThat(kinds)
        .as("in log order")
        .containsSubsequence(
            "DECLARE_CHILD", "DECIDE_DECLARATION", "LINK_GUARDIAN", "CORRECT_CHILD")
        .contains("RECORD_EVENT")
        .doesNotContain("RECORD_ACCESS");
    JsonNode declaration = item(history, "DECLARE_CHILD");
    assertThat(declaration.get("officer").asText()).isEqualTo(FIELD_AGENT);
    assertThat(declaration.get("organisation").asText()).isEqualTo("ke-civil-registry");
    assertThat(declaration.get("role").asText()).isEqualTo("FIELD_AGENT");
    JsonNode correction = item(history, "CORRECT_CHILD");
    assertThat(correction.get("officer").asText()).isEqualTo(REGISTRAR);
    assertThat(correction.get("why").asText()).isEqualTo("family name misspelt at declaration");
    assertThat(item(history, "DECIDE_DECLARATION").get("what").asText()).isEqualTo("REGISTER");
    assertThat(item(history, "LINK_GUARDIAN").get("why").asText())
        .isEqualTo("birth notification KAK/2019/0314");
    assertThat(history.toString())
        .as("no personal data in the ledger part")
        .doesNotContain("Amina");

    long readsBefore = reads(child);
    JsonNode versions =
        ok(
            http.get(
                "/children/" + child + "/history/versions?purpose=audit+of+correction",
                token(REGISTRAR)));
    assertThat(versions.get("erased").asBoolean()).isFalse();
    JsonNode both = versions.get("versions");
    assertThat(both).hasSize(2);
    assertThat(both.get(0).get("child").get("familyNames").asText()).isEqualTo("Wanjiru");
    assertThat(both.get(1).get("child").get("familyNames").asText()).isEqualTo("Wanjiru Kamau");
    assertThat(both.get(0).get("changed")).isEmpty();
    assertThat(both.get(1).get("changed").toString()).isEqualTo("[\"familyNames\"]");
    assertThat(both.get(0).get("commitment").asText())
        .as("the first version is the one the declaration committed to")
        .isEqualTo(declaration.get("commitment").asText());
    assertThat(both.get(1).get("commitment").asText())
        .isEqualTo(correction.get("commitment").asText());
    assertThat(reads(child)).as("the read of the versions is audited").isEqualTo(readsBefore + 1);
    JsonNode lastRead = lastRead(child);
    assertThat(lastRead.get("reader").asText()).isEqualTo(REGISTRAR);
    assertThat(lastRead.get("purpose").asText()).isEqualTo("audit of correction");
  }

  @Test
  void auditor_seesTheLedgerChanges_butNoVersionOfThePersonalData() throws Exception {
    String child = child("registered, reported missing");
    long size = treeSize();

    JsonNode history = ok(http.get("/children/" + child + "/history", token(AUDITOR)));
    assertThat(item(history, "SET_ALERT").get("what").asText()).isEqualTo("RAISE HIGH");
    assertRefused(
        http.get("/children/" + child + "/history/versions?purpose=curious", token(AUDITOR)),
        403,
        "ROLE_NOT_PERMITTED");
    assertThat(treeSize()).as("a refused read is not recorded").isEqualTo(size);
  }

  @Test
  void anotherMembersRegistrarInTheChildsJurisdiction_readsTheLedgerPartButNoVersion()
      throws Exception {
    String child = child("registered, mother linked");
    long size = treeSize();

    ok(http.get("/children/" + child + "/history", token(OTHER_MEMBERS_REGISTRAR)));
    assertRefused(
        http.get(
            "/children/" + child + "/history/versions?purpose=curious",
            token(OTHER_MEMBERS_REGISTRAR)),
        403,
        "OUTSIDE_ORGANISATION");
    assertThat(treeSize()).as("nothing recorded").isEqualTo(size);
  }

  @Test
  void registrarOfAnotherMemberAndJurisdiction_isRefusedBoth() throws Exception {
    String child = child("registered, mother linked");
    long size = treeSize();

    assertRefused(
        http.get("/children/" + child + "/history", token(UGANDAN_REGISTRAR)),
        403,
        "OUTSIDE_JURISDICTION");
    assertRefused(
        http.get(
            "/children/" + child + "/history/versions?purpose=curious", token(UGANDAN_REGISTRAR)),
        403,
        "OUTSIDE_ORGANISATION");
    assertThat(treeSize()).as("nothing recorded").isEqualTo(size);
  }

  @Test
  void fieldAgentAndCallerWithoutASession_areRefused() throws Exception {
    String child = child("registered, mother linked");
    long size = treeSize();

    assertRefused(
        http.get("/children/" + child + "/history", token(FIELD_AGENT)), 403, "ROLE_NOT_PERMITTED");
    assertRefused(
        http.get("/children/" + child + "/history/versions?purpose=x", token(FIELD_AGENT)),
        403,
        "ROLE_NOT_PERMITTED");
    assertThat(http.get("/children/" + child + "/history").statusCode()).isEqualTo(401);
    assertThat(http.get("/children/" + child + "/history/versions?purpose=x").statusCode())
        .isEqualTo(401);
    assertThat(treeSize()).as("nothing recorded").isEqualTo(size);
  }

  @Test
  void versions_withoutAPurpose_isRefusedNamingIt() throws Exception {
    String child = child("registered, mother linked");
    long size = treeSize();

    HttpResponse<String> answer =
        http.get("/children/" + child + "/history/versions", token(REGISTRAR));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(answer.body()).contains("purpose");
    assertThat(treeSize()).as("nothing recorded").isEqualTo(size);
  }

  @Test
  void afterErasure_noVersionCanBeRead_andTheHistoryShowsTheErasure() throws Exception {
    String child = child("suspended");
    correct(child, "Korir", "family name of the father, not the mother");
    assertThat(ok(versions(child)).get("versions")).hasSize(2);

    HttpResponse<String> erased =
        http.post(
            "/children/" + child + "/erasure",
            token(REGISTRAR),
            JSON.createObjectNode().put("reason", "guardian's request under the data law"));
    assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);

    JsonNode after = ok(versions(child));
    assertThat(after.get("erased").asBoolean()).isTrue();
    assertThat(after.get("versions")).isEmpty();
    JsonNode history = ok(http.get("/children/" + child + "/history", token(REGISTRAR)));
    JsonNode erasure = history.get("items").get(history.get("items").size() - 1);
    assertThat(erasure.get("kind").asText()).isEqualTo("CHANGE_CHILD_STATUS");
    assertThat(erasure.get("what").asText()).isEqualTo("ERASED");
    assertThat(erasure.get("why").asText()).isEqualTo("guardian's request under the data law");
  }

  private static HttpResponse<String> versions(String child) throws Exception {
    return http.get(
        "/children/" + child + "/history/versions?purpose=erasure+check", token(REGISTRAR));
  }

  /** The registrar corrects the child's family name through {@code PUT .../personal-data}. */
  private static void correct(String child, String familyNames, String reason) throws Exception {
    JsonNode held =
        ok(http.get("/children/" + child + "/personal-data?purpose=correction", token(REGISTRAR)));
    ObjectNode data = ((ObjectNode) held.get("child")).put("familyNames", familyNames);
    data.remove("found");
    ObjectNode body = JSON.createObjectNode();
    body.set("child", data);
    body.set("guardians", held.get("guardians"));
    body.put("reason", reason);
    HttpResponse<String> corrected =
        http.put("/children/" + child + "/personal-data", token(REGISTRAR), body);
    assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
  }

  private static JsonNode item(JsonNode history, String kind) {
    for (JsonNode item : history.get("items")) {
      if (item.get("kind").asText().equals(kind)) {
        return item;
      }
    }
    throw new AssertionError("no " + kind + " in " + history);
  }

  private static long reads(String child) throws Exception {
    return ok(http.get("/children/" + child + "/access-log?limit=200", token(AUDITOR)))
        .get("items")
        .size();
  }

  private static JsonNode lastRead(String child) throws Exception {
    JsonNode items =
        ok(http.get("/children/" + child + "/access-log?limit=200", token(AUDITOR))).get("items");
    return items.get(items.size() - 1);
  }

  private static String child(String label) {
    return demo.children().get(label).toString();
  }

  private static String token(String officer) throws Exception {
    return http.login(officer, PASSWORD);
  }

  private static long treeSize() throws Exception {
    return http.status().get("recordTreeSize").asLong();
  }

  private static JsonNode ok(HttpResponse<String> answer) throws IOException {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return NodeHttp.json(answer);
  }

  private static void assertRefused(HttpResponse<String> answer, int status, String reason)
      throws IOException {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(NodeHttp.json(answer).get("reason").asText()).isEqualTo(reason);
  }
}
