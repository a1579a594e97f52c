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
import org.haven.node.registry.ChildSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registrar's search of their organisation's vault by names and date of birth, through the real
 * HTTP API of the {@code haven demo} node (ke-civil-registry): spelling variants are found, paging
 * works, every child shown is recorded on the ledger without the query, and every attack (another
 * role, another organisation, no session, initials only) is refused with a clear problem.
 */
class ChildSearchApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = DemoCommand.DEMO_PASSWORD;
  private static final String REGISTRAR = "ke.registrar.otieno";
  private static final String UG_REGISTRAR = "ug.registrar.nakato";
  private static final String PURPOSE = "mother asks for a copy of the card";

  @TempDir static Path temp;

  private static DemoCommand.Running demo;
  private static NodeHttp http;
  private static String amina;
  private static String aminah;
  private static String ugandanAmina;

  @BeforeAll
  static void start() throws Exception {
    demo = DemoCommand.start(Files.createDirectories(temp.resolve("node")), 0);
    http = new NodeHttp(demo.node().httpPort());
    amina = demo.children().get("registered, mother linked").toString();
    aminah = demo.children().get("possible duplicate, awaiting review").toString();
    // A Ugandan registrar declares a child with the same names and birth date through this node.
    ObjectNode declaration =
        JSON.createObjectNode()
            .put("jurisdiction", "UG")
            .put("late", false)
            .put("evidence", "BIRTH_NOTIFICATION");
    declaration
        .putObject("child")
        .put("givenNames", "Amina")
        .put("familyNames", "Wanjiru")
        .put("dateOfBirth", "2019-03-14")
        .put("sex", "FEMALE");
    declaration.putArray("guardians");
    HttpResponse<String> declared = http.post("/children", token(UG_REGISTRAR), declaration);
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
    ugandanAmina = NodeHttp.json(declared).get("childNumber").asText();
  }

  @AfterAll
  static void stop() throws IOException {
    if (demo != null) {
      demo.node().close();
    }
  }

  @Test
  void registrar_findsSpellingVariantsOfTheirOwnChildren_andEveryChildShownIsAudited()
      throws Exception {
    int aminaReadsBefore = reads(amina).size();
    HttpResponse<String> answer = search(REGISTRAR, "AMINAH wanjiru", "2019-03-14", "");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode body = NodeHttp.json(answer);
    assertThat(numbers(body)).containsExactlyInAnyOrder(amina, aminah);
    assertThat(body.get("total").asInt()).isEqualTo(2);
    JsonNode first = body.get("items").get(0);
    assertThat(first.get("dateOfBirth").asText()).isEqualTo("2019-03-14");
    assertThat(first.get("familyNames").asText()).isEqualTo("Wanjiru");
    assertThat(first.get("status").asText()).isIn("REGISTERED", "DECLARED");

    List<JsonNode> reads = reads(amina);
    assertThat(reads).hasSize(aminaReadsBefore + 1);
    JsonNode read = reads.get(reads.size() - 1);
    assertThat(read.get("reader").asText()).isEqualTo(REGISTRAR);
    assertThat(read.get("purpose").asText())
        .isEqualTo(ChildSearch.PURPOSE_PREFIX + PURPOSE)
        .doesNotContainIgnoringCase("wanjiru")
        .doesNotContain("2019");
  }

  @Test
  void pages_areAuditedOnlyWhenShown() throws Exception {
    HttpResponse<String> page1 = search(REGISTRAR, "Wanjiru", "2019-03-14", "?limit=1");
    assertThat(page1.statusCode()).as(page1.body()).isEqualTo(200);
    JsonNode body1 = NodeHttp.json(page1);
    assertThat(body1.get("items")).hasSize(1);
    assertThat(body1.get("total").asInt()).isEqualTo(2);
    String shown = body1.get("items").get(0).get("childNumber").asText();
    String notShown = shown.equals(amina) ? aminah : amina;
    int notShownReads = reads(notShown).size();
    assertThat(body1.get("next").isNull()).isFalse();

    HttpResponse<String> page2 =
        search(REGISTRAR, "Wanjiru", "2019-03-14", "?limit=1&cursor=" + body1.get("next").asText());
    assertThat(page2.statusCode()).as(page2.body()).isEqualTo(200);
    assertThat(numbers(NodeHttp.json(page2))).containsExactly(notShown);
    assertThat(NodeHttp.json(page2).get("next").isNull()).isTrue();
    assertThat(reads(notShown)).hasSize(notShownReads + 1);
  }

  @Test
  void anotherOrganisationsChild_isNeverReturned_andItsRegistrarMayNotSearchThisVault()
      throws Exception {
    HttpResponse<String> own = search(REGISTRAR, "Amina Wanjiru", "2019-03-14", "");
    assertThat(numbers(NodeHttp.json(own))).doesNotContain(ugandanAmina).isNotEmpty();

    long before = treeSize();
    HttpResponse<String> foreign = search(UG_REGISTRAR, "Amina Wanjiru", "2019-03-14", "");
    assertProblem(foreign, 403, "OUTSIDE_ORGANISATION");
    assertThat(foreign.body()).doesNotContain(amina).doesNotContain(ugandanAmina);
    assertThat(treeSize()).as("nothing recorded").isEqualTo(before);
  }

  @Test
  void otherRoles_areRefused() throws Exception {
    for (String officer :
        new String[] {"ke.fieldagent.wanjiru", "ke.border.kamau", "unicef.caseworker.achieng"}) {
      HttpResponse<String> answer = search(officer, "Amina Wanjiru", "2019-03-14", "");
      assertProblem(answer, 403, "ROLE_NOT_PERMITTED");
      assertThat(answer.body()).doesNotContain(amina);
    }
  }

  @Test
  void noSession_isRefused() throws Exception {
    HttpResponse<String> answer = http.post("/children/search", null, query("Amina", "2019-03-14"));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
    assertThat(answer.body()).doesNotContain(amina);
  }

  @Test
  void overBroadOrIncompleteQueries_areRefusedNamingTheField() throws Exception {
    long before = treeSize();
    assertField(search(REGISTRAR, "A", "2019-03-14", ""), "names", "2 letters or more");
    assertField(search(REGISTRAR, "A. W.", "2019-03-14", ""), "names", "initials alone");
    ObjectNode noDate = query("Amina", "2019-03-14");
    noDate.remove("dateOfBirth");
    assertField(http.post("/children/search", token(REGISTRAR), noDate), "dateOfBirth", "required");
    ObjectNode noPurpose = query("Amina", "2019-03-14");
    noPurpose.remove("purpose");
    assertField(http.post("/children/search", token(REGISTRAR), noPurpose), "purpose", "");
    assertThat(treeSize()).as("nothing recorded").isEqualTo(before);
  }

  // ---- helpers ----

  private static HttpResponse<String> search(
      String officer, String names, String born, String paging) throws Exception {
    return http.post("/children/search" + paging, token(officer), query(names, born));
  }

  private static ObjectNode query(String names, String born) {
    return JSON.createObjectNode()
        .put("names", names)
        .put("dateOfBirth", born)
        .put("purpose", PURPOSE);
  }

  private static List<String> numbers(JsonNode page) {
    List<String> numbers = new ArrayList<>();
    page.get("items").forEach(item -> numbers.add(item.get("childNumber").asText()));
    return numbers;
  }

  private static List<JsonNode> reads(String child) throws Exception {
    HttpResponse<String> log =
        http.get("/children/" + child + "/access-log?limit=200", token(REGISTRAR));
    assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
    List<JsonNode> reads = new ArrayList<>();
    NodeHttp.json(log).get("items").forEach(reads::add);
    return reads;
  }

  private static void assertProblem(HttpResponse<String> answer, int status, String reason)
      throws IOException {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(NodeHttp.json(answer).get("reason").asText()).isEqualTo(reason);
  }

  private static void assertField(HttpResponse<String> answer, String field, String detail)
      throws IOException {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    JsonNode error = NodeHttp.json(answer).get("errors").get(0);
    assertThat(error.get("field").asText()).isEqualTo(field);
    assertThat(error.get("detail").asText()).contains(detail);
  }

  private static String token(String officer) throws Exception {
    return http.login(officer, PASSWORD);
  }

  private static long treeSize() throws Exception {
    return http.status().get("recordTreeSize").asLong();
  }
}
