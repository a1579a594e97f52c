package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.haven.core.identity.Role;
import org.haven.core.tx.Transaction;
import org.haven.node.NodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three member processes under a steady load of submissions. The leader is killed with SIGKILL, or
 * frozen with SIGSTOP and thawed with SIGCONT again and again: another leader is elected, writes
 * resume, and in the end every member holds every acknowledged transaction at the index its receipt
 * gave, with identical roots; none is left behind. Each prints how long no write was acknowledged.
 */
class LeaderFailoverUnderLoadTest {
  private static final Duration PATIENCE = Duration.ofSeconds(180);
  private static final List<DemoLedger.Member> MEMBERS = DemoCommand.MEMBERS.subList(0, 3);
  private static final int CLIENTS_PER_SURVIVOR = 2;
  private static final int ACKNOWLEDGED_BEFORE_KILL = 60;
  private static final int ACKNOWLEDGED_AFTER_KILL = 60;
  private static final int PREPARED = 2_000;
  private static final int FREEZES = 5;
  private static final Duration FREEZE = Duration.ofSeconds(6);
  private static final int ACKNOWLEDGED_BETWEEN_FREEZES = 20;

  @TempDir Path temp;

  private final Map<String, HavenProcess> processes = new TreeMap<>();
  private final ExecutorService clients =
      Executors.newFixedThreadPool(CLIENTS_PER_SURVIVOR * (MEMBERS.size() - 1));
  private final ExecutorService frozenClients = Executors.newFixedThreadPool(MEMBERS.size());

  /** When each acknowledgement came, by System.nanoTime(). */
  private final Queue<Long> acknowledgedAt = new ConcurrentLinkedQueue<>();

  @AfterEach
  void stopEverything() throws InterruptedException {
    clients.shutdownNow();
    frozenClients.shutdownNow();
    clients.awaitTermination(30, TimeUnit.SECONDS);
    frozenClients.awaitTermination(30, TimeUnit.SECONDS);
    processes.values().forEach(HavenProcess::close);
  }

