package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Role;
import org.haven.core.merkle.MerkleVerifier;
import org.haven.core.merkle.Rfc6962;
import org.haven.core.tx.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may read what is in the log, over real HTTP against a started node. The log holds a child's
 * crossings, an alert with its contact point and a read of the child's personal data; an outsider
 * walking the log by index or by transaction id gets 401 and no bytes, an officer of another role
 * 403, while anyone holding a transaction proves its inclusion by its leaf hash without a session.
 */
class ReadAccessTest {
  private static final String PASSWORD = RegistryScenarioTest.PASSWORD;
  private static final String CONTACT_POINT = "Child Helpline 116, desk 7";

  /** The mother's document in {@link RegistryScenarioTest#declaration}. */
  private static final String MOTHER_ID = "A7654321";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path root;

  private static SingleNodeLedger ledger;
  private static HavenNode node;
  private static ApiClient outsider;
  private static ApiClient auditor;
  private static Map<Role, ApiClient> otherRoles;
  private static String child;

  /** The ids of the transactions that tell where the child is and who looked for them. */
  private static final List<String> childTransactions = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    ledger = SingleNodeLedger.writeTo(root);
    ledger.saveAdminCredential(PASSWORD);
    node = ledger.startWith(SingleNodeLedger.ONE_OF_EACH_ROLE, PASSWORD);
    outsider = new ApiClient(node.httpPort());
    auditor = loggedIn("ke.auditor.x");
    ApiClient agent = loggedIn("ke.agent.a");
    ApiClient registrar = loggedIn("ke.registrar.r");
    ApiClient caseWorker = loggedIn("ke.caseworker.c");
    ApiClient border = loggedIn("ke.border.b");
    otherRoles =
        Map.of(
            Role.FIELD_AGENT, agent,
            Role.REGISTRAR, registrar,
            Role.CASE_WORKER, caseWorker,
            Role.BORDER_OFFICER, border,
            Role.ORG_ADMIN, loggedIn(SingleNodeLedger.ADMIN.value()));

    child =
        written(
                agent.post(
                    "/children",
                    RegistryScenarioTest.declaration("Amani", "2019-03-14", "FEMALE", "Nakuru")))
            .get("childNumber")
            .asText();
    written(
        registrar.post(
            "/children/" + child + "/decision", Map.of("decision", "REGISTER", "reason", "seen")));
    written(
        caseWorker.post(
            "/children/" + child + "/alert",
            Map.of("action", "RAISE", "priority", "HIGH", "contactPoint", CONTACT_POINT)));
    written(
        border.post(
            "/border/check",
            Map.of(
                "childNumber",
                child,
                "companion",
                Map.of("type", "NATIONAL_ID", "number", MOTHER_ID, "country", "KE"),
                "direction",
                "ENTRY",
                "checkpoint",
                "KE-NAMANGA")));
    ApiClient.Answer read =
        caseWorker.get("/children/" + child + "/personal-data?purpose=alert%20follow-up");
    assertThat(read.status()).as("%s", read).isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private static ApiClient loggedIn(String officer) throws Exception {
    return new ApiClient(node.httpPort()).loggedIn(officer, PASSWORD);
  }

  /** The answer of a write that succeeded; remembers its transaction. */
  private static JsonNode written(ApiClient.Answer answer) {
    assertThat(answer.status()).as("%s", answer).isBetween(200, 201);
    childTransactions.add(answer.body().get("transactionId").asText());
    return answer.body();
  }

  private static long recordTreeSize() throws Exception {
    return outsider.get("/status").body().get("recordTreeSize").asLong();
  }

  @Test
  void outsiderWalkingTheLogByIndex_getsA401AndNoBytes() throws Exception {
    long size = recordTreeSize();
    long accessEntries = auditor.get("/access-log?limit=200").body().get("items").size();

    for (long index = 0; index < size; index++) {
      ApiClient.Answer answer = outsider.get("/proofs/inclusion?index=" + index);

      refused(401, answer);
      assertThat(answer.body().has("leaf")).isFalse();
      assertThat(answer.response().body()).doesNotContain(CONTACT_POINT).doesNotContain(child);
    }
    assertThat(recordTreeSize()).isEqualTo(size);
    assertThat(auditor.get("/access-log?limit=200").body().get("items").size())
        .isEqualTo(accessEntries);
  }

  @Test
  void outsiderAskingForTransactionsById_getsA401AndNoBytes() throws Exception {
    long size = recordTreeSize();

    for (String id : childTransactions) {
      ApiClient.Answer answer = outsider.get("/transactions/" + id);

      refused(401, answer);
      assertThat(answer.body().has("transaction")).isFalse();
      assertThat(answer.response().body()).doesNotContain(CONTACT_POINT).doesNotContain(child);
    }
    assertThat(recordTreeSize()).isEqualTo(size);
  }

  @Test
  void outsider_readsNoTimelineAlertOrAccessLog() throws Exception {
    for (String path :
        List.of(
            "/children/" + child,
            "/children/" + child + "/timeline",
            "/children/" + child + "/access-log",
            "/children/" + child + "/personal-data?purpose=curious",
            "/alerts",
            "/access-log")) {
      ApiClient.Answer answer = outsider.get(path);

      refused(401, answer);
      assertThat(answer.response().body()).doesNotContain(CONTACT_POINT);
    }
  }

