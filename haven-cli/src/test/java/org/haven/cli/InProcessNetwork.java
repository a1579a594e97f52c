package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.haven.consensus.RaftNode;
import org.haven.consensus.Receipt;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.tx.Transaction;
import org.haven.node.HavenNode;
import org.haven.node.NodeConfig;

/**
 * A consortium of three members, each a real node (RocksDB, Ratis over gRPC, HTTP on a free
 * loopback port) in this JVM, for fault tests that stop, restart or cut off members. Close it to
 * stop every node still running.
 */
final class InProcessNetwork implements AutoCloseable {
  static final Duration PATIENCE = Duration.ofSeconds(90);

  private static final Duration SNAPSHOT_LISTING_PATIENCE = Duration.ofSeconds(10);
  static final List<DemoLedger.Member> MEMBERS = DemoCommand.MEMBERS.subList(0, 3);

  /** The snapshot chunk size of {@link #SMALL_LOG}. */
  static final long SMALL_CHUNK_BYTES = 16_384;

  /**
   * A snapshot every 20 entries, the log purged up to it in segments of a few entries: a member
   * that misses a hundred blocks falls behind the log. Snapshots travel in chunks of 16 KiB, so
   * that even a small ledger's snapshot takes many chunks.
   */
  static final NodeConfig.RaftLog SMALL_LOG =
      new NodeConfig.RaftLog(20L, true, 8_192L, SMALL_CHUNK_BYTES, null);

  private final Path root;
  private final DemoLedger ledger;
  private final Map<String, HavenNode> running = new TreeMap<>();
  private final Set<String> removed = new TreeSet<>();
  private int officers;

  private InProcessNetwork(Path root, DemoLedger ledger) {
    this.root = root;
    this.ledger = ledger;
  }

  /** Starts the members with {@link #SMALL_LOG}, so that one who misses blocks needs a snapshot. */
  static InProcessNetwork startWithSmallLog(Path root) throws IOException {
    return start(root, config -> reconfigured(config, config.peers(), SMALL_LOG));
  }

  /**
   * Writes the members' data directories under {@code root}, lets {@code configure} change each
   * member's {@code node.json}, and starts every member.
   */
  static InProcessNetwork start(Path root, UnaryOperator<NodeConfig> configure) throws IOException {
    InProcessNetwork network = new InProcessNetwork(root, DemoLedger.createNetwork(root, MEMBERS));
    for (DemoLedger.Member member : MEMBERS) {
      configure
          .apply(NodeConfig.read(network.dataDir(member.id())))
          .write(network.dataDir(member.id()));
      network.start(member.id());
    }
    return network;
  }

  /** {@code config} with other peers and Raft log settings. */
  static NodeConfig reconfigured(
      NodeConfig config, List<RaftNode.Peer> peers, NodeConfig.RaftLog raftLog) {
    return new NodeConfig(
        config.org(),
        config.nodeId(),
        peers,
        config.httpHost(),
        config.httpPort(),
        config.maxBlockTransactions(),
        config.maxBlockDelayMillis(),
        config.vaultKeyFile(),
        config.raftElectionTimeoutMillis(),
        raftLog,
        null);
  }

  /** The ledger's genesis and the keys of its admins and officers. */
  DemoLedger ledger() {
    return ledger;
  }

  Path dataDir(String member) {
    return root.resolve(member);
  }

  /**
   * Enrols the demo's officers and {@code more} on the ledger through {@code member}'s node, and
   * lets each log in to its own organisation's node with {@code password}.
   */
  void enrolDemoOfficers(String member, List<Officer> more, String password) throws Exception {
    List<Officer> officers = new ArrayList<>(DemoCommand.demoOfficers(ledger));
    officers.addAll(more);
    for (Officer officer : officers) {
      Receipt receipt =
          node(member)
              .submit(ledger.enrol(officer).encoded())
              .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(receipt.result().accepted()).as("%s", receipt).isTrue();
      ledger.saveCredential(dataDir(officer.org().value()), officer.id(), password);
    }
  }

