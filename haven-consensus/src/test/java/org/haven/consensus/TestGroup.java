package org.haven.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteSigner;
import org.haven.core.ledger.BlockExecutor;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.testing.TestConsortium;
import org.haven.core.tx.Transaction;
import org.haven.storage.RocksLedgerStore;

/**
 * Members of one Ratis group over gRPC on loopback, each with its own RocksDB ledger and node key,
 * started in this JVM: the path a consortium runs. Closing it stops every member it started.
 */
final class TestGroup implements AutoCloseable {
  /** Loopback: a LAN's timeouts keep the tests fast. */
  static final RaftNode.Timeouts LAN =
      new RaftNode.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));

  private final TestConsortium consortium;
  private final Path dir;
  private final List<RocksLedgerStore> stores = new ArrayList<>();
  private final List<RaftNode> nodes = new ArrayList<>();

  TestGroup(TestConsortium consortium, Path dir) {
    this.consortium = consortium;
    this.dir = dir;
  }

  /** {@code count} peers "m0", "m1", ... on free loopback ports. */
  static List<RaftNode.Peer> loopbackPeers(int count) throws IOException {
    List<RaftNode.Peer> peers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      peers.add(new RaftNode.Peer("m" + i, "127.0.0.1:" + freePort()));
    }
    return peers;
  }

  /**
   * Starts member {@code id} with its own ledger, signing checkpoints as consortium member {@code
   * member}, in the group {@code peers}.
   */
  RaftNode start(String id, int member, List<RaftNode.Peer> peers, Optional<MemberTls> tls)
      throws IOException {
    RocksLedgerStore store = RocksLedgerStore.open(dir.resolve(id + "/ledger"));
    stores.add(store);
    NoteSigner signer = new NoteSigner(consortium.member(member).value(), consortium.newKey());
    Function<Checkpoint, String> sign = checkpoint -> signer.sign(checkpoint.body()).format();
    LedgerStateMachine.ensureGenesis(store, consortium.genesis(), sign);
    LedgerStateMachine machine =
        new LedgerStateMachine(
            store,
            new BlockExecutor(consortium.chainId()),
            consortium.genesis().origin(),
            sign,
            block -> {},
            head -> {},
            received -> Optional.empty());
    Files.createDirectories(dir.resolve(id + "/raft"));
    RaftNode node =
        RaftNode.start(
            id,
            peers,
            consortium.chainId(),
            dir.resolve(id + "/raft"),
            machine,
            LAN,
            RaftNode.LogRetention.DEFAULT,
            tls);
    nodes.add(node);
    return node;
  }

  /** The ledger of the {@code index}th member started. */
  RocksLedgerStore store(int index) {
    return stores.get(index);
  }

  /**
   * Replicates {@code rounds} blocks of five officer enrolments, each through a different one of
   * the first {@code members} nodes started, and checks that every transaction was accepted.
   */
  void replicateEnrolments(int members, int rounds) throws Exception {
    for (int round = 0; round < rounds; round++) {
      List<Bytes> batch = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        batch.add(enrolment((round + i) % members).encoded());
      }
      RaftNode entry = nodes.get(round % members);
      List<Receipt> receipts =
          Receipt.decodeAll(
              entry
                  .replicate(new Proposal(1_700_000_000_000L + round, batch).encode())
                  .get(60, TimeUnit.SECONDS));
      assertThat(receipts).allSatisfy(r -> assertThat(r.result().accepted()).isTrue());
    }
  }

  /** A new field agent of consortium member {@code member}, enrolled by its admin. */
  Transaction enrolment(int member) {
    return consortium.fieldAgentEnrolment(member);
  }

  /**
   * Waits until the first {@code members} ledgers hold {@code treeSize} entries, then checks that
   * they have identical block headers, hence identical Merkle roots and state hashes.
   */
  void assertIdenticalLedgers(int members, long treeSize) throws InterruptedException {
    List<RocksLedgerStore> ledgers = stores.subList(0, members);
    // A reply means the entry is applied where the client sent it; followers may lag a little.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!ledgers.stream().allMatch(s -> s.head().orElseThrow().treeSize() == treeSize)
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    BlockHeader expected = ledgers.get(0).head().orElseThrow();
    assertThat(expected.treeSize()).isEqualTo(treeSize);
    for (RocksLedgerStore store : ledgers) {
      assertThat(store.head()).contains(expected);
      for (long height = 0; height <= expected.height(); height++) {
        assertThat(store.rawHeader(height)).isEqualTo(ledgers.get(0).rawHeader(height));
      }
    }
  }

  @Override
  public void close() throws IOException {
    for (RaftNode node : nodes) {
      node.close();
    }
    for (RocksLedgerStore store : stores) {
      store.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
