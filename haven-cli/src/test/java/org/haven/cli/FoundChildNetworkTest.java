package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.Role;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.LinkageToken;
import org.haven.core.registry.identity.TokenType;
import org.haven.core.tx.DeclareFoundChild;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.TxSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child found alone, through the real API of a consortium of three members: declared at one
 * member, matched against an alert another member raised on a child a third registered, without
 * personal data crossing; then the attacks on the flow (docs/threat-model.md, "Found children").
 */
class FoundChildNetworkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KE = "ke-civil-registry";
  private static final String UG = "ug-nira";
  private static final String UNICEF = "unicef-esaro";
  private static final String UG_AGENT = "ug.fieldagent.apio";
  private static final String PASSWORD = DemoCommand.DEMO_PASSWORD;

  /** Baraka Otieno, born 2017-08-02, reported missing by UNICEF's case worker (DemoRegistry). */
  private static final LocalDate BARAKA_BORN = LocalDate.of(2017, 8, 2);

  @TempDir static Path root;
  private static InProcessNetwork network;
  private static ChildNumber baraka;
  private static ChildNumber amina;

  @BeforeAll
  static void startTheConsortiumWithAMissingChild() throws Exception {
    network = InProcessNetwork.start(root, UnaryOperator.identity());
    network.awaitLeader(network.members());
    DemoLedger ledger = network.ledger();
    network.enrolDemoOfficers(
        KE, List.of(ledger.newOfficer(UG_AGENT, UG, Role.FIELD_AGENT, "UG")), PASSWORD);
    Map<String, ChildNumber> children =
        new DemoRegistry(ledger, network.node(KE))
            .seed(
                new OfficerId("ke.fieldagent.wanjiru"),
                new OfficerId("ke.registrar.otieno"),
                new OfficerId("unicef.caseworker.achieng"));
    baraka = children.get("registered, reported missing");
    amina = children.get("registered, mother linked");
    awaitAlertAt(UG, baraka);
  }

  @AfterAll
  static void stopTheConsortium() throws Exception {
    if (network != null) {
      network.close();
    }
  }

  @Test
  void foundChildDeclaredAtOneMember_matchesTheAlertOfAnother_andTheRegistrarConfirmsIt()
      throws Exception {
    Session agent = Session.at(UG, UG_AGENT);
    HttpResponse<String> declared = agent.post("/found-children", barakaFound("Barakah", "UG"));

    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
    JsonNode found = NodeHttp.json(declared);
    String number = found.get("childNumber").asText();
    assertThat(found.get("status").asText()).isEqualTo("FOUND");
    assertThat(found.get("resolution").asText()).isEqualTo("OPEN");
    JsonNode candidate = candidate(found, baraka);
    assertThat(candidate).as(declared.body()).isNotNull();
    assertThat(candidate.get("rule").asText()).isEqualTo("NAME_AGE_AND_ALERT");
    assertThat(candidate.get("organisation").asText()).isEqualTo(KE);
    assertThat(candidate.get("alert").get("raisingOrganisation").asText()).isEqualTo(UNICEF);
    assertThat(candidate.get("alert").get("contactPoint").asText())
        .isEqualTo("Child Helpline 116, desk 4");
    // Nothing personal crosses: neither the found child's data nor the candidate's.
    assertThat(declared.body()).doesNotContain("Barakah", "Baraka", "Otieno", "2017", "Busia");

    Session registrar = Session.at(UG, "ug.registrar.nakato");
    HttpResponse<String> confirmed =
        registrar.post(
            "/found-children/" + number + "/decision",
            JSON.createObjectNode()
                .put("decision", "CONFIRM_MATCH")
                .put("match", baraka.toString())
                .put("reason", "photo and scar match the alert's description"));
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    JsonNode decided = NodeHttp.json(confirmed);
    assertThat(decided.get("status").asText()).isEqualTo("DUPLICATE");
    assertThat(decided.get("resolution").asText()).isEqualTo("MATCHED");
    assertThat(decided.get("matchedTo").asText()).isEqualTo(baraka.toString());
    assertThat(decided.get("candidates")).isEmpty();

    assertThat(eventTypes(registrar.get("/children/" + number + "/timeline")))
        .containsExactly("FOUND", "FOUND_IDENTIFIED");
    // The alert's raisers, at their own member, see on the missing child's timeline where it was
    // found; the alert stays theirs to resolve.
    Session caseWorker = Session.at(UNICEF, "unicef.caseworker.achieng");
    JsonNode identified = awaitEvent(caseWorker, baraka, "FOUND_IDENTIFIED");
    assertThat(identified.get("place").asText()).isEqualTo("UG");
    assertThat(identified.get("recordedBy").asText()).isEqualTo("ug.registrar.nakato");
    assertThat(NodeHttp.json(caseWorker.get("/alerts")).get("items").toString())
        .contains(baraka.toString());
  }

  @Test
  void foundChildWithNoMatch_isRegisteredAsNew_withEvidenceFoundChild() throws Exception {
    Session border = Session.at(UG, "ug.border.okello");
    ObjectNode unknownGirl = barakaFound("", "UG");
    ((ObjectNode) unknownGirl.get("child")).put("sex", "FEMALE").put("placeFound", "Malaba");
    HttpResponse<String> declared = border.post("/found-children", unknownGirl);
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
    String number = NodeHttp.json(declared).get("childNumber").asText();
    assertThat(NodeHttp.json(declared).get("candidates")).isEmpty();

    HttpResponse<String> registered =
        Session.at(UG, "ug.registrar.nakato")
            .post(
                "/found-children/" + number + "/decision",
                JSON.createObjectNode()
                    .put("decision", "REGISTER_NEW")
                    .put("reason", "no match on the ledger; registered from the found record"));

    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    assertThat(NodeHttp.json(registered).get("status").asText()).isEqualTo("REGISTERED");
    assertThat(NodeHttp.json(registered).get("evidence").asText()).isEqualTo("FOUND_CHILD");
  }

  @Test
  void onlyFieldAgentsCaseWorkersAndBorderOfficers_ofTheJurisdiction_declareFoundChildren()
      throws Exception {
    HttpResponse<String> registrar =
        Session.at(UG, "ug.registrar.nakato").post("/found-children", barakaFound("Baraka", "UG"));
    assertThat(registrar.statusCode()).as(registrar.body()).isEqualTo(403);
    assertThat(reason(registrar)).isEqualTo("ROLE_NOT_PERMITTED");

    HttpResponse<String> elsewhere =
        Session.at(UG, UG_AGENT).post("/found-children", barakaFound("Baraka", "KE"));
    assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(403);
    assertThat(reason(elsewhere)).isEqualTo("OUTSIDE_JURISDICTION");
  }

  @Test
  void candidates_areShownOnlyToTheHoldingMemberAndTheJurisdictionsRegistrars() throws Exception {
    String number = declareFoundAtUganda("Baraka");

    for (String[] outsider :
        new String[][] {
          {KE, "ke.fieldagent.wanjiru"},
          {KE, "ke.registrar.otieno"},
          {UNICEF, "unicef.auditor.mwangi"}
        }) {
      HttpResponse<String> shown =
          Session.at(outsider[0], outsider[1]).get("/found-children/" + number);
      assertThat(shown.statusCode()).as("%s: %s", outsider[1], shown.body()).isEqualTo(403);
      assertThat(shown.body()).doesNotContain(baraka.toString());
    }
    HttpResponse<String> holder = Session.at(UG, UG_AGENT).get("/found-children/" + number);
    assertThat(holder.statusCode()).as(holder.body()).isEqualTo(200);
  }

  @Test
  void theFoundQueue_listsTheRegistrarsJurisdictionOnly_withCandidates_andNoOtherRoleReadsIt()
      throws Exception {
    String number = declareFoundAtUganda("Baraka");

    JsonNode queue =
        NodeHttp.json(Session.at(UG, "ug.registrar.nakato").get("/found-children?limit=200"));
    JsonNode listed = null;
    for (JsonNode item : queue.get("items")) {
      assertThat(item.get("jurisdiction").asText()).isEqualTo("UG");
      assertThat(item.get("status").asText()).isEqualTo("FOUND");
      if (item.get("childNumber").asText().equals(number)) {
        listed = item;
      }
    }
    assertThat(listed).as(queue.toString()).isNotNull();
    assertThat(candidate(listed, baraka)).as(listed.toString()).isNotNull();

    // Kenya's registrar, once Kenya's member holds the declaration, does not see Uganda's queue.
    Session kenyan = Session.at(KE, "ke.registrar.otieno");
    awaitRecordAt(kenyan, number);
    HttpResponse<String> theirs = kenyan.get("/found-children?limit=200");
    assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(200);
    assertThat(theirs.body()).doesNotContain(number);

    for (String[] other :
        new String[][] {
          {UG, UG_AGENT}, {UG, "ug.border.okello"}, {UNICEF, "unicef.caseworker.achieng"}
        }) {
      HttpResponse<String> refused = Session.at(other[0], other[1]).get("/found-children");
      assertThat(refused.statusCode()).as("%s: %s", other[1], refused.body()).isEqualTo(403);
      assertThat(reason(refused)).isEqualTo("ROLE_NOT_PERMITTED");
    }
  }

  @Test
  void aRegistrarOfAnotherJurisdiction_cannotConfirmAMatch_norConfirmOneTheLedgerDidNotFind()
      throws Exception {
    String number = declareFoundAtUganda("Baraka");

    HttpResponse<String> kenyan =
        Session.at(KE, "ke.registrar.otieno")
            .post(
                "/found-children/" + number + "/decision",
                JSON.createObjectNode()
                    .put("decision", "CONFIRM_MATCH")
                    .put("match", baraka.toString())
                    .put("reason", "ours"));
    assertThat(kenyan.statusCode()).as(kenyan.body()).isEqualTo(403);
    assertThat(reason(kenyan)).isEqualTo("OUTSIDE_JURISDICTION");

    HttpResponse<String> notACandidate =
        Session.at(UG, "ug.registrar.nakato")
            .post(
                "/found-children/" + number + "/decision",
                JSON.createObjectNode()
                    .put("decision", "CONFIRM_MATCH")
                    .put("match", amina.toString())
                    .put("reason", "looks like her"));
    assertThat(notACandidate.statusCode()).as(notACandidate.body()).isEqualTo(409);
    assertThat(reason(notACandidate)).isEqualTo("CONFLICT");
    assertThat(
            NodeHttp.json(Session.at(UG, UG_AGENT).get("/found-children/" + number))
                .get("status")
                .asText())
        .isEqualTo("FOUND");
  }

  @Test
  void anOutsiderProbingTokens_isRefused_andAnInsidersProbeShowsNothingPersonalAndIsSigned()
      throws Exception {
    NodeHttp api = new NodeHttp(network.node(UG).httpPort());
    LinkageToken guess =
        new LinkageToken(TokenType.NAME_PART_AGE, Hash.sha256(new byte[] {1, 2, 3}));
    Ed25519PrivateKey stranger = Ed25519PrivateKey.generate(new SecureRandom());
    OfficerId nobody = new OfficerId("ug.nobody");
    HttpResponse<String> unknown = api.submit(signed(nobody, stranger, probe(List.of(guess))));
    assertThat(reason(unknown)).isEqualTo("UNKNOWN_SIGNER");

    OfficerId auditor = new OfficerId("unicef.auditor.mwangi");
    HttpResponse<String> wrongRole =
        api.submit(network.ledger().signedBy(auditor, probe(List.of(guess))));
    assertThat(reason(wrongRole)).isEqualTo("ROLE_NOT_PERMITTED");

    // Full-data tokens would let a prober test an exact name and birth date: refused by form.
    LinkageToken exact = new LinkageToken(TokenType.NAME_BIRTH_DATE, guess.value());
    HttpResponse<String> fullToken = api.submit(probeUnchecked(exact));
    assertThat(fullToken.statusCode()).as(fullToken.body()).isEqualTo(400);
    assertThat(fullToken.body()).contains("partial-data tokens only");

    // An enrolled field agent who guesses a child's names learns its number, holding member and
    // the alert's contact point, never its data, and the probe is on the ledger under their name.
    Session insider = Session.at(KE, "ke.fieldagent.wanjiru");
    HttpResponse<String> probed = insider.post("/found-children", barakaFound("Baraka", "KE"));
    assertThat(probed.statusCode()).as(probed.body()).isEqualTo(201);
    JsonNode answer = NodeHttp.json(probed);
    assertThat(answer.get("declaredBy").asText()).isEqualTo("ke.fieldagent.wanjiru");
    assertThat(probed.body()).doesNotContain("Otieno", "2017-08-02", "Akinyi");
    HttpResponse<String> data =
        insider.get("/children/" + baraka + "/personal-data?purpose=identify%20found%20child");
    assertThat(data.statusCode()).as(data.body()).isEqualTo(403);
  }

  // ---- helpers ----

  private static String declareFoundAtUganda(String names) throws Exception {
    HttpResponse<String> declared =
        Session.at(UG, UG_AGENT).post("/found-children", barakaFound(names, "UG"));
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
    return NodeHttp.json(declared).get("childNumber").asText();
  }

  /** A boy of Baraka's age found an hour ago, giving {@code names}. */
  private static ObjectNode barakaFound(String names, String jurisdiction) {
    int age = Period.between(BARAKA_BORN, LocalDate.now(ZoneOffset.UTC)).getYears();
    ObjectNode body = JSON.createObjectNode().put("jurisdiction", jurisdiction);
    body.putObject("child")
        .put("givenNames", names)
        .put("sex", "MALE")
        .put("ageFrom", age - 2)
        .put("ageTo", age + 1)
        .put("foundAt", Instant.now().minus(1, ChronoUnit.HOURS).toString())
        .put("placeFound", "Busia border market")
        .put("distinguishingMarks", "scar above the left eye");
    return body;
  }

  private static DeclareFoundChild probe(List<LinkageToken> tokens) {
    return new DeclareFoundChild(
        ChildNumber.generate(new SecureRandom()),
        new Jurisdiction("UG"),
        Hash.sha256(new byte[] {9}),
        tokens);
  }

  /** A found declaration carrying {@code token}, encoded by hand past the record's own check. */
  private static org.haven.core.bytes.Bytes probeUnchecked(LinkageToken token) {
    DeclareFoundChild valid =
        probe(List.of(new LinkageToken(TokenType.NAME_PART_AGE, token.value())));
    Transaction tx = network.ledger().signedBy(new OfficerId(UG_AGENT), valid);
    byte[] bytes = tx.encoded().toArray();
    // The token's type tag is the byte before its 32-byte value; make it NAME_BIRTH_DATE's.
    int at = indexOf(bytes, token.value().toBytes().toArray()) - 1;
    bytes[at] = (byte) token.type().tag();
    return org.haven.core.bytes.Bytes.of(bytes);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("token not in the transaction");
  }

  private static Transaction signed(
      OfficerId actor, Ed25519PrivateKey key, DeclareFoundChild payload) {
    byte[] nonce = new byte[TxBody.NONCE_SIZE];
    new SecureRandom().nextBytes(nonce);
    TxBody body =
        new TxBody(
            actor, System.currentTimeMillis(), org.haven.core.bytes.Bytes.of(nonce), payload);
    return Transaction.sign(body, network.ledger().chainId(), List.of(new TxSigner(actor, key)));
  }

  private static JsonNode candidate(JsonNode found, ChildNumber child) {
    for (JsonNode candidate : found.get("candidates")) {
      if (candidate.get("childNumber").asText().equals(child.toString())) {
        return candidate;
      }
    }
    return null;
  }

  private static String reason(HttpResponse<String> response) throws Exception {
    return NodeHttp.json(response).path("reason").asText();
  }

  private static List<String> eventTypes(HttpResponse<String> timeline) throws Exception {
    assertThat(timeline.statusCode()).as(timeline.body()).isEqualTo(200);
    List<String> types = new ArrayList<>();
    NodeHttp.json(timeline).get("items").forEach(event -> types.add(event.get("type").asText()));
    return types;
  }

  private static JsonNode awaitEvent(Session session, ChildNumber child, String type)
      throws Exception {
    long deadline = System.nanoTime() + InProcessNetwork.PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> timeline = session.get("/children/" + child + "/timeline");
      assertThat(timeline.statusCode()).as(timeline.body()).isEqualTo(200);
      for (JsonNode event : NodeHttp.json(timeline).get("items")) {
        if (event.get("type").asText().equals(type)) {
          return event;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + type + " on the timeline of " + child);
  }

  /** Waits until the member {@code session} is logged in to holds child {@code number}. */
  private static void awaitRecordAt(Session session, String number) throws Exception {
    long deadline = System.nanoTime() + InProcessNetwork.PATIENCE.toNanos();
    while (session.get("/children/" + number).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("child " + number + " never reached the member");
      }
      Thread.sleep(100);
    }
  }

  private static void awaitAlertAt(String member, ChildNumber child) throws Exception {
    Session agent = Session.at(member, UG_AGENT);
    long deadline = System.nanoTime() + InProcessNetwork.PATIENCE.toNanos();
    while (!agent.get("/alerts").body().contains(child.toString())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the alert on " + child + " never reached " + member);
      }
      Thread.sleep(100);
    }
  }

  /** An officer logged in to their member's node. */
  private record Session(NodeHttp api, String token) {
    static Session at(String member, String officer) throws Exception {
      NodeHttp api = new NodeHttp(network.node(member).httpPort());
      return new Session(api, api.login(officer, PASSWORD));
    }

    HttpResponse<String> get(String path) throws Exception {
      return api.get(path, token);
    }

    HttpResponse<String> post(String path, JsonNode body) throws Exception {
      return api.post(path, token, body);
    }
  }
}