  @Test
  void officersOfEveryOtherRole_areRefusedTransactionBodies_with403() throws Exception {
    String id = childTransactions.get(childTransactions.size() - 1);
    long index = auditor.get("/transactions/" + id).body().get("logIndex").asLong();

    for (Map.Entry<Role, ApiClient> officer : otherRoles.entrySet()) {
      for (String path : List.of("/transactions/" + id, "/proofs/inclusion?index=" + index)) {
        ApiClient.Answer answer = officer.getValue().get(path);

        JsonNode problem = refused(403, answer);
        assertThat(problem.get("detail").asText())
            .as("%s reading %s", officer.getKey(), path)
            .contains(officer.getKey().name())
            .contains("AUDITOR");
        assertThat(answer.response().body()).doesNotContain(CONTACT_POINT);
      }
    }
  }

  @Test
  void auditor_readsBodiesAndProofsWithLeaves_uncached() throws Exception {
    String id = childTransactions.get(0);

    ApiClient.Answer body = auditor.get("/transactions/" + id);
    ApiClient.Answer proof =
        auditor.get("/proofs/inclusion?index=" + body.body().get("logIndex").asLong());

    assertThat(body.status()).as("%s", body).isEqualTo(200);
    assertThat(body.body().get("transaction").asText()).isNotEmpty();
    assertThat(body.header("Cache-Control")).isEqualTo("no-store");
    if (proof.status() == 200) {
      assertThat(proof.body().get("leaf").asText())
          .isEqualTo(body.body().get("transaction").asText());
    } else {
      // No checkpoint is final yet to prove against: the problem says so.
      refused(404, proof);
    }
  }

  @Test
  void anyoneHoldingATransaction_provesItsInclusionByLeafHash_withoutASession() throws Exception {
    Transaction held = ledger.enrolment();
    ApiClient.Answer receipt =
        outsider.post("/transactions", held.encoded().toArray(), "application/octet-stream");
    assertThat(receipt.status()).as("%s", receipt).isEqualTo(200);
    long index = receipt.body().get("logIndex").asLong();
    Hash leafHash = Rfc6962.leafHash(held.encoded().toArray());
    Checkpoint checkpoint = finalCheckpointCovering(index);

    ApiClient.Answer proof =
        outsider.get(
            "/proofs/inclusion?hash=" + leafHash.toHex() + "&size=" + checkpoint.treeSize());

    assertThat(proof.status()).as("%s", proof).isEqualTo(200);
    assertThat(proof.body().get("leafIndex").asLong()).isEqualTo(index);
    assertThat(proof.body().get("leafHash").asText()).isEqualTo(leafHash.toHex());
    assertThat(proof.body().has("leaf")).isFalse();
    List<Hash> path = new ArrayList<>();
    proof.body().get("path").forEach(hash -> path.add(Hash.fromBase64(hash.asText())));
    MerkleVerifier.verifyInclusion(
        index, checkpoint.treeSize(), leafHash, path, checkpoint.rootHash());
  }

  @Test
  void leafHashNotInTheLog_isNotFound_andHashWithIndex_isABadRequest() throws Exception {
    Hash unknown = Rfc6962.leafHash(new byte[] {1, 2, 3});

    refused(404, outsider.get("/proofs/inclusion?hash=" + unknown.toHex()));
    refused(400, outsider.get("/proofs/inclusion?hash=" + unknown.toHex() + "&index=0"));
    refused(400, outsider.get("/proofs/inclusion?hash=not-hex"));
  }

  @Test
  void headersCheckpointsAndConsistencyProofs_stayPublic() throws Exception {
    long index = recordTreeSize() - 1;
    Checkpoint checkpoint = finalCheckpointCovering(index);

    assertThat(outsider.get("/blocks").status()).isEqualTo(200);
    assertThat(outsider.get("/blocks/0").status()).isEqualTo(200);
    assertThat(outsider.get("/genesis").status()).isEqualTo(200);
    ApiClient.Answer consistency =
        outsider.get("/proofs/consistency?from=1&size=" + checkpoint.treeSize());
    assertThat(consistency.status()).as("%s", consistency).isEqualTo(200);
  }

  @Test
  void answersCarryingAChildsData_sayNoStore() throws Exception {
    ApiClient caseWorker = otherRoles.get(Role.CASE_WORKER);
    ApiClient.Answer login = new ApiClient(node.httpPort()).login("ke.caseworker.c", PASSWORD);

    for (ApiClient.Answer answer :
        List.of(
            login,
            caseWorker.get("/children/" + child + "/personal-data?purpose=follow-up%20visit"),
            caseWorker.get("/children/" + child + "/timeline"),
            caseWorker.get("/children/" + child),
            caseWorker.get("/alerts"),
            auditor.get("/access-log"))) {
      assertThat(answer.status()).as("%s", answer).isEqualTo(200);
      assertThat(answer.header("Cache-Control")).as("%s", answer).isEqualTo("no-store");
    }
  }

  private static JsonNode refused(int status, ApiClient.Answer answer) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.body().get("detail").asText()).isNotBlank();
    return answer.body();
  }

  /** Polls GET /checkpoint, for up to a minute, until the final checkpoint covers the entry. */
  private static Checkpoint finalCheckpointCovering(long logIndex) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/checkpoint"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200) {
        Checkpoint checkpoint = Checkpoint.parseBody(SignedNote.parse(answer.body()).text());
        if (checkpoint.treeSize() > logIndex) {
          return checkpoint;
        }
      }
      assertThat(System.nanoTime()).as("no final checkpoint within a minute").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