  /** Lets {@code member}'s founding admin log in to that member's node with {@code password}. */
  void saveAdminCredential(String member, String password) {
    ledger.saveCredential(dataDir(member), ledger.adminOf(member), password);
  }

  void start(String member) throws IOException {
    running.put(member, HavenNode.start(dataDir(member)));
  }

  void stop(String member) throws IOException {
    running.remove(member).close();
  }

  HavenNode node(String member) {
    return running.get(member);
  }

  JsonNode status(String member) throws IOException, InterruptedException {
    return new NodeHttp(node(member).httpPort()).status();
  }

  /**
   * The status of {@code member} once {@code holds} is true of it, or the last one read after
   * {@link #SNAPSHOT_LISTING_PATIENCE}. A status's snapshot fields may be a second old (the node
   * lists its snapshots at most once a second), so a test that has just seen a snapshot taken or
   * installed by another sign waits for them to show.
   */
  JsonNode awaitStatus(String member, Predicate<JsonNode> holds) throws Exception {
    long deadline = System.nanoTime() + SNAPSHOT_LISTING_PATIENCE.toNanos();
    JsonNode status = status(member);
    while (!holds.test(status) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = status(member);
    }
    return status;
  }

  /** Whether the member's status lists a snapshot it took. */
  static boolean tookSnapshot(JsonNode status) {
    return status.get("raft").get("snapshotIndex").isNumber();
  }

  /** Whether the member's status lists a snapshot it installed from the leader. */
  static boolean installedSnapshot(JsonNode status) {
    return status.get("raft").get("installedSnapshotIndex").isNumber();
  }

  /**
   * Stops {@link #nextEnrolment} enrolling officers of {@code member}, which the ledger removed.
   */
  void removedFromLedger(String member) {
    removed.add(member);
  }

  /**
   * A new enrolment into a member the ledger has not removed, signed by its organisation's admin; a
   * different officer each time.
   */
  Transaction nextEnrolment() {
    List<DemoLedger.Member> members =
        MEMBERS.stream().filter(member -> !removed.contains(member.id())).toList();
    DemoLedger.Member member = members.get(officers % members.size());
    return ledger.enrol(
        ledger.newOfficer("officer-" + officers++, member.id(), Role.REGISTRAR, member.country()));
  }

  /** Submits {@code count} enrolments through {@code member}, each awaited: one block each. */
  void writeOneBlockEach(String member, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      Receipt receipt =
          node(member)
              .submit(nextEnrolment().encoded())
              .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(receipt.result().accepted()).as("%s", receipt).isTrue();
    }
  }

  /** Waits until one of {@code members} says it leads, and returns it. */
  String awaitLeader(List<String> members) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (String member : members) {
        if (status(member).get("leader").asBoolean()) {
          return member;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no leader among " + members);
  }

  /** The running members. */
  List<String> members() {
    return List.copyOf(running.keySet());
  }

  /** The running members other than {@code member}. */
  List<String> others(String member) {
    return running.keySet().stream().filter(m -> !m.equals(member)).toList();
  }

  /**
   * Waits until every running member's log reaches at least {@code records} (its size up to the
   * newest entry that is not a member's cosignature, which members add in the background) and all
   * have the same log size and root.
   */
  Map<String, JsonNode> awaitConverged(long records) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Map<String, JsonNode> statuses = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      for (String member : running.keySet()) {
        statuses.put(member, status(member));
      }
      if (statuses.values().stream().allMatch(s -> s.get("recordTreeSize").asLong() >= records)
          && statuses.values().stream().map(s -> s.get("treeSize").asLong()).distinct().count() == 1
          && statuses.values().stream().map(s -> s.get("root").asText()).distinct().count() == 1) {
        return statuses;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "members did not converge on a log of at least " + records + " records: " + statuses);
  }

  @Override
  public void close() throws IOException {
    for (HavenNode node : running.values()) {
      node.close();
    }
    running.clear();
  }
}
