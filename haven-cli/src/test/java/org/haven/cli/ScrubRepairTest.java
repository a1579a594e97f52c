package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.haven.node.HavenNode;
import org.haven.node.LedgerRepair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Damage found, and repaired from peers, on three real members (RocksDB, Ratis over gRPC, HTTP):
 * one byte flips in the table file that holds a stopped member's oldest transactions, where neither
 * the start check nor any read looks. The scrub finds it; the member stops cosigning, {@code
 * /ready} says why and it serves none of its ledger; {@code haven repair} sets the ledger aside and
 * the member, restarted, receives the ledger from the others, verifies it, and converges.
 */
class ScrubRepairTest {
  /** Blocks written before the damage: more than the start check looks at. */
  private static final int BLOCKS = 100;

  @TempDir Path temp;

  private InProcessNetwork network;

  @AfterEach
  void stopAll() throws IOException {
    if (network != null) {
      network.close();
    }
  }

  @Test
  void flippedByteInAnOldTableFile_isFoundByTheScrub_andRepairBringsTheMemberBack()
      throws Exception {
    network = InProcessNetwork.startWithSmallLog(temp);
    String leader = network.awaitLeader(network.members());
    String member = network.others(leader).get(0);
    network.writeOneBlockEach(leader, BLOCKS);
    network.awaitConverged(network.status(leader).get("recordTreeSize").asLong());
    network.stop(member);
    Path dataDir = network.dataDir(member);
    Path table = oldestTransactionsFile(dataDir.resolve(HavenNode.LEDGER_DIR));
    flipByte(table, 8);

    network.start(member);

    JsonNode damaged =
        awaitReady(member, ready -> ready.get("problems").toString().contains("damaged"));
    assertThat(damaged.get("ready").asBoolean()).isFalse();
    assertThat(damaged.get("problems").get(0).asText())
        .startsWith("the ledger is damaged: ")
        .contains("Corruption", table.getFileName().toString());
    JsonNode status = network.status(member);
    assertThat(status.get("notCosigning").asText()).startsWith("this member's ledger is damaged");
    HttpResponse<String> block = http(member).get("/blocks/1");
    assertThat(block.statusCode()).isEqualTo(503);
    assertThat(NodeHttp.json(block).get("type").asText())
        .isEqualTo("urn:haven:problem:ledger-unavailable");

    // The others go on, and finalise checkpoints without the damaged member's cosignature.
    JsonNode cosignedBefore = status.get("lastCosigned");
    network.writeOneBlockEach(leader, 3);
    long records = network.status(leader).get("recordTreeSize").asLong();
    awaitFinalAtLeast(leader, records);
    assertThat(network.status(member).get("lastCosigned")).isEqualTo(cosignedBefore);

    network.stop(member);
    CliRun repair = CliRun.run("repair", "--data-dir", dataDir.toString());
    assertThat(repair.exitCode()).as(repair.toString()).isZero();
    assertThat(repair.out()).contains("Set the ledger and Raft log aside in ");
    Path aside = setAside(dataDir);
    assertThat(aside.resolve(HavenNode.LEDGER_DIR).resolve(table.getFileName()))
        .as("the damaged ledger is kept for forensics")
        .exists();
    assertThat(dataDir.resolve(HavenNode.REPAIR_FILE)).exists();

    network.start(member);
    // Ratis's leader keeps the match index the member had before the repair and sends it only
    // heartbeats until its next entry shows the gap (docs/consensus.md): the load goes on.
    network.writeOneBlockEach(leader, 1);
    network.awaitConverged(records + 1);
    JsonNode ready = awaitReady(member, answer -> answer.get("ready").asBoolean());
    assertThat(ready.get("problems")).isEmpty();
    assertThat(network.status(member).get("notCosigning").isNull()).isTrue();
    assertThat(dataDir.resolve(HavenNode.REPAIR_FILE)).doesNotExist();
    assertThat(http(member).get("/blocks/1").statusCode()).isEqualTo(200);

    // The repaired member writes, and cosigns again.
    network.writeOneBlockEach(member, 1);
    network.awaitConverged(records + 2);
    // Verified stopped, as docs/operations.md says: a running member's compactions delete table
    // files that a read-only reader opening the ledger at the same moment may still list.
    network.stop(member);
    CliRun verify = CliRun.run("verify", "--data-dir", dataDir.toString(), "--no-progress");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  /** A running member's node is not repaired: its files would move under it. */
  @Test
  void repair_ofARunningMember_isRefused_andMovesNothing() throws Exception {
    network = InProcessNetwork.start(temp, config -> config);
    String member = network.members().get(0);
    Path dataDir = network.dataDir(member);

    HavenProcess running = null;
    network.stop(member);
    Path log = temp.resolve(member + ".log");
    try {
      running = HavenProcess.start(log, "node", "--data-dir", dataDir.toString());
      running.awaitLine(Pattern.compile("Haven node running: "));
      CliRun repair = CliRun.run("repair", "--data-dir", dataDir.toString());

      assertThat(repair.exitCode()).as(repair.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
      assertThat(repair.err())
          .contains("A node is running on the ledger")
          .contains("stop it first");
      assertThat(dataDir.resolve(HavenNode.LEDGER_DIR)).isDirectory();
      assertThat(dataDir.resolve(LedgerRepair.SET_ASIDE_DIR)).doesNotExist();
    } finally {
      if (running != null) {
        running.close();
      }
    }
  }

  private NodeHttp http(String member) {
    return new NodeHttp(network.node(member).httpPort());
  }

  /** Polls {@code GET /ready} of {@code member} until its answer is {@code wanted}. */
  private JsonNode awaitReady(String member, Predicate<JsonNode> wanted) throws Exception {
    long deadline = System.nanoTime() + InProcessNetwork.PATIENCE.toNanos();
    JsonNode answer = NodeHttp.json(http(member).ready());
    while (!wanted.test(answer) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      answer = NodeHttp.json(http(member).ready());
    }
    JsonNode last = answer;
    assertThat(wanted.test(answer))
        .as(() -> "GET /ready of " + member + ": " + last + "; its scrub: " + scrubOf(member))
        .isTrue();
    return answer;
  }

  private String scrubOf(String member) {
    try {
      return network.status(member).get("scrub").toString();
    } catch (Exception e) {
      return "unknown (" + e + ")";
    }
  }

  private void awaitFinalAtLeast(String member, long treeSize) throws Exception {
    long deadline = System.nanoTime() + InProcessNetwork.PATIENCE.toNanos();
    JsonNode last = network.status(member).get("lastFinalCheckpoint");
    while ((last.isNull() || last.get("treeSize").asLong() < treeSize)
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
      last = network.status(member).get("lastFinalCheckpoint");
    }
    assertThat(last.get("treeSize").asLong())
        .as("final checkpoint %s", last)
        .isGreaterThanOrEqualTo(treeSize);
  }

  private static Path setAside(Path dataDir) throws IOException {
    try (Stream<Path> found = Files.list(dataDir.resolve(LedgerRepair.SET_ASIDE_DIR))) {
      return found
          .filter(path -> path.getFileName().toString().startsWith("set-aside-"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("nothing set aside in " + dataDir));
    }
  }

  /**
   * Flushes the stopped member's ledger with plain RocksDB, so that all its transactions are in
   * table files, and returns the file that holds the oldest: entries the start check does not read.
   * Compactions are off meanwhile: one started by the flush would retire the file it returns.
   */
  private static Path oldestTransactionsFile(Path ledger) throws Exception {
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (ColumnFamilyOptions noCompactions =
            new ColumnFamilyOptions().setDisableAutoCompactions(true);
        Options listing = new Options();
        DBOptions options = new DBOptions();
        RocksDB db =
            RocksDB.open(
                options,
                ledger.toString(),
                RocksDB.listColumnFamilies(listing, ledger.toString()).stream()
                    .map(name -> new ColumnFamilyDescriptor(name, noCompactions))
                    .toList(),
                handles);
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, handles);
      LiveFileMetaData oldest =
          db.getLiveFilesMetaData().stream()
              .filter(f -> new String(f.columnFamilyName(), StandardCharsets.UTF_8).equals("txlog"))
              .min(Comparator.comparingLong(f -> ByteBuffer.wrap(f.smallestKey()).getLong()))
              .orElseThrow();
      handles.forEach(ColumnFamilyHandle::close);
      assertThat(ByteBuffer.wrap(oldest.largestKey()).getLong())
          .as("the file's newest entry lies before the blocks the start check reads")
          .isLessThan(BLOCKS / 2);
      return Path.of(oldest.path(), oldest.fileName());
    }
  }

  /** Byte 8 lies in the table's first data block, which holds its oldest entries. */
  private static void flipByte(Path file, int position) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[position] ^= 0x40;
    Files.write(file, bytes);
  }
}
