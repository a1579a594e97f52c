package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.haven.consensus.Receipt;
import org.haven.core.identity.Role;
import org.haven.core.tx.Transaction;
import org.haven.node.HavenNode;
import org.haven.node.NodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members, each a real node (RocksDB, Ratis over gRPC, HTTP) in this JVM. A follower stopped
 * for a while catches up when it restarts: from the leader's log when the log still holds what it
 * missed, and from the leader's snapshot when the log was purged past it.
 */
class FollowerCatchUpTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final List<DemoLedger.Member> MEMBERS = DemoCommand.MEMBERS.subList(0, 3);

  /** A snapshot every 20 blocks, the log purged up to it in segments of a few entries. */
  private static final NodeConfig.RaftLog SMALL_LOG = new NodeConfig.RaftLog(20L, true, 8_192L);

  /** Blocks written while the follower is away: several snapshots' worth. */
  private static final int MISSED = 100;

  @TempDir Path temp;

  private final Map<String, HavenNode> running = new TreeMap<>();
  private int officers;

  @AfterEach
  void stopAll() throws IOException {
    for (HavenNode node : running.values()) {
      node.close();
    }
  }

  @Test
  void followerBehindThePurgedLog_installsTheLeadersSnapshotAndConverges() throws Exception {
    DemoLedger ledger = startNetwork(SMALL_LOG);
    String leader = awaitLeader();
    String follower = running.keySet().stream().filter(m -> !m.equals(leader)).findFirst().get();
    running.remove(follower).close();

    writeOneBlockEach(running.get(leader), ledger, MISSED);
    JsonNode leaderStatus = status(running.get(leader));
    long leaderSnapshot = leaderStatus.get("raft").get("snapshotIndex").asLong();
    assertThat(leaderSnapshot).as("the leader took snapshots: %s", leaderStatus).isPositive();

    running.put(follower, HavenNode.start(temp.resolve("net").resolve(follower)));
    JsonNode caughtUp = awaitConverged(leaderStatus.get("treeSize").asLong()).get(follower);
    JsonNode installed = caughtUp.get("raft").get("installedSnapshotIndex");
    assertThat(installed.isNumber()).as("the follower installed a snapshot: %s", caughtUp).isTrue();
    assertThat(installed.asLong()).isGreaterThanOrEqualTo(leaderSnapshot);

    // The reopened ledger keeps working: a write through the follower reaches every member.
    writeOneBlockEach(running.get(follower), ledger, 1);
    awaitConverged(leaderStatus.get("treeSize").asLong() + 1);

    CliRun verify =
        CliRun.run(
            "verify",
            "--data-dir",
            temp.resolve("net").resolve(follower).toString(),
            "--no-progress");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void followerWithinTheLog_catchesUpFromTheLogAlone() throws Exception {
    DemoLedger ledger = startNetwork(null);
    String leader = awaitLeader();
    String follower = running.keySet().stream().filter(m -> !m.equals(leader)).findFirst().get();
    running.remove(follower).close();

    writeOneBlockEach(running.get(leader), ledger, 20);
    long treeSize = status(running.get(leader)).get("treeSize").asLong();

    running.put(follower, HavenNode.start(temp.resolve("net").resolve(follower)));
    JsonNode caughtUp = awaitConverged(treeSize).get(follower);
    assertThat(caughtUp.get("raft").get("installedSnapshotIndex").isNull())
        .as("no snapshot was needed: %s", caughtUp)
        .isTrue();
  }

  /** Creates and starts three members, each keeping its Raft log as {@code raftLog} says. */
  private DemoLedger startNetwork(NodeConfig.RaftLog raftLog) throws IOException {
    Path net = temp.resolve("net");
    DemoLedger ledger = DemoLedger.createNetwork(net, MEMBERS);
    for (DemoLedger.Member member : MEMBERS) {
      Path dataDir = net.resolve(member.id());
      NodeConfig config = NodeConfig.read(dataDir);
      new NodeConfig(
              config.org(),
              config.nodeId(),
              config.peers(),
              config.httpHost(),
              config.httpPort(),
              config.maxBlockTransactions(),
              config.maxBlockDelayMillis(),
              config.vaultKeyFile(),
              config.raftElectionTimeoutMillis(),
              raftLog)
          .write(dataDir);
      running.put(member.id(), HavenNode.start(dataDir));
    }
    return ledger;
  }

  /** Submits {@code count} enrolments one after another, each acknowledged in its own block. */
  private void writeOneBlockEach(HavenNode node, DemoLedger ledger, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      DemoLedger.Member member = MEMBERS.get(officers % MEMBERS.size());
      Transaction tx =
          ledger.enrol(
              ledger.newOfficer(
                  "officer-" + officers++, member.id(), Role.REGISTRAR, member.country()));
      Receipt receipt = node.submit(tx.encoded()).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(receipt.result().accepted()).as("%s", receipt).isTrue();
    }
  }

  private static JsonNode status(HavenNode node) throws IOException, InterruptedException {
    return new NodeHttp(node.httpPort()).status();
  }

  private String awaitLeader() throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (Map.Entry<String, HavenNode> member : running.entrySet()) {
        if (status(member.getValue()).get("leader").asBoolean()) {
          return member.getKey();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no leader among " + running.keySet());
  }

  /** Waits until every running member has {@code treeSize} entries and the same root. */
  private Map<String, JsonNode> awaitConverged(long treeSize) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Map<String, JsonNode> statuses = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      for (Map.Entry<String, HavenNode> member : running.entrySet()) {
        statuses.put(member.getKey(), status(member.getValue()));
      }
      if (statuses.values().stream().allMatch(s -> s.get("treeSize").asLong() == treeSize)
          && statuses.values().stream().map(s -> s.get("root").asText()).distinct().count() == 1) {
        return statuses;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("members did not converge on tree size " + treeSize + ": " + statuses);
  }
}
