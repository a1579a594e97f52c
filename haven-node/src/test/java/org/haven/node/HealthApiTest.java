package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.haven.storage.RocksLedgerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * {@code GET /health}, {@code GET /ready} and the health part of {@code GET /api/v1/status} on a
 * started node, healthy and damaged: a damaged node says so, cosigns nothing and serves none of its
 * ledger.
 */
class HealthApiTest {
  private static final long PATIENCE_MILLIS = 60_000;

  @TempDir Path root;

  @Test
  void healthyNode_isAliveAndReady_withNoLag() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    try (HavenNode node = HavenNode.start(ledger.dataDir())) {
      ApiClient client = new ApiClient(node.httpPort());

      ApiClient.Answer health = client.getOutsideApi("/health");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body().get("alive").asBoolean()).isTrue();

      ApiClient.Answer ready = awaitReady(client, answer -> answer.status() == 200);
      assertThat(ready.body().get("ready").asBoolean()).isTrue();
      assertThat(ready.body().get("problems")).isEmpty();
      assertThat(ready.body().at("/lag/entries").asLong()).isZero();

      JsonNode status = client.get("/status").body().get("health");
      assertThat(status.get("ready").asBoolean()).as("%s", status).isTrue();
      assertThat(status.at("/lag/seconds").asLong()).isZero();
      assertThat(status.get("damageReports").asLong()).isZero();
      assertThat(status.at("/scrub/damage").isNull()).isTrue();
    }
  }

  /**
   * An attacker with write access to a member's disk (or a failing disk) changes a transaction in
   * block 2, far behind the head where the start check does not look. The scrub finds it; the node
   * stops cosigning, {@code /ready} says why, and every ledger route answers 503 naming the damage
   * instead of serving it; a write through it is refused and the ledger does not grow.
   */
  @Test
  void nodeWithAChangedOldTransaction_isFoundByTheScrub_andServesNothing() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    int blocks = LedgerVerifier.START_CHECK_BLOCKS + 8;
    try (HavenNode node = HavenNode.start(ledger.dataDir())) {
      for (int i = 0; i < blocks; i++) {
        assertThat(
                node.submit(ledger.enrolment().encoded())
                    .get(30, TimeUnit.SECONDS)
                    .result()
                    .accepted())
            .isTrue();
      }
    }
    Path ledgerDir = ledger.dataDir().resolve(HavenNode.LEDGER_DIR);
    long firstOfBlock2;
    try (RocksLedgerStore store = RocksLedgerStore.openReadOnly(ledgerDir)) {
      firstOfBlock2 = new LedgerQueries(store).header(2).orElseThrow().firstLogIndex();
    }
    flipByteOfTransaction(ledgerDir, firstOfBlock2);

    try (HavenNode node = HavenNode.start(ledger.dataDir())) {
      ApiClient client = new ApiClient(node.httpPort());

      ApiClient.Answer ready =
          awaitReady(
              client,
              answer -> answer.body().get("problems").toString().contains("the ledger is damaged"));
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.body().get("ready").asBoolean()).isFalse();
      assertThat(ready.body().get("problems").get(0).asText())
          .startsWith("the ledger is damaged: block 2: the Merkle root recomputed")
          .contains("found by the scrub");

      JsonNode status = client.get("/status").body();
      assertThat(status.get("notCosigning").asText())
          .startsWith("this member's ledger is damaged: block 2");
      assertThat(status.at("/health/scrub/damage").asText()).startsWith("block 2");

      ApiClient.Answer block = client.get("/blocks/2");
      assertThat(block.status()).isEqualTo(503);
      assertThat(block.body().get("type").asText())
          .isEqualTo("urn:haven:problem:ledger-unavailable");
      assertThat(block.body().get("detail").asText())
          .contains("damaged (block 2")
          .contains("ask another member")
          .doesNotContain("Exception");

      long treeSize = node.queries().head().treeSize();
      ApiClient.Answer write =
          client.post(
              "/transactions", ledger.enrolment().encoded().toArray(), "application/octet-stream");
      assertThat(write.status()).isEqualTo(503);
      assertThat(node.queries().head().treeSize()).as("nothing was written").isEqualTo(treeSize);
    }
  }

  private static ApiClient.Answer awaitReady(ApiClient client, Predicate<ApiClient.Answer> wanted)
      throws Exception {
    long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
    ApiClient.Answer answer = client.getOutsideApi("/ready");
    while (!wanted.test(answer) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      answer = client.getOutsideApi("/ready");
    }
    assertThat(wanted.test(answer)).as("GET /ready answered %s", answer).isTrue();
    return answer;
  }

  /** Rewrites the transaction at {@code logIndex} with one byte of its body flipped. */
  static void flipByteOfTransaction(Path ledgerDir, long logIndex) throws Exception {
    List<ColumnFamilyDescriptor> families;
    try (Options options = new Options()) {
      families =
          RocksDB.listColumnFamilies(options, ledgerDir.toString()).stream()
              .map(ColumnFamilyDescriptor::new)
              .toList();
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB db = RocksDB.open(options, ledgerDir.toString(), families, handles)) {
      int txlog = 0;
      while (!new String(families.get(txlog).getName(), StandardCharsets.UTF_8).equals("txlog")) {
        txlog++;
      }
      byte[] key = ByteBuffer.allocate(Long.BYTES).putLong(logIndex).array();
      byte[] value = db.get(handles.get(txlog), key);
      value[40] ^= 0x01;
      db.put(handles.get(txlog), key, value);
      handles.forEach(ColumnFamilyHandle::close);
    }
  }
}
