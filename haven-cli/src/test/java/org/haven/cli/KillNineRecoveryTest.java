package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.haven.core.identity.Role;
import org.haven.core.tx.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL while clients are submitting keeps every transaction it acknowledged:
 * a 200 means the block holding the transaction was synced to disk. The node runs in a separate JVM
 * started exactly as {@code haven node} starts it.
 */
class KillNineRecoveryTest {
  private static final Pattern NODE_RUNNING =
      Pattern.compile("Haven node running: .* HTTP http://127\\.0\\.0\\.1:(\\d+)/api/v1/status");
  private static final int SUBMITTERS = 6;
  private static final int ACKNOWLEDGED_BEFORE_KILL = 200;
  private static final int PREPARED = 3_000;
  private static final int SUBMITTED_AFTER_RESTART = 30;
  private static final Duration CLEAN_STOP = Duration.ofSeconds(10);

  @TempDir Path temp;

  private final List<HavenProcess> processes = new ArrayList<>();
  private final List<EnrolmentLoad> loads = new ArrayList<>();
  private final AtomicInteger officers = new AtomicInteger();

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (EnrolmentLoad load : loads) {
      load.close();
    }
    for (HavenProcess process : processes) {
      process.close();
    }
  }

  @Test
  void killNineDuringSubmissions_keepsEveryAcknowledgedTransaction() throws Exception {
    Path dataDir = Files.createDirectories(temp.resolve("node"));
    DemoLedger ledger = DemoLedger.create(dataDir, DemoCommand.MEMBERS, 0);
    List<Transaction> enrolments = enrolments(ledger, PREPARED);

    HavenProcess first = startNode(dataDir, "first");
    EnrolmentLoad load =
        new EnrolmentLoad(
            new NodeHttp(port(first)), enrolments, SUBMITTERS, ACKNOWLEDGED_BEFORE_KILL);
    loads.add(load);

    assertThat(load.awaitAcknowledged(HavenProcess.PATIENCE))
        .as("%d acknowledgements; node log:%n%s", load.acknowledged().size(), first.stderr())
        .isTrue();
    first.killHard();
    load.awaitEnd(HavenProcess.PATIENCE);
    assertThat(load.unexpected()).isEmpty();
    Map<Transaction, Long> acknowledged = load.acknowledged();
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

    HavenProcess second = startNode(dataDir, "second");
    NodeHttp http = new NodeHttp(port(second));
    for (Map.Entry<Transaction, Long> ack : acknowledged.entrySet()) {
      HttpResponse<String> found = http.inclusion(ack.getKey());
      assertThat(found.statusCode())
          .as("acknowledged transaction %s", ack.getKey().id())
          .isEqualTo(200);
      assertThat(NodeHttp.json(found).get("leafIndex").asLong()).isEqualTo(ack.getValue());
    }
    assertThat(http.status().get("treeSize").asLong()).isGreaterThanOrEqualTo(acknowledged.size());

    Transaction again = acknowledged.keySet().iterator().next();
    HttpResponse<String> replay = http.submit(again);
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);
    assertThat(NodeHttp.json(replay).get("reason").asText()).isEqualTo("DUPLICATE_ID");

    for (Transaction tx : enrolments(ledger, SUBMITTED_AFTER_RESTART)) {
      HttpResponse<String> response = http.submit(tx);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(http.inclusion(tx).statusCode()).isEqualTo(200);
    }

    CliRun whileRunning = verify(dataDir);
    assertThat(whileRunning.exitCode()).as(whileRunning.toString()).isZero();
    assertThat(second.terminate()).as("the node stops on SIGTERM").isTrue();
    CliRun stopped = verify(dataDir);
    assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
    assertThat(stopped.out()).startsWith("Ledger OK: ");
  }

  /**
   * SIGTERM while clients are submitting stops the node within {@link #CLEAN_STOP} in a safe order
   * (requests, proposals, applying, the witness, Raft, RocksDB), logs no error or warning, and
   * keeps every acknowledged transaction.
   */
  @Test
  void sigtermDuringSubmissions_stopsWithinTenSeconds_andLogsNothingWrong() throws Exception {
    Path dataDir = Files.createDirectories(temp.resolve("node"));
    DemoLedger ledger = DemoLedger.create(dataDir, DemoCommand.MEMBERS, 0);
    HavenProcess node = startNode(dataDir, "stopped");
    EnrolmentLoad load =
        new EnrolmentLoad(
            new NodeHttp(port(node)),
            enrolments(ledger, PREPARED),
            SUBMITTERS,
            ACKNOWLEDGED_BEFORE_KILL);
    loads.add(load);
    assertThat(load.awaitAcknowledged(HavenProcess.PATIENCE))
        .as("%d acknowledgements; node log:%n%s", load.acknowledged().size(), node.stderr())
        .isTrue();

    long start = System.nanoTime();
    boolean stopped = node.terminate(CLEAN_STOP);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(stopped).as("stopped within %s; log:%n%s", CLEAN_STOP, node.stderr()).isTrue();
    load.awaitEnd(HavenProcess.PATIENCE);
    assertThat(load.unexpected()).isEmpty();
    List<String> log = Files.readAllLines(temp.resolve("stopped-stderr.log"));
    assertThat(log)
        .as("the node's log after a clean stop of %s ms", took.toMillis())
        .noneMatch(line -> line.contains(" ERROR ") || line.contains(" WARN "))
        .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
    HavenProcess restarted = startNode(dataDir, "restarted");
    NodeHttp http = new NodeHttp(port(restarted));
    for (Transaction acknowledged : load.acknowledged().keySet()) {
      assertThat(http.inclusion(acknowledged).statusCode())
          .as("acknowledged transaction %s", acknowledged.id())
          .isEqualTo(200);
    }
  }

  private static CliRun verify(Path dataDir) {
    return CliRun.run("verify", "--data-dir", dataDir.toString(), "--no-progress");
  }

  private HavenProcess startNode(Path dataDir, String run) throws IOException {
    HavenProcess process =
        HavenProcess.start(
            temp.resolve(run + "-stderr.log"), "node", "--data-dir", dataDir.toString());
    processes.add(process);
    return process;
  }

  private static int port(HavenProcess node) throws InterruptedException {
    return Integer.parseInt(node.awaitLine(NODE_RUNNING).group(1));
  }

  /** Enrolments of new officers, spread over the demo members, each signed by its admin. */
  private List<Transaction> enrolments(DemoLedger ledger, int count) {
    List<Transaction> transactions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DemoLedger.Member member = DemoCommand.MEMBERS.get(i % DemoCommand.MEMBERS.size());
      String id = "officer-" + officers.getAndIncrement();
      transactions.add(
          ledger.enrol(ledger.newOfficer(id, member.id(), Role.REGISTRAR, member.country())));
    }
    return transactions;
  }
}