  @Test
  void killNineTheLeaderUnderLoad_losesNoAcknowledgedTransactionAndConverges() throws Exception {
    Path net = temp.resolve("net");
    DemoLedger ledger = DemoLedger.createNetwork(net, MEMBERS);
    Map<String, NodeHttp> members = startAll(net);
    String leader = awaitLeader(members);
    Map<String, NodeHttp> survivors = new TreeMap<>(members);
    survivors.remove(leader);

    Queue<Transaction> prepared = new ConcurrentLinkedQueue<>(enrolments(ledger));
    Map<Transaction, Long> acknowledged = new ConcurrentHashMap<>();
    Queue<String> refused = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<?>> running = new ArrayList<>();
    for (NodeHttp survivor : survivors.values()) {
      for (int i = 0; i < CLIENTS_PER_SURVIVOR; i++) {
        running.add(
            clients.submit(
                () -> submitUntilStopped(survivor, prepared, acknowledged, refused, stop)));
      }
    }

    awaitAcknowledged(acknowledged, ACKNOWLEDGED_BEFORE_KILL);
    markFault();
    processes.get(leader).killHard();
    int atKill = acknowledged.size();
    String newLeader = awaitLeader(survivors);
    awaitAcknowledged(acknowledged, atKill + ACKNOWLEDGED_AFTER_KILL);
    stop.set(true);
    for (Future<?> client : running) {
      client.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    assertThat(newLeader).isNotEqualTo(leader);
    assertThat(refused).as("submissions refused outright").isEmpty();
    System.out.printf(
        "leader killed: no write acknowledged for %d ms%n", longestSilence(acknowledgedAt));
    start(net, leader);
    assertEveryAcknowledgedEverywhere(members, acknowledged);
  }

  @Test
  void freezeTheLeaderAgainAndAgainUnderLoad_losesNothingAndLeavesNoMemberBehind()
      throws Exception {
    Path net = temp.resolve("net");
    DemoLedger ledger = DemoLedger.createNetwork(net, MEMBERS);
    Map<String, NodeHttp> members = startAll(net);
    awaitLeader(members);
    Queue<Transaction> prepared = new ConcurrentLinkedQueue<>(enrolments(ledger));
    Map<Transaction, Long> acknowledged = new ConcurrentHashMap<>();
    Queue<String> refused = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<?>> running = new ArrayList<>();
    for (NodeHttp member : members.values()) {
      running.add(
          frozenClients.submit(
              () -> submitUntilStopped(member, prepared, acknowledged, refused, stop)));
    }

    awaitAcknowledged(acknowledged, ACKNOWLEDGED_BEFORE_KILL);
    for (int freeze = 0; freeze < FREEZES; freeze++) {
      HavenProcess leader = processes.get(awaitLeader(members));
      markFault();
      signal(leader, "STOP");
      Thread.sleep(FREEZE.toMillis());
      signal(leader, "CONT");
      awaitAcknowledged(acknowledged, acknowledged.size() + ACKNOWLEDGED_BETWEEN_FREEZES);
      System.out.printf(
          "leader frozen for %d ms: no write acknowledged for %d ms%n",
          FREEZE.toMillis(), longestSilence(acknowledgedAt));
    }
    stop.set(true);
    for (Future<?> client : running) {
      client.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    assertThat(refused).as("submissions refused outright").isEmpty();
    assertEveryAcknowledgedEverywhere(members, acknowledged);
  }

  private static void signal(HavenProcess process, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    assertThat(kill.waitFor()).as("kill -%s", signal).isZero();
  }

  /** Starts timing a fault: the silence after it counts from now. */
  private void markFault() {
    acknowledgedAt.clear();
    acknowledgedAt.add(System.nanoTime());
  }

  /** The longest time between the fault and the first acknowledgement, or two later ones, in ms. */
  private static long longestSilence(Queue<Long> times) {
    List<Long> sorted = times.stream().sorted().toList();
    long longest = 0;
    for (int i = 1; i < sorted.size(); i++) {
      longest = Math.max(longest, sorted.get(i) - sorted.get(i - 1));
    }
    return TimeUnit.NANOSECONDS.toMillis(longest);
  }

  private void assertEveryAcknowledgedEverywhere(
      Map<String, NodeHttp> members, Map<Transaction, Long> acknowledged) throws Exception {
    long treeSize = awaitConverged(members);
    assertThat(treeSize).isGreaterThanOrEqualTo(acknowledged.size());
    for (Map.Entry<String, NodeHttp> member : members.entrySet()) {
      for (Map.Entry<Transaction, Long> ack : acknowledged.entrySet()) {
        HttpResponse<String> found = member.getValue().inclusion(ack.getKey());
        assertThat(found.statusCode())
            .as("acknowledged transaction %s on %s", ack.getKey().id(), member.getKey())
            .isEqualTo(200);
        assertThat(NodeHttp.json(found).get("leafIndex").asLong()).isEqualTo(ack.getValue());
      }
    }
  }

  /** Starts every member of the network in {@code net}; returns their HTTP clients by id. */
  private Map<String, NodeHttp> startAll(Path net) throws IOException {
    Map<String, NodeHttp> members = new TreeMap<>();
    for (DemoLedger.Member member : MEMBERS) {
      start(net, member.id());
      members.put(member.id(), new NodeHttp(NodeConfig.read(net.resolve(member.id())).httpPort()));
    }
    return members;
  }

  private void start(Path net, String member) throws IOException {
    HavenProcess process =
        HavenProcess.start(
            temp.resolve(member + "-" + processes.size() + ".log"),
            "node",
            "--data-dir",
            net.resolve(member).toString());
    HavenProcess previous = processes.put(member, process);
    if (previous != null) {
      previous.close();
    }
  }

  private static List<Transaction> enrolments(DemoLedger ledger) {
    List<Transaction> transactions = new ArrayList<>(PREPARED);
    for (int i = 0; i < PREPARED; i++) {
      DemoLedger.Member member = MEMBERS.get(i % MEMBERS.size());
      transactions.add(
          ledger.enrol(
              ledger.newOfficer("officer-" + i, member.id(), Role.REGISTRAR, member.country())));
    }
    return transactions;
  }

  /**
   * Submits one prepared transaction after another. A 200 is an acknowledgement; a member that is
   * busy or cannot reach a leader in time (5xx) or does not answer is tried again with the next
   * transaction; a 4xx is a refusal and is recorded.
   */
  private void submitUntilStopped(
      NodeHttp member,
      Queue<Transaction> prepared,
      Map<Transaction, Long> acknowledged,
      Queue<String> refused,
      AtomicBoolean stop) {
    Transaction tx;
    while (!stop.get() && (tx = prepared.poll()) != null) {
      HttpResponse<String> response;
      try {
        response = member.submit(tx);
      } catch (IOException e) {
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (response.statusCode() == 200) {
        try {
          acknowledged.put(tx, NodeHttp.json(response).get("logIndex").asLong());
          acknowledgedAt.add(System.nanoTime());
        } catch (IOException e) {
          refused.add("unreadable receipt: " + response.body());
        }
      } else if (response.statusCode() < 500) {
        refused.add(response.statusCode() + " " + response.body());
      }
    }
  }

  private void awaitAcknowledged(Map<Transaction, Long> acknowledged, int count) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (acknowledged.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            acknowledged.size() + " acknowledgements, waited for " + count + "; " + logs());
      }
      Thread.sleep(50);
    }
  }

  private String awaitLeader(Map<String, NodeHttp> members) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (Map.Entry<String, NodeHttp> member : members.entrySet()) {
        try {
          if (member.getValue().status().get("leader").asBoolean()) {
            return member.getKey();
          }
        } catch (IOException e) {
          // Not up yet.
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no leader among " + members.keySet() + "; " + logs());
  }

  /** Waits until every member has the same tree size and root, and returns the size. */
  private long awaitConverged(Map<String, NodeHttp> members) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Map<String, String> seen = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      seen.clear();
      for (Map.Entry<String, NodeHttp> member : members.entrySet()) {
        try {
          JsonNode status = member.getValue().status();
          seen.put(member.getKey(), status.get("treeSize") + " " + status.get("root").asText());
        } catch (IOException e) {
          seen.put(member.getKey(), "no answer");
        }
      }
      if (seen.values().stream().distinct().count() == 1 && !seen.containsValue("no answer")) {
        return Long.parseLong(seen.values().iterator().next().split(" ")[0]);
      }
      Thread.sleep(250);
    }
    throw new AssertionError("members did not converge: " + seen + "; " + logs());
  }

  private String logs() {
    StringBuilder logs = new StringBuilder();
    processes.forEach(
        (member, process) ->
            logs.append("\n--- ").append(member).append(":\n").append(process.stderr()));
    return logs.toString();
  }
}
