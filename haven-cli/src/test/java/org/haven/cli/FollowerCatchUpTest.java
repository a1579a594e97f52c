package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.haven.core.ledger.BlockHeader;
import org.haven.node.HavenNode;
import org.haven.storage.CheckpointFiles;
import org.haven.storage.Directories;
import org.haven.storage.RocksLedgerStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower stopped for a while catches up when it restarts: from the leader's log when the log
 * still holds what it missed, and by installing the leader's snapshot when the log was purged past
 * it.
 */
class FollowerCatchUpTest {
  /** Blocks written while the follower is away: several snapshots' worth. */
  private static final int MISSED = 100;

  @TempDir Path temp;

  private InProcessNetwork network;

  @AfterEach
  void stopAll() throws IOException {
    if (network != null) {
      network.close();
    }
  }

  @Test
  void followerBehindThePurgedLog_installsTheLeadersSnapshotAndConverges() throws Exception {
    network = InProcessNetwork.startWithSmallLog(temp);
    String leader = network.awaitLeader(network.members());
    String follower = network.others(leader).get(0);
    network.stop(follower);

    network.writeOneBlockEach(leader, MISSED);
    JsonNode leaderStatus = network.awaitStatus(leader, InProcessNetwork::tookSnapshot);
    long leaderSnapshot = leaderStatus.get("raft").get("snapshotIndex").asLong();
    assertThat(leaderSnapshot).as("the leader took snapshots: %s", leaderStatus).isPositive();

    network.start(follower);
    long records = leaderStatus.get("recordTreeSize").asLong();
    network.awaitConverged(records);
    JsonNode caughtUp = network.awaitStatus(follower, InProcessNetwork::installedSnapshot);
    JsonNode installed = caughtUp.get("raft").get("installedSnapshotIndex");
    assertThat(installed.isNumber()).as("the follower installed a snapshot: %s", caughtUp).isTrue();
    assertThat(installed.asLong()).isGreaterThanOrEqualTo(leaderSnapshot);

    // The reopened ledger keeps working: a write through the follower reaches every member.
    network.writeOneBlockEach(follower, 1);
    network.awaitConverged(records + 1);

    CliRun verify =
        CliRun.run("verify", "--data-dir", network.dataDir(follower).toString(), "--no-progress");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  /**
   * A member whose disk was replaced starts with an empty ledger and Raft log; the leader's log was
   * purged long ago, so it receives the leader's snapshot, in many chunks of {@link
   * InProcessNetwork#SMALL_CHUNK_BYTES}, and converges.
   */
  @Test
  void followerWiped_rejoinsBySnapshotInManyChunks() throws Exception {
    network = InProcessNetwork.startWithSmallLog(temp);
    String leader = network.awaitLeader(network.members());
    String follower = network.others(leader).get(0);
    network.writeOneBlockEach(leader, 10);
    network.stop(follower);
    Path dataDir = network.dataDir(follower);
    Directories.deleteTree(dataDir.resolve(HavenNode.LEDGER_DIR));
    Directories.deleteTree(dataDir.resolve(HavenNode.RAFT_DIR));

    network.writeOneBlockEach(leader, MISSED);
    long records = network.status(leader).get("recordTreeSize").asLong();
    network.start(follower);
    network.awaitConverged(records);
    JsonNode caughtUp = network.awaitStatus(follower, InProcessNetwork::installedSnapshot);

    long installed = caughtUp.get("raft").get("installedSnapshotIndex").asLong();
    assertThat(installed).as("the follower installed a snapshot: %s", caughtUp).isPositive();
    Path snapshot = installedSnapshot(dataDir, installed);
    long chunks = 0;
    try (Stream<Path> files = Files.list(snapshot)) {
      for (Path file : files.toList()) {
        chunks += Math.max(1, ceilDiv(Files.size(file), InProcessNetwork.SMALL_CHUNK_BYTES));
      }
    }
    assertThat(chunks).as("chunks of the snapshot in %s", snapshot).isGreaterThan(5);
    network.writeOneBlockEach(follower, 1);
    network.awaitConverged(records + 1);
  }

  /** Changes the files of a snapshot in place, as a damaged disk or a lying member would. */
  @FunctionalInterface
  private interface Tamper {
    void apply(Path snapshot) throws Exception;
  }

  /**
   * The leader's disk damages a file of its newest snapshot (a flipped byte in a copied RocksDB
   * file, so the leader's own ledger is intact). The follower that needs that snapshot checks it
   * before installing it and refuses it.
   */
  @Test
  void aDamagedSnapshotFromTheLeader_isRefusedAndTheFollowersLedgerIsUnchanged() throws Exception {
    String reason =
        refusedSnapshot(
            snapshot -> {
              Path damaged = fileStartingWith(snapshot, "OPTIONS-");
              byte[] bytes = Files.readAllBytes(damaged);
              bytes[bytes.length / 2] ^= 1;
              Files.write(damaged, bytes);
            });

    assertThat(reason)
        .containsPattern("failed verification: the file OPTIONS-\\d+ does not match its SHA-256");
  }

  /**
   * The leader's member forges its snapshot: it changes a transaction already in a block, then
   * writes the snapshot's checksums anew, so every file checks. The follower recomputes the Merkle
   * tree from the transactions, finds a block whose root differs and refuses the snapshot.
   */
  @Test
  void aForgedSnapshotWithValidChecksums_isRefusedAndTheFollowersLedgerIsUnchanged()
      throws Exception {
    String reason =
        refusedSnapshot(
            snapshot -> {
              Path copy = temp.resolve("forged-copy");
              Files.createDirectories(copy);
              try (Stream<Path> files = Files.list(snapshot)) {
                for (Path file : files.toList()) {
                  String name = file.getFileName().toString();
                  if (!name.equals(CheckpointFiles.FILE) && !name.equals("ledger-index")) {
                    Files.copy(file, copy.resolve(name));
                  }
                }
              }
              try (RawLedger raw = new RawLedger(copy)) {
                byte[] key = ByteBuffer.allocate(Long.BYTES).putLong(3).array();
                byte[] transaction = raw.db().get(raw.handle("txlog"), key);
                transaction[transaction.length - 1] ^= 1;
                raw.db().put(raw.handle("txlog"), key, transaction);
              }
              Path forged = temp.resolve("forged");
              try (RocksLedgerStore store = RocksLedgerStore.open(copy)) {
                store.checkpointTo(forged);
              }
              Files.copy(snapshot.resolve("ledger-index"), forged.resolve("ledger-index"));
              Directories.deleteTree(snapshot);
              Files.move(forged, snapshot);
            });

    assertThat(reason)
        .contains("failed verification: block ")
        .contains("the Merkle root recomputed from its transactions");
  }

  /**
   * A member restarts with its ledger behind its own newest snapshot (a crash in the middle of an
   * installation leaves no ledger directory), and its disk damaged that snapshot. It checks the
   * snapshot before restoring it, refuses it and does not start, saying why.
   */
  @Test
  void aDamagedOwnSnapshotAtRestart_isRefusedAndTheNodeDoesNotStart() throws Exception {
    network = InProcessNetwork.startWithSmallLog(temp);
    String leader = network.awaitLeader(network.members());
    String member = network.others(leader).get(0);
    network.writeOneBlockEach(leader, 40);
    Path snapshot = newestSnapshotOnceQuiet(network.dataDir(member), member);
    network.stop(member);
    Path ledger = network.dataDir(member).resolve(HavenNode.LEDGER_DIR);
    Directories.deleteTree(ledger);
    Path damaged = fileStartingWith(snapshot, "OPTIONS-");
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[bytes.length / 2] ^= 1;
    Files.write(damaged, bytes);

    assertThatThrownBy(() -> network.start(member))
        .hasStackTraceContaining("Refused to install snapshot ")
        .hasStackTraceContaining(
            "failed verification: the file " + damaged.getFileName() + " does not match");
    try (RocksLedgerStore left = RocksLedgerStore.openReadOnly(ledger)) {
      assertThat(left.head().orElseThrow().height()).isZero();
    }
  }

  /**
   * Stops a follower, writes until the leader's log is purged past it, lets {@code tamper} change
   * the leader's newest snapshot and starts the follower: it must refuse the snapshot, keep its
   * ledger as it was, cosign nothing and say why in its status, while the others go on writing.
   *
   * @return the reason the follower's status gives
   */
  private String refusedSnapshot(Tamper tamper) throws Exception {
    network = InProcessNetwork.startWithSmallLog(temp);
    String leader = network.awaitLeader(network.members());
    String follower = network.others(leader).get(0);
    network.writeOneBlockEach(leader, 5);
    network.awaitConverged(network.status(leader).get("recordTreeSize").asLong());
    network.stop(follower);
    BlockHeader before;
    try (RocksLedgerStore stopped =
        RocksLedgerStore.openReadOnly(network.dataDir(follower).resolve(HavenNode.LEDGER_DIR))) {
      before = stopped.head().orElseThrow();
    }
    network.writeOneBlockEach(leader, MISSED);
    tamper.apply(newestSnapshotOnceQuiet(network.dataDir(leader), leader));

    network.start(follower);
    JsonNode refused = awaitRefusal(follower);

    String reason = refused.get("raft").get("refusedSnapshot").asText();
    assertThat(reason).startsWith("snapshot ");
    assertThat(refused.get("notCosigning").asText()).isEqualTo(reason);
    // Its ledger holds what it had, plus at most the entries of its own Raft log it had not yet
    // applied when it stopped: the same blocks as the leader's, nothing of the snapshot.
    long height = refused.get("height").asLong();
    assertThat(height).isBetween(before.height(), before.height() + 2);
    assertThat(refused.get("root").asText()).isEqualTo(rootAt(leader, height));
    network.writeOneBlockEach(leader, 1);
    JsonNode after = network.status(follower);
    assertThat(after.get("height").asLong()).isEqualTo(height);
    assertThat(after.get("lastCosigned")).isEqualTo(refused.get("lastCosigned"));
    assertThat(after.get("notCosigning").asText()).isEqualTo(reason);
    return reason;
  }

  /** The Merkle root of {@code member}'s block at {@code height}. */
  private String rootAt(String member, long height) throws Exception {
    return NodeHttp.json(new NodeHttp(network.node(member).httpPort()).get("/blocks/" + height))
        .get("logRoot")
        .asText();
  }

  private JsonNode awaitRefusal(String member) throws Exception {
    long deadline = System.nanoTime() + InProcessNetwork.PATIENCE.toNanos();
    JsonNode status = network.status(member);
    while (status.get("raft").get("refusedSnapshot").isNull() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      status = network.status(member);
    }
    return status;
  }

  /**
   * A member's newest snapshot once it has taken none for a few seconds (cosigning rounds add a few
   * entries after the last write, and may cross a snapshot's interval).
   */
  private Path newestSnapshotOnceQuiet(Path dataDir, String member) throws Exception {
    long seen = -1;
    long stableSince = System.nanoTime();
    long deadline = System.nanoTime() + InProcessNetwork.PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      long index = network.status(member).get("raft").get("snapshotIndex").asLong();
      if (index != seen) {
        seen = index;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > 4_000_000_000L) {
        return installedSnapshot(dataDir, seen);
      }
      Thread.sleep(200);
    }
    throw new AssertionError(member + " kept taking snapshots");
  }

