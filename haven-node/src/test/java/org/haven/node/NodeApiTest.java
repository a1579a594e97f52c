package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteVerifier;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.Role;
import org.haven.core.merkle.MerkleVerifier;
import org.haven.core.merkle.Rfc6962;
import org.haven.core.tx.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The node's HTTP API, over real HTTP against a started node on a free port. */
class NodeApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String AUDITOR = "ke.auditor.n";

  @TempDir static Path root;

  private static SingleNodeLedger ledger;
  private static HavenNode node;
  private static HttpClient client;
  private static String base;
  private static String auditorToken;

  @BeforeAll
  static void startNode() throws Exception {
    ledger = SingleNodeLedger.writeTo(root);
    node = ledger.startWith(Map.of(AUDITOR, Role.AUDITOR), RegistryScenarioTest.PASSWORD);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    base = "http://127.0.0.1:" + node.httpPort() + "/api/v1";
    auditorToken =
        new ApiClient(node.httpPort()).loggedIn(AUDITOR, RegistryScenarioTest.PASSWORD).token();
  }

  @AfterAll
  static void stopNode() throws IOException {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void submit_validTransaction_isCommittedWithAReceipt() throws Exception {
    Transaction tx = ledger.enrolment();

    HttpResponse<String> response = submit(tx.encoded().toArray());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode receipt = json(response);
    assertThat(receipt.get("id").asText()).isEqualTo(tx.id().toHex());
    assertThat(receipt.get("logIndex").asLong()).isNotNegative();
    assertThat(receipt.get("blockHeight").asLong()).isPositive();

    JsonNode stored = json(asAuditor("/transactions/" + tx.id().toHex()));
    assertThat(stored.get("logIndex").asLong()).isEqualTo(receipt.get("logIndex").asLong());
    assertThat(Bytes.fromBase64(stored.get("transaction").asText())).isEqualTo(tx.encoded());
    JsonNode block = json(get("/blocks/" + receipt.get("blockHeight").asLong()));
    assertThat(block.get("firstLogIndex").asLong())
        .isLessThanOrEqualTo(receipt.get("logIndex").asLong());
    assertThat(block.get("treeSize").asLong()).isGreaterThan(receipt.get("logIndex").asLong());
  }

  @Test
  void submit_garbage_isRejectedAsMalformed() throws Exception {
    HttpResponse<String> response =
        submit("this is not a transaction".getBytes(StandardCharsets.UTF_8));

    assertProblem(response, 400, "MALFORMED");
  }

  @Test
  void submit_emptyBody_isABadRequest() throws Exception {
    assertProblem(submit(new byte[0]), 400, null);
  }

  @Test
  void submit_bodyJustOver64KiB_isRejectedAsOversized() throws Exception {
    HttpResponse<String> response = submit(new byte[Transaction.MAX_ENCODED_SIZE + 1]);

    assertProblem(response, 413, "OVERSIZED");
  }

  @Test
  void submit_bodyFarOverTheLimit_isRejectedAsTooLarge() throws Exception {
    HttpResponse<String> response = submit(new byte[4 * Transaction.MAX_ENCODED_SIZE]);

    assertProblem(response, 413, "OVERSIZED");
  }

  @Test
  void submit_sameTransactionTwice_isADuplicate() throws Exception {
    Transaction tx = ledger.enrolment();
    assertThat(submit(tx.encoded().toArray()).statusCode()).isEqualTo(200);

    HttpResponse<String> replay = submit(tx.encoded().toArray());

    assertProblem(replay, 409, "DUPLICATE_ID");
  }

  @Test
  void submit_signedWithTheWrongKey_isRejectedAndLeavesTheLogAlone() throws Exception {
    long treeSizeBefore = status().get("recordTreeSize").asLong();
    Transaction forged = ledger.enrolment(SingleNodeLedger.ADMIN, ledger.strangerKey());

    HttpResponse<String> response = submit(forged.encoded().toArray());

    assertProblem(response, 422, "BAD_SIGNATURE");
    assertThat(status().get("recordTreeSize").asLong()).isEqualTo(treeSizeBefore);
    assertThat(asAuditor("/transactions/" + forged.id().toHex()).statusCode()).isEqualTo(404);
  }

  @Test
  void submit_byAnUnknownOfficer_isRejected() throws Exception {
    Transaction tx = ledger.enrolment(new OfficerId("ke.nobody.admin"), ledger.strangerKey());

    assertProblem(submit(tx.encoded().toArray()), 422, "UNKNOWN_SIGNER");
  }

  @Test
  void batch_commitsEachTransactionAndAnswersEachInOrder() throws Exception {
    Transaction first = ledger.enrolment();
    Transaction forged = ledger.enrolment(SingleNodeLedger.ADMIN, ledger.strangerKey());
    Transaction second = ledger.enrolment();

    HttpResponse<String> response =
        batch(
            Map.of(
                "transactions",
                List.of(
                    first.encoded().toBase64(),
                    forged.encoded().toBase64(),
                    Bytes.of("not a transaction".getBytes(StandardCharsets.UTF_8)).toBase64(),
                    second.encoded().toBase64())));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode results = json(response).get("results");
    assertThat(results).hasSize(4);
    assertThat(results.get(0).get("id").asText()).isEqualTo(first.id().toHex());
    assertThat(results.get(1).get("reason").asText()).isEqualTo("BAD_SIGNATURE");
    assertThat(results.get(1).get("status").asInt()).isEqualTo(422);
    assertThat(results.get(2).get("reason").asText()).isEqualTo("MALFORMED");
    assertThat(results.get(3).get("id").asText()).isEqualTo(second.id().toHex());
    // The node's own cosignatures come and go between the requests, so the log's size cannot
    // tell what the batch added; each transaction's place in it can.
    for (int accepted : new int[] {0, 3}) {
      JsonNode stored =
          json(asAuditor("/transactions/" + results.get(accepted).get("id").asText()));
      assertThat(stored.get("logIndex")).isEqualTo(results.get(accepted).get("logIndex"));
    }
    assertThat(asAuditor("/transactions/" + forged.id().toHex()).statusCode()).isEqualTo(404);
  }

  @Test
  void batch_thatIsNotAListOfBase64Transactions_isRefusedWhole() throws Exception {
    long treeSizeBefore = status().get("recordTreeSize").asLong();
    String valid = ledger.enrolment().encoded().toBase64();

    assertThat(fieldOf(batch(Map.of("transactions", List.of(valid, "%%%")))))
        .isEqualTo("transactions[1]");
    assertThat(fieldOf(batch(Map.of("transactions", List.of(valid, 7)))))
        .isEqualTo("transactions[1]");
    assertThat(fieldOf(batch(Map.of("transactions", List.of())))).isEqualTo("transactions");
    assertThat(fieldOf(batch(Map.of("transactions", valid)))).isEqualTo("transactions");
    assertThat(
            fieldOf(
                batch(
                    Map.of(
                        "transactions",
                        Collections.nCopies(NodeApi.MAX_BATCH_TRANSACTIONS + 1, valid)))))
        .isEqualTo("transactions");
    assertThat(
            client
                .send(
                    HttpRequest.newBuilder(URI.create(base + "/transactions/batch"))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"transactions\": ["))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(400);
    assertThat(status().get("recordTreeSize").asLong()).isEqualTo(treeSizeBefore);
  }

  @Test
  void status_reportsTheHeadAndThisMembersRaftView() throws Exception {
    commit(ledger.enrolment());

    JsonNode status = status();

    assertThat(status.get("leader").asBoolean()).isTrue();
    JsonNode raft = status.get("raft");
    assertThat(raft.get("role").asText()).isEqualTo("LEADER");
    assertThat(raft.get("term").asLong()).isPositive();
    assertThat(raft.get("leaderId").asText()).isEqualTo(status.get("nodeId").asText());
    assertThat(raft.get("lastAppliedIndex").asLong()).isPositive();
    assertThat(raft.get("peerCommitIndexes").get(status.get("nodeId").asText()).asLong())
        .isGreaterThanOrEqualTo(raft.get("lastAppliedIndex").asLong());
    assertThat(raft.get("appendRepairs").asLong()).as("append chains repaired").isZero();
  }

  @Test
  void checkpoint_isTheFinalOne_cosignedByTheOnlyMember_andStatusReportsIt() throws Exception {
    long index = commit(ledger.enrolment()).get("logIndex").asLong();

    Checkpoint checkpoint = finalCheckpointCovering(index);

    assertThat(checkpoint.origin()).isEqualTo(ledger.genesis().origin());
    JsonNode status = status();
    JsonNode lastFinal = status.get("lastFinalCheckpoint");
    assertThat(lastFinal.get("treeSize").asLong()).isGreaterThanOrEqualTo(checkpoint.treeSize());
    assertThat(lastFinal.get("treeSize").asLong())
        .isLessThanOrEqualTo(status.get("treeSize").asLong());
    assertThat(status.get("lastCosigned").get("treeSize").asLong())
        .isEqualTo(lastFinal.get("treeSize").asLong());
    assertThat(status.get("divergences")).isEmpty();
    JsonNode block = json(get("/blocks/" + lastFinal.get("height").asLong()));
    assertThat(block.get("treeSize").asLong()).isEqualTo(lastFinal.get("treeSize").asLong());
  }

  @Test
  void proofWithoutSize_isAgainstTheFinalCheckpoint() throws Exception {
    long index = commit(ledger.enrolment()).get("logIndex").asLong();
    Checkpoint checkpoint = finalCheckpointCovering(index);

    JsonNode proof = json(asAuditor("/proofs/inclusion?index=" + index));

    // Only cosignatures follow the enrolment's block, so no newer checkpoint becomes final.
    assertThat(proof.get("treeSize").asLong()).isEqualTo(checkpoint.treeSize());
    MerkleVerifier.verifyInclusion(
        index,
        checkpoint.treeSize(),
        Rfc6962.leafHash(Bytes.fromBase64(proof.get("leaf").asText()).toArray()),
        hashes(proof.get("path")),
        checkpoint.rootHash());
  }

  @Test
  void inclusionProof_verifiesAgainstTheSignedCheckpoint() throws Exception {
    List<Long> indexes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      indexes.add(commit(ledger.enrolment()).get("logIndex").asLong());
    }
    Checkpoint checkpoint = finalCheckpointCovering(indexes.get(2));

    for (long index : indexes) {
      JsonNode proof =
          json(asAuditor("/proofs/inclusion?index=" + index + "&size=" + checkpoint.treeSize()));

      assertThat(proof.get("leafIndex").asLong()).isEqualTo(index);
      assertThat(proof.get("treeSize").asLong()).isEqualTo(checkpoint.treeSize());
      Hash leafHash = Rfc6962.leafHash(Bytes.fromBase64(proof.get("leaf").asText()).toArray());
      MerkleVerifier.verifyInclusion(
          index, checkpoint.treeSize(), leafHash, hashes(proof.get("path")), checkpoint.rootHash());
    }
  }

  @Test
  void consistencyProof_verifiesBetweenTwoSignedCheckpoints() throws Exception {
    Checkpoint older = finalCheckpointCovering(commit(ledger.enrolment()).get("logIndex").asLong());
    commit(ledger.enrolment());
    Checkpoint newer = finalCheckpointCovering(commit(ledger.enrolment()).get("logIndex").asLong());

    JsonNode proof =
        json(get("/proofs/consistency?from=" + older.treeSize() + "&size=" + newer.treeSize()));

    assertThat(proof.get("size1").asLong()).isEqualTo(older.treeSize());
    assertThat(proof.get("size2").asLong()).isEqualTo(newer.treeSize());
    MerkleVerifier.verifyConsistency(
        older.treeSize(),
        newer.treeSize(),
        hashes(proof.get("path")),
        older.rootHash(),
        newer.rootHash());
  }

  @Test
  void block_beyondTheHead_isNotFound() throws Exception {
    assertProblem(get("/blocks/99999"), 404, null);
  }

  @Test
  void transaction_notOnTheLedger_isNotFound() throws Exception {
    assertProblem(asAuditor("/transactions/" + Hash.sha256(new byte[] {1}).toHex()), 404, null);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/proofs/inclusion",
        "/proofs/inclusion?index=first",
        "/proofs/inclusion?index=-1",
        "/proofs/inclusion?index=0&size=99999",
        "/proofs/inclusion?index=99999",
        "/proofs/consistency",
        "/proofs/consistency?from=1&size=two",
        "/proofs/consistency?from=99999",
        "/blocks/latest",
        "/blocks/-1",
        "/transactions/not-a-hash"
      })
  void badParameters_areBadRequests(String path) throws Exception {
    assertProblem(asAuditor(path), 400, null);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String reason)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
    JsonNode problem = json(response);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("detail").asText()).isNotBlank();
    if (reason != null) {
      assertThat(problem.get("reason").asText()).isEqualTo(reason);
      assertThat(problem.get("type").asText()).isEqualTo("urn:haven:reject:" + reason);
    }
  }

  private static JsonNode commit(Transaction tx) throws IOException, InterruptedException {
    HttpResponse<String> response = submit(tx.encoded().toArray());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  /**
   * Polls GET /checkpoint, for up to a minute, until the final checkpoint covers the entry at
   * {@code logIndex}; the node cosigns in the background after each block. Checks it is signed by
   * the only member's node key.
   */
  private static Checkpoint finalCheckpointCovering(long logIndex)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      HttpResponse<String> response = get("/checkpoint");
      if (response.statusCode() == 200) {
        SignedNote note = SignedNote.parse(response.body());
        assertThat(note.verifiedBy(new NoteVerifier(SingleNodeLedger.ORG.value(), nodeKeyPublic())))
            .isTrue();
        Checkpoint checkpoint = Checkpoint.parseBody(note.text());
        if (checkpoint.treeSize() > logIndex) {
          return checkpoint;
        }
      } else {
        assertProblem(response, 404, null);
      }
      assertThat(System.nanoTime()).as("no final checkpoint within a minute").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static Ed25519PublicKey nodeKeyPublic() {
    return ledger.nodeKey().publicKey();
  }

  private static List<Hash> hashes(JsonNode base64s) {
    List<Hash> hashes = new ArrayList<>();
    base64s.forEach(h -> hashes.add(Hash.fromBase64(h.asText())));
    return hashes;
  }

  private static JsonNode status() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/status");
    assertThat(response.statusCode()).isEqualTo(200);
    return json(response);
  }

  private static HttpResponse<String> submit(byte[] body) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + "/transactions"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> batch(Object body) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + "/transactions/batch"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The field a 400 problem names. */
  private static String fieldOf(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return json(response).at("/errors/0/field").asText();
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A GET with the auditor's session, who may read transaction bodies. */
  private static HttpResponse<String> asAuditor(String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + auditorToken)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
