package org.haven.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteSigner;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.identity.Role;
import org.haven.core.ledger.BlockExecutor;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.testing.TestConsortium;
import org.haven.core.tx.EnrolOfficer;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.Validation;
import org.haven.storage.RocksLedgerStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real single-member Ratis group over gRPC on loopback, with the ledger in RocksDB. */
class LedgerStateMachineTest {
  /** Loopback: a LAN's timeouts keep the test fast. */
  private static final RaftNode.Timeouts LAN =
      new RaftNode.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));

  @TempDir Path dir;

  private final TestConsortium consortium = TestConsortium.withMembers(1);
  private final NoteSigner noteSigner =
      new NoteSigner(consortium.member(0).value(), consortium.newKey());
  private final Function<Checkpoint, String> signer =
      checkpoint -> noteSigner.sign(checkpoint.body()).format();
  private int port;
  private RocksLedgerStore store;
  private LedgerStateMachine machine;
  private RaftNode raft;

  @BeforeEach
  void pickPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
  }

  private void start() throws IOException {
    store = RocksLedgerStore.open(dir.resolve("ledger"));
    LedgerStateMachine.ensureGenesis(store, consortium.genesis(), signer);
    machine =
        new LedgerStateMachine(
            store,
            new BlockExecutor(consortium.chainId()),
            consortium.genesis().origin(),
            signer,
            block -> {},
            head -> {},
            received -> Optional.empty());
    Files.createDirectories(dir.resolve("raft"));
    raft =
        RaftNode.start(
            "n1",
            List.of(new RaftNode.Peer("n1", "127.0.0.1:" + port)),
            consortium.chainId(),
            dir.resolve("raft"),
            machine,
            LAN,
            RaftNode.LogRetention.DEFAULT,
            Optional.empty());
  }

  private void stop() throws IOException {
    if (raft != null) {
      raft.close();
      raft = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }

  @AfterEach
  void tearDown() throws IOException {
    stop();
  }

  private Transaction enrolment() {
    return consortium.sign(
        consortium.admin(0),
        new EnrolOfficer(consortium.anOfficer(Role.FIELD_AGENT).unenrolled().officer()));
  }

  private List<Receipt> replicate(List<Transaction> txs) throws Exception {
    List<Bytes> encoded = new ArrayList<>();
    txs.forEach(tx -> encoded.add(tx.encoded()));
    byte[] reply =
        raft.replicate(new Proposal(System.currentTimeMillis(), encoded).encode())
            .get(30, TimeUnit.SECONDS);
    return Receipt.decodeAll(reply);
  }

  @Test
  void commitsOneBlockPerProposalAndSignsItsCheckpoint() throws Exception {
    start();
    Transaction first = enrolment();
    List<Receipt> receipts = replicate(List.of(first, enrolment(), first));

    assertThat(receipts).hasSize(3);
    assertThat(receipts.get(0).result().accepted()).isTrue();
    assertThat(receipts.get(1).result().logIndex()).isEqualTo(1);
    assertThat(receipts.get(2).result().validation())
        .isInstanceOfSatisfying(
            Validation.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectReason.DUPLICATE_ID));
    BlockHeader head = store.head().orElseThrow();
    assertThat(head.height()).isEqualTo(1);
    assertThat(head.treeSize()).isEqualTo(2);
    assertThat(receipts.get(0).blockHeight()).isEqualTo(1);
    SignedNote note = SignedNote.parse(store.checkpoint(1).orElseThrow());
    assertThat(note.verifiedBy(noteSigner.verifier())).isTrue();
    assertThat(Checkpoint.parseBody(note.text()))
        .isEqualTo(head.checkpoint(consortium.genesis().origin()));
  }

  @Test
  void restartReplaysNothingTwiceAndKeepsCommitting() throws Exception {
    start();
    replicate(List.of(enrolment(), enrolment()));
    replicate(List.of(enrolment()));
    BlockHeader before = store.head().orElseThrow();
    long appliedBefore = store.applied().index();
    stop();

    start();
    assertThat(store.head()).contains(before);
    assertThat(store.applied().index()).isGreaterThanOrEqualTo(appliedBefore);
    List<Receipt> after = replicate(List.of(enrolment()));
    assertThat(after.get(0).result().logIndex()).isEqualTo(before.treeSize());
    assertThat(store.head().orElseThrow().height()).isEqualTo(before.height() + 1);
  }

  @Test
  void restartWithoutSnapshotReplaysTheRaftLogOverTheDurableLedger() throws Exception {
    start();
    replicate(List.of(enrolment()));
    replicate(List.of(enrolment(), enrolment()));
    BlockHeader before = store.head().orElseThrow();
    stop();
    // As after kill -9 before any snapshot: RocksDB is ahead of the latest Raft snapshot.
    deleteRaftSnapshots();

    start();
    assertThat(store.head()).contains(before);
    List<Receipt> after = replicate(List.of(enrolment()));
    assertThat(after.get(0).result().accepted()).isTrue();
    assertThat(store.head().orElseThrow().height()).isEqualTo(before.height() + 1);
  }

  @Test
  void aLedgerThatLostItsLatestBlocksGetsThemBackFromTheRaftLog() throws Exception {
    start();
    replicate(List.of(enrolment()));
    Path earlier = dir.resolve("earlier");
    store.checkpointTo(earlier);
    replicate(List.of(enrolment(), enrolment()));
    replicate(List.of(enrolment()));
    BlockHeader before = store.head().orElseThrow();
    stop();
    // As after a power cut that lost the tail of RocksDB's unsynced WAL: the ledger is back at
    // block 1, while the synced Raft log still holds the later entries.
    deleteTree(dir.resolve("ledger"));
    Files.move(earlier, dir.resolve("ledger"));
    deleteRaftSnapshots();

    start();
    List<Receipt> after = replicate(List.of(enrolment()));

    assertThat(store.rawHeader(before.height())).contains(before.encode());
    assertThat(after.get(0).result().logIndex()).isEqualTo(before.treeSize());
    assertThat(store.head().orElseThrow().height()).isEqualTo(before.height() + 1);
  }

  private void deleteRaftSnapshots() throws IOException {
    try (Stream<Path> walk = Files.walk(dir.resolve("raft"))) {
      for (Path snapshot :
          walk.filter(p -> p.getFileName().toString().startsWith("snapshot-")).toList()) {
        deleteTree(snapshot);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void snapshotIsACheckpointOfTheLedgerAtTheAppliedIndex() throws Exception {
    start();
    replicate(List.of(enrolment()));
    long index = machine.takeSnapshot();

    assertThat(index).isGreaterThanOrEqualTo(store.applied().index());
    assertThat(machine.getLatestSnapshot().getIndex()).isEqualTo(index);
    Path snapshotDir = machine.getLatestSnapshot().getFiles().get(0).getPath().getParent();
    BlockHeader head = store.head().orElseThrow();
    stop();
    try (RocksLedgerStore copy = RocksLedgerStore.openReadOnly(snapshotDir)) {
      assertThat(copy.head()).contains(head);
    }
  }

  @Test
  void aProposalThatDoesNotDecodeIsRejectedWithoutABlock() throws Exception {
    start();
    byte[] reply = raft.replicate(new byte[] {9, 9, 9}).get(30, TimeUnit.SECONDS);
    List<Receipt> receipts = Receipt.decodeAll(reply);
    assertThat(receipts).hasSize(1);
    assertThat(receipts.get(0).result().validation())
        .isInstanceOfSatisfying(
            Validation.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED));
    assertThat(store.head().orElseThrow().height()).isZero();
  }
}