  private static Path fileStartingWith(Path dir, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith(prefix))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + prefix + " file in " + dir));
    }
  }

  private static long ceilDiv(long size, long chunk) {
    return (size + chunk - 1) / chunk;
  }

  /** The directory of the snapshot at Raft index {@code index} that the member holds. */
  private static Path installedSnapshot(Path dataDir, long index) throws IOException {
    try (Stream<Path> found = Files.walk(dataDir.resolve(HavenNode.RAFT_DIR))) {
      return found
          .filter(path -> path.getFileName().toString().matches("snapshot-\\d+-" + index))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no snapshot " + index + " in " + dataDir));
    }
  }

  @Test
  void followerWithinTheLog_catchesUpFromTheLogAlone() throws Exception {
    network = InProcessNetwork.start(temp, config -> config);
    String leader = network.awaitLeader(network.members());
    String follower = network.others(leader).get(0);
    network.stop(follower);

    network.writeOneBlockEach(leader, 20);
    long records = network.status(leader).get("recordTreeSize").asLong();

    network.start(follower);
    JsonNode caughtUp = network.awaitConverged(records).get(follower);
    assertThat(caughtUp.get("raft").get("installedSnapshotIndex").isNull())
        .as("no snapshot was needed: %s", caughtUp)
        .isTrue();
  }
}
