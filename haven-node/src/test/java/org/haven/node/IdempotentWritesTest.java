package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.core.identity.Role;
import org.haven.core.tx.Kind;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.TxSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write retried with the same Idempotency-Key is done once, on a started node over HTTP: the node
 * answers the retry with the first outcome while it remembers the key, and after a restart (which
 * forgets it) the ledger itself refuses the retry's transaction.
 */
class IdempotentWritesTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path root;

  private SingleNodeLedger ledger;
  private HavenNode node;
  private ApiClient agent;
  private ApiClient otherAgent;

  @BeforeEach
  void start() throws Exception {
    ledger = SingleNodeLedger.writeTo(root);
    node =
        ledger.startWith(
            Map.of("ke.agent.a", Role.FIELD_AGENT, "ke.agent.b", Role.FIELD_AGENT), PASSWORD);
    agent = new ApiClient(node.httpPort()).loggedIn("ke.agent.a", PASSWORD);
    otherAgent = new ApiClient(node.httpPort()).loggedIn("ke.agent.b", PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void retriedDeclaration_answersTheFirstOutcome_andWritesOnce() throws Exception {
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    long before = declarations();

    ApiClient.Answer first = agent.post("/children", declaration("Neema"), key);
    ApiClient.Answer retry = agent.post("/children", declaration("Neema"), key);

    assertThat(first.status()).as("%s", first).isEqualTo(201);
    assertThat(retry.status()).as("%s", retry).isEqualTo(201);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(declarations()).as("one declaration on the ledger").isEqualTo(before + 1);
  }

  @Test
  void retryAfterARestart_answersTheFirstChild_andWritesNothing() throws Exception {
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    ApiClient.Answer first = agent.post("/children", declaration("Amani"), key);
    assertThat(first.status()).as("%s", first).isEqualTo(201);
    restart();
    long before = declarations();

    ApiClient.Answer retry = agent.post("/children", declaration("Amani"), key);

    assertThat(retry.status()).as("%s", retry).isEqualTo(201);
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.body().get("childNumber")).isEqualTo(first.body().get("childNumber"));
    assertThat(retry.body().get("transactionId")).isEqualTo(first.body().get("transactionId"));
    assertThat(declarations()).as("the retry wrote nothing").isEqualTo(before);
  }

  /**
   * An officer reuses, after a restart, the key of an earlier declaration for another child, hoping
   * for the first child's number or a second write: the ledger refuses the nonce.
   */
  @Test
  void keyOfAnEarlierDeclarationReusedForAnotherChildAfterARestart_isRefusedByTheLedger()
      throws Exception {
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    assertThat(agent.post("/children", declaration("Amani"), key).status()).isEqualTo(201);
    restart();
    long before = declarations();

    ApiClient.Answer other = agent.post("/children", declaration("Zuri"), key);

    assertThat(other.status()).as("%s", other).isEqualTo(409);
    assertThat(other.body().get("reason").asText()).isEqualTo("DUPLICATE_ID");
    assertThat(other.body().get("detail").asText()).contains("Idempotency-Key");
    assertThat(other.body().has("childNumber")).isFalse();
    assertThat(declarations()).as("nothing written").isEqualTo(before);
  }

  /** Restarts the node, which forgets the answers it kept, and logs the agent in again. */
  private void restart() throws Exception {
    node.close();
    node = HavenNode.start(ledger.dataDir());
    agent = new ApiClient(node.httpPort()).loggedIn("ke.agent.a", PASSWORD);
  }

  @Test
  void refusedRequest_retriedWithTheSameKey_getsTheSameRefusal() throws Exception {
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    Map<String, Object> invalid = declaration("");

    ApiClient.Answer first = agent.post("/children", invalid, key);
    ApiClient.Answer retry = agent.post("/children", invalid, key);

    assertThat(first.status()).as("%s", first).isEqualTo(400);
    assertThat(retry.status()).as("%s", retry).isEqualTo(400);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(declarations()).isZero();
  }

  @Test
  void keyReusedForAnotherRequest_isRefused_andWritesNothing() throws Exception {
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    assertThat(agent.post("/children", declaration("Baraka"), key).status()).isEqualTo(201);
    long before = declarations();

    ApiClient.Answer other = agent.post("/children", declaration("Zawadi"), key);

    assertThat(other.status()).as("%s", other).isEqualTo(422);
    assertThat(other.body().get("errors").get(0).get("field").asText())
        .isEqualTo("Idempotency-Key");
    assertThat(declarations()).isEqualTo(before);
  }

  @Test
  void anotherOfficersRequestWithTheSameKey_isTheirOwn() throws Exception {
    Map<String, String> key = Map.of("Idempotency-Key", "shared-key-1");
    ApiClient.Answer mine = agent.post("/children", declaration("Imani"), key);
    long before = declarations();

    ApiClient.Answer theirs = otherAgent.post("/children", declaration("Imani"), key);

    assertThat(theirs.status()).as("%s", theirs).isEqualTo(201);
    assertThat(theirs.header("Idempotent-Replayed")).isNull();
    assertThat(theirs.body().get("childNumber")).isNotEqualTo(mine.body().get("childNumber"));
    assertThat(declarations()).isEqualTo(before + 1);
  }

  @Test
  void malformedKey_isRefused_andWritesNothing() throws Exception {
    long before = declarations();

    ApiClient.Answer answer =
        agent.post("/children", declaration("Upendo"), Map.of("Idempotency-Key", "x".repeat(201)));

    assertThat(answer.status()).as("%s", answer).isEqualTo(400);
    assertThat(answer.body().get("detail").asText()).contains("Idempotency-Key");
    assertThat(declarations()).isEqualTo(before);
  }

  /**
   * A client replays an officer's signed transaction with a new time, hoping the ledger takes it as
   * new: the nonce is the officer's once, whatever else changes.
   */
  @Test
  void rawTransactionReusingAnOfficersNonce_isRefusedDuplicate() throws Exception {
    Transaction first = ledger.enrolment();
    assertThat(submit(first).statusCode()).isEqualTo(200);
    Transaction second = ledger.enrolment();
    TxBody sameNonce =
        new TxBody(
            second.body().actor(),
            first.body().createdAtMillis() + 1_000,
            first.body().nonce(),
            second.payload());
    Transaction replay =
        Transaction.sign(
            sameNonce,
            ledger.genesis().hash(),
            List.of(new TxSigner(SingleNodeLedger.ADMIN, ledger.adminKey())));
    long before = transactionsOf(Kind.ENROL_OFFICER);

    HttpResponse<String> answer = submit(replay);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
    assertThat(ApiClient.JSON.readTree(answer.body()).get("reason").asText())
        .isEqualTo("DUPLICATE_ID");
    assertThat(transactionsOf(Kind.ENROL_OFFICER)).isEqualTo(before);
  }

  private HttpResponse<String> submit(Transaction tx) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/transactions"))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(tx.encoded().toArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private long declarations() throws Exception {
    return transactionsOf(Kind.DECLARE_CHILD);
  }

  /** How many transactions of {@code kind} the node's ledger holds. */
  private long transactionsOf(Kind kind) throws Exception {
    LedgerQueries queries = node.queries();
    long count = 0;
    for (long i = 0; i < queries.head().treeSize(); i++) {
      if (Transaction.decode(queries.transaction(i).orElseThrow()).kind() == kind) {
        count++;
      }
    }
    return count;
  }

  private static Map<String, Object> declaration(String givenNames) {
    Map<String, Object> child = new HashMap<>();
    child.put("givenNames", givenNames);
    child.put("familyNames", "Chebet");
    child.put("dateOfBirth", "2021-05-09");
    child.put("sex", "FEMALE");
    Map<String, Object> body = new HashMap<>();
    body.put("evidence", "BIRTH_NOTIFICATION");
    body.put("child", child);
    return body;
  }
}
