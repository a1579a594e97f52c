package org.haven.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteSigner;
import org.haven.core.identity.Role;
import org.haven.core.ledger.BlockExecutor;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.testing.TestConsortium;
import org.haven.core.tx.EnrolOfficer;
import org.haven.storage.RocksLedgerStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members in one Ratis group over gRPC on loopback, each with its own RocksDB ledger and node
 * key: the path a consortium runs. Every member executes every block itself and reaches the same
 * headers, Merkle roots and state hashes.
 */
class ThreeMemberGroupTest {
  /** Loopback: a LAN's timeouts keep the test fast. */
  private static final RaftNode.Timeouts LAN =
      new RaftNode.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));

  @TempDir Path dir;

  private final TestConsortium consortium = TestConsortium.withMembers(3);
  private final List<RocksLedgerStore> stores = new ArrayList<>();
  private final List<RaftNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (RaftNode node : nodes) {
      node.close();
    }
    for (RocksLedgerStore store : stores) {
      store.close();
    }
  }

  @Test
  void everyMemberExecutesTheSameBlocksToTheSameRoots() throws Exception {
    List<RaftNode.Peer> peers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      peers.add(new RaftNode.Peer("m" + i, "127.0.0.1:" + freePort()));
    }
    for (int i = 0; i < 3; i++) {
      RocksLedgerStore store = RocksLedgerStore.open(dir.resolve("m" + i + "/ledger"));
      NoteSigner signer = new NoteSigner(consortium.member(i).value(), consortium.newKey());
      Function<Checkpoint, String> sign = checkpoint -> signer.sign(checkpoint.body()).format();
      LedgerStateMachine.ensureGenesis(store, consortium.genesis(), sign);
      LedgerStateMachine machine =
          new LedgerStateMachine(
              store,
              new BlockExecutor(consortium.chainId()),
              consortium.genesis().origin(),
              sign,
              block -> {},
              head -> {});
      Files.createDirectories(dir.resolve("m" + i + "/raft"));
      stores.add(store);
      nodes.add(
          RaftNode.start(
              "m" + i,
              peers,
              consortium.chainId(),
              dir.resolve("m" + i + "/raft"),
              machine,
              LAN,
              RaftNode.LogRetention.DEFAULT));
    }

    for (int round = 0; round < 10; round++) {
      List<Bytes> batch = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        int member = (round + i) % 3;
        batch.add(
            consortium
                .sign(
                    consortium.admin(member),
                    new EnrolOfficer(
                        consortium
                            .anOfficer(Role.FIELD_AGENT)
                            .of(consortium.member(member))
                            .unenrolled()
                            .officer()))
                .encoded());
      }
      RaftNode entry = nodes.get(round % 3);
      List<Receipt> receipts =
          Receipt.decodeAll(
              entry
                  .replicate(new Proposal(1_700_000_000_000L + round, batch).encode())
                  .get(30, TimeUnit.SECONDS));
      assertThat(receipts).allSatisfy(r -> assertThat(r.result().accepted()).isTrue());
    }

    // A reply means the entry is applied where the client sent it; followers may lag a little.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!stores.stream().allMatch(s -> s.head().orElseThrow().treeSize() == 50)
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    BlockHeader expected = stores.get(0).head().orElseThrow();
    assertThat(expected.treeSize()).isEqualTo(50);
    for (RocksLedgerStore store : stores) {
      assertThat(store.head()).contains(expected);
      for (long height = 0; height <= expected.height(); height++) {
        assertThat(store.rawHeader(height)).isEqualTo(stores.get(0).rawHeader(height));
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
