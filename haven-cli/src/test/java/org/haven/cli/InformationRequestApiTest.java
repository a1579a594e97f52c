package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.Role;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.RecordAccess;
import org.haven.core.tx.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registrar's request for information and the field agent's answer, and the witnesses of a late
 * declaration, through a started demo node's HTTP API: the journey, and the attacks on it by
 * officers of another member and by a field agent answering what was not asked. Every refusal is
 * checked to change nothing: the ledger's size and what the vault holds for the child.
 */
class InformationRequestApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUESTION =
      "Which clinic did the mother attend? The notification is unreadable.";

  @TempDir static Path temp;

  private static DemoCommand.Running demo;
  private static NodeHttp http;
  private static String registrar;
  private static String agent;
  private static String otherRegistrar;
  private static String otherAgent;

  @BeforeAll
  static void startDemo() throws Exception {
    Path dataDir = Files.createDirectories(temp.resolve("node"));
    demo = DemoCommand.start(dataDir, 0);
    http = new NodeHttp(demo.node().httpPort());
    for (Officer officer :
        List.of(
            demo.ledger()
                .newOfficer("unicef.registrar.wambui", "unicef-esaro", Role.REGISTRAR, "KE"),
            demo.ledger()
                .newOfficer("unicef.agent.njeri", "unicef-esaro", Role.FIELD_AGENT, "KE"))) {
      assertThat(http.submit(demo.ledger().enrol(officer)).statusCode()).isEqualTo(200);
      demo.ledger().saveCredential(dataDir, officer.id(), DemoCommand.DEMO_PASSWORD);
    }
    registrar = login("ke.registrar.otieno");
    agent = login("ke.fieldagent.wanjiru");
    otherRegistrar = login("unicef.registrar.wambui");
    otherAgent = login("unicef.agent.njeri");
  }

  @AfterAll
  static void stop() throws Exception {
    demo.node().close();
  }

  @Test
  void registrarAsks_agentReadsAndAnswers_registrarReadsTheAnswerAndRegisters() throws Exception {
    String child = declare(declaration(false, "BIRTH_NOTIFICATION"));

    JsonNode asked = ok(201, http.post(requests(child), registrar, question(QUESTION)));
    JsonNode listed = awaiting(agent, child);
    ObjectNode answer = JSON.createObjectNode().put("answer", "Kakamega county clinic, 2021.");
    answer.putObject("correction").put("field", "placeOfBirth").put("value", "Kakamega");
    JsonNode answered = ok(200, http.post(requests(child) + "/answer", agent, answer));
    JsonNode read = readPersonalData(registrar, child);
    JsonNode registered =
        ok(
            200,
            http.post(
                "/children/" + child + "/decision",
                registrar,
                JSON.createObjectNode().put("decision", "REGISTER").put("reason", "clinic found")));

    assertThat(asked.get("status").asText()).isEqualTo("INFO_REQUESTED");
    assertThat(listed.get("question").asText()).isEqualTo(QUESTION);
    assertThat(listed.get("answer").isNull()).isTrue();
    assertThat(answered.get("answer").get("answeredBy").asText())
        .isEqualTo("ke.fieldagent.wanjiru");
    JsonNode request = read.get("informationRequests").get(0);
    assertThat(request.get("question").asText()).isEqualTo(QUESTION);
    assertThat(request.get("askedBy").asText()).isEqualTo("ke.registrar.otieno");
    assertThat(request.get("answer").get("text").asText())
        .isEqualTo("Kakamega county clinic, 2021.");
    assertThat(request.get("answer").get("correction").get("value").asText()).isEqualTo("Kakamega");
    assertThat(registered.get("status").asText()).isEqualTo("REGISTERED");
    assertThat(readers(child))
        .as("the agent's read of the question is on the access log, with its purpose")
        .contains("ke.fieldagent.wanjiru: answer a registrar's request for information");
    assertThat(awaiting(agent)).as("a registered child awaits nothing").doesNotContain(child);
  }

  @Test
  void theQuestionAndTheAnswer_neverReachTheLedger() throws Exception {
    String child = declare(declaration(false, "BIRTH_NOTIFICATION"));
    ok(201, http.post(requests(child), registrar, question("Is the mother Zawadi Achieng?")));
    ok(
        200,
        http.post(
            requests(child) + "/answer",
            agent,
            JSON.createObjectNode().put("answer", "Yes, Zawadi Achieng Otieno.")));

    List<String> texts = ledgerTextsAbout(child);

    assertThat(texts)
        .as("the ledger says information was requested, naming no one")
        .contains("information requested; the question is held by the declaring organisation");
    assertThat(String.join("\n", texts)).doesNotContain("Zawadi", "Achieng", "mother");
  }

  @Test
  void aRegistrarOfAnotherMember_cannotAskTheDeclaringAgentsForInformation() throws Exception {
    String child = declare(declaration(false, "BIRTH_NOTIFICATION"));
    long size = treeSize();

    HttpResponse<String> refused =
        http.post(requests(child), otherRegistrar, question("Send me the mother's ID number."));

    assertRefused(refused, 403, "OUTSIDE_ORGANISATION");
    assertThat(treeSize()).isEqualTo(size);
    assertThat(awaiting(agent)).doesNotContain(child);
    assertThat(readPersonalData(registrar, child).get("informationRequests")).isEmpty();
  }

  @Test
  void aFieldAgentOfAnotherMember_neitherReadsNorAnswersTheRequests() throws Exception {
    String child = declare(declaration(false, "BIRTH_NOTIFICATION"));
    ok(201, http.post(requests(child), registrar, question(QUESTION)));
    long size = treeSize();

    List<String> seen = awaiting(otherAgent);
    HttpResponse<String> answer = answer(otherAgent, child, "The mother is my neighbour.");
    HttpResponse<String> raw = rawRead("unicef.agent.njeri", child);

    assertThat(seen).doesNotContain(child);
    assertRefused(answer, 403, "OUTSIDE_ORGANISATION");
    assertRefused(raw, 403, "OUTSIDE_ORGANISATION");
    assertThat(treeSize()).isEqualTo(size);
    JsonNode request = readPersonalData(registrar, child).get("informationRequests").get(0);
    assertThat(request.get("answer").isNull()).as("still unanswered").isTrue();
  }

  @Test
  void aFieldAgent_cannotAnswerOrReadADeclarationThatAwaitsNoInformation() throws Exception {
    String child = declare(declaration(false, "BIRTH_NOTIFICATION"));
    long size = treeSize();

    HttpResponse<String> answer = answer(agent, child, "Nothing was asked, but here is more.");
    HttpResponse<String> raw = rawRead("ke.fieldagent.wanjiru", child);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
    assertThat(JSON.readTree(answer.body()).get("detail").asText())
        .contains("No request for information about child");
    assertRefused(raw, 403, "ROLE_NOT_PERMITTED");
    assertThat(treeSize()).isEqualTo(size);
    assertThat(readPersonalData(registrar, child).get("informationRequests")).isEmpty();
  }

  @Test
  void aSecondQuestion_beforeTheFirstIsAnswered_isRefusedNamingTheQuestion() throws Exception {
    String child = declare(declaration(false, "BIRTH_NOTIFICATION"));
    ok(201, http.post(requests(child), registrar, question(QUESTION)));
    long size = treeSize();

    HttpResponse<String> again = http.post(requests(child), registrar, question("And the father?"));

    assertThat(again.statusCode()).as(again.body()).isEqualTo(400);
    assertThat(JSON.readTree(again.body()).get("errors").get(0).get("field").asText())
        .isEqualTo("question");
    assertThat(treeSize()).isEqualTo(size);
  }

  @Test
  void aLateDeclarationWithOneWitness_isRefusedNamingTheWitnesses_andNothingIsWritten()
      throws Exception {
    ObjectNode declaration = declaration(true, "TWO_WITNESSES");
    ((ArrayNode) declaration.get("witnesses")).remove(1);
    long size = treeSize();

    HttpResponse<String> refused = http.post("/children", agent, declaration);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    JsonNode problem = JSON.readTree(refused.body());
    assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("witnesses");
    assertThat(problem.get("detail").asText())
        .contains("a late declaration resting on TWO_WITNESSES needs 2 witness(es)", "got 1");
    assertThat(treeSize()).isEqualTo(size);
  }

  @Test
  void aLateDeclarationsTwoWitnesses_areShownToTheRegistrar_inAnAuditedRead_andNotOnTheLedger()
      throws Exception {
    String child = declare(declaration(true, "TWO_WITNESSES"));

    JsonNode witnesses = readPersonalData(registrar, child).get("witnesses");

    assertThat(witnesses).hasSize(2);
    assertThat(witnesses.get(0).get("names").asText()).isEqualTo("Grace Chebet");
    assertThat(witnesses.get(0).get("statement").asText()).contains("born at home");
    assertThat(witnesses.get(1).get("documentNumber").asText()).isEqualTo("30554128");
    assertThat(readers(child)).anyMatch(line -> line.startsWith("ke.registrar.otieno: "));
    assertThat(String.join("\n", ledgerTextsAbout(child)))
        .doesNotContain("Grace", "30117742", "born at home");
  }

  // ---- helpers ----

  private static String login(String officer) throws Exception {
    return http.login(officer, DemoCommand.DEMO_PASSWORD);
  }

  private static String requests(String child) {
    return "/children/" + child + "/information-requests";
  }

  private static HttpResponse<String> answer(String token, String child, String text)
      throws Exception {
    return http.post(
        requests(child) + "/answer", token, JSON.createObjectNode().put("answer", text));
  }

  /** A read of the child's file signed by {@code officer} and sent raw, past the node's checks. */
  private static HttpResponse<String> rawRead(String officer, String child) throws Exception {
    return http.submit(
        demo.ledger()
            .signedBy(
                new OfficerId(officer),
                new RecordAccess(
                    List.of(new RecordAccess.Read(ChildNumber.parse(child), "curious")))));
  }

  private static ObjectNode question(String text) {
    return JSON.createObjectNode().put("question", text);
  }

  private static ObjectNode declaration(boolean late, String evidence) {
    ObjectNode body = JSON.createObjectNode().put("late", late).put("evidence", evidence);
    body.putObject("child")
        .put("givenNames", "Imani")
        .put("familyNames", "Kiprotich")
        .put("dateOfBirth", late ? "2014-01-20" : "2025-11-02")
        .put("sex", "FEMALE");
    ArrayNode witnesses = body.putArray("witnesses");
    if (evidence.equals("TWO_WITNESSES")) {
      witnesses
          .addObject()
          .put("names", "Grace Chebet")
          .put("relationship", "neighbour")
          .put("documentNumber", "30117742")
          .put("statement", "I saw Imani born at home in January 2014.");
      witnesses
          .addObject()
          .put("names", "Joseph Kirui")
          .put("relationship", "village elder")
          .put("documentNumber", "30554128")
          .put("statement", "I have known the family since before the birth.");
    }
    return body;
  }

  private static String declare(ObjectNode declaration) throws Exception {
    return ok(201, http.post("/children", agent, declaration)).get("childNumber").asText();
  }

  private static JsonNode ok(int status, HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    return JSON.readTree(answer.body());
  }

  private static JsonNode readPersonalData(String token, String child) throws Exception {
    return ok(
        200,
        http.get(
            "/children/" + child + "/personal-data?purpose=deciding+on+the+declaration", token));
  }

  /** The child numbers the officer is shown as awaiting information. */
  private static List<String> awaiting(String token) throws Exception {
    List<String> children = new ArrayList<>();
    for (JsonNode item : ok(200, http.get("/information-requests?limit=200", token)).get("items")) {
      children.add(item.get("childNumber").asText());
    }
    return children;
  }

  private static JsonNode awaiting(String token, String child) throws Exception {
    for (JsonNode item : ok(200, http.get("/information-requests?limit=200", token)).get("items")) {
      if (item.get("childNumber").asText().equals(child)) {
        return item;
      }
    }
    throw new AssertionError("child " + child + " is not listed as awaiting information");
  }

  /** The child's access log as "reader: purpose" lines. */
  private static List<String> readers(String child) throws Exception {
    List<String> lines = new ArrayList<>();
    for (JsonNode read :
        ok(200, http.get("/children/" + child + "/access-log", registrar)).get("items")) {
      lines.add(read.get("reader").asText() + ": " + read.get("purpose").asText());
    }
    return lines;
  }

  /**
   * Every transaction about the child on the ledger, each as its decoded payload's text (record
   * components, strings as they are) and its canonical bytes read as UTF-8.
   */
  private static List<String> ledgerTextsAbout(String child) {
    ChildNumber number = ChildNumber.parse(child);
    List<String> texts = new ArrayList<>();
    long size = demo.node().queries().sizeWithEveryRecord();
    for (long index = 0; index < size; index++) {
      Transaction tx = demo.node().queries().decodedTransaction(index);
      if (tx.payload().toString().contains(number.toString())) {
        texts.add(tx.payload().toString());
        if (tx.payload() instanceof DecideDeclaration decision) {
          texts.add(decision.reason());
        }
        texts.add(new String(tx.encoded().toArray(), StandardCharsets.UTF_8));
      }
    }
    return texts;
  }

  private static void assertRefused(HttpResponse<String> answer, int status, String reason)
      throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(JSON.readTree(answer.body()).get("reason").asText()).isEqualTo(reason);
  }

  private static long treeSize() throws Exception {
    return http.status().get("recordTreeSize").asLong();
  }
}
