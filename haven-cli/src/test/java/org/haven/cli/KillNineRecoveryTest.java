package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  @TempDir Path temp;

  private final List<HavenProcess> processes = new ArrayList<>();
  private final ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
  private final AtomicInteger officers = new AtomicInteger();

  @AfterEach
  void stopEverything() throws InterruptedException {
    submitters.shutdownNow();
    submitters.awaitTermination(30, TimeUnit.SECONDS);
    for (HavenProcess process : processes) {
      process.close();
    }
  }

  @Test
  void killNineDuringSubmissions_keepsEveryAcknowledgedTransaction() throws Exception {
    Path dataDir = Files.createDirectories(temp.resolve("node"));
    DemoLedger ledger = DemoLedger.create(dataDir, DemoCommand.MEMBERS, 0);
    List<Transaction> enrolments = enrolments(ledger, PREPARED);
    Queue<Transaction> prepared = new ConcurrentLinkedQueue<>(enrolments);

    HavenProcess first = startNode(dataDir, "first");
    NodeHttp firstHttp = new NodeHttp(port(first));
    Map<Transaction, Long> acknowledged = new ConcurrentHashMap<>();
    Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    CountDownLatch enough = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < SUBMITTERS; i++) {
      running.add(
          submitters.submit(
              () -> submitUntilTheNodeDies(firstHttp, prepared, acknowledged, unexpected, enough)));
    }

    assertThat(enough.await(HavenProcess.PATIENCE.toSeconds(), TimeUnit.SECONDS))
        .as("%d acknowledgements; node log:%n%s", acknowledged.size(), first.stderr())
        .isTrue();
    first.killHard();
    for (Future<?> submitter : running) {
      submitter.get(HavenProcess.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }
    assertThat(unexpected).isEmpty();
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

  /**
   * Submits prepared transactions one after another until the node stops answering. Only a 200 is
   * an acknowledgement; a 503 (busy) is allowed, anything else is recorded as unexpected.
   */
  private static void submitUntilTheNodeDies(
      NodeHttp http,
      Queue<Transaction> prepared,
      Map<Transaction, Long> acknowledged,
      Queue<String> unexpected,
      CountDownLatch enough) {
    Transaction tx;
    while ((tx = prepared.poll()) != null) {
      HttpResponse<String> response;
      try {
        response = http.submit(tx);
      } catch (IOException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (response.statusCode() == 200) {
        try {
          JsonNode receipt = NodeHttp.json(response);
          if (!receipt.get("id").asText().equals(tx.id().toHex())) {
            unexpected.add("receipt for another transaction: " + response.body());
          }
          acknowledged.put(tx, receipt.get("logIndex").asLong());
          enough.countDown();
        } catch (IOException e) {
          unexpected.add("unreadable receipt: " + response.body());
        }
      } else if (response.statusCode() != 503) {
        unexpected.add(response.statusCode() + " " + response.body());
      }
    }
  }
}
