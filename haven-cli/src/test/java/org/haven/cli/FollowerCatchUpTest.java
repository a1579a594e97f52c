package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.haven.node.HavenNode;
import org.haven.storage.Directories;
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
    JsonNode leaderStatus = network.status(leader);
    long leaderSnapshot = leaderStatus.get("raft").get("snapshotIndex").asLong();
    assertThat(leaderSnapshot).as("the leader took snapshots: %s", leaderStatus).isPositive();

    network.start(follower);
    long records = leaderStatus.get("recordTreeSize").asLong();
    JsonNode caughtUp = network.awaitConverged(records).get(follower);
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
    JsonNode caughtUp = network.awaitConverged(records).get(follower);

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

  private static long ceilDiv(long size, long chunk) {
    return (size + chunk - 1) / chunk;
  }

  /** The directory of the snapshot at Raft index {@code index} that the member installed. */
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
