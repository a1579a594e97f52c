package org.haven.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteVerifier;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.checkpoint.Witness;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.ledger.BlockExecutor;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.state.LedgerState;
import org.haven.core.testing.TestConsortium;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.Transaction;
import org.haven.storage.RocksLedgerStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members in one real Ratis group, each with its own RocksDB ledger, node key and witness.
 * One member's executor is made to differ: it drops one transaction the others accept, so its log
 * and roots diverge from then on. The honest majority still makes checkpoints final, reports the
 * divergent member, and never cosigns its checkpoints; the divergent member refuses theirs.
 */
class WitnessedCheckpointsTest {
  private static final RaftNode.Timeouts LAN =
      new RaftNode.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));
  private static final long ROUND_INTERVAL_MILLIS = 200;
  private static final int BAD = 2;

  @TempDir Path dir;

  private final TestConsortium consortium = TestConsortium.withMembers(3);
  private final Set<Hash> droppedByBadMember = ConcurrentHashMap.newKeySet();
  private final List<RocksLedgerStore> stores = new ArrayList<>();
  private final List<CheckpointWitness> witnesses = new ArrayList<>();
  private final List<RaftNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    witnesses.forEach(CheckpointWitness::close);
    for (RaftNode node : nodes) {
      node.close();
    }
    stores.forEach(RocksLedgerStore::close);
  }

  @Test
  void honestMajorityFinalisesAndReportsTheDivergentMember() throws Exception {
    startMembers();

    // Three blocks every member executes alike, then one the bad member executes differently.
    long agreedWork = 0;
    for (int round = 0; round < 3; round++) {
      agreedWork = enrolOneOfficerPerMember(round);
    }
    awaitFinal(0, agreedWork);
    BlockCheckpoint agreed = finalCheckpoint(0).orElseThrow();
    Transaction dropped = enrolment(0);
    droppedByBadMember.add(dropped.id());
    submit(0, List.of(dropped.encoded()));
    long workDone = enrolOneOfficerPerMember(3);

    awaitFinal(0, workDone);
    awaitFinal(1, workDone);
    await(() -> reported(0, consortium.member(BAD)) && reported(1, consortium.member(BAD)));
    await(() -> reportedAny(BAD));

    // The honest members' final checkpoint carries their two signatures, never the bad member's.
    for (int honest = 0; honest < 2; honest++) {
      SignedNote note =
          LedgerState.readOnly(stores.get(honest)).finalCheckpointNote().orElseThrow();
      assertThat(note.verifiedSigners(memberVerifiers()))
          .contains(verifier(0), verifier(1))
          .doesNotContain(verifier(BAD));
      assertThat(Checkpoint.parseBody(note.text()).treeSize()).isGreaterThanOrEqualTo(workDone);
    }
    // No honest member's cosignature was accepted by the bad member's ledger after the fork, so
    // its own checkpoints never became final there.
    assertThat(finalCheckpoint(BAD).orElseThrow().treeSize())
        .isLessThanOrEqualTo(agreed.treeSize());
    // The bad member, shown the honest final checkpoint, refuses to cosign it.
    BlockCheckpoint honestFinal = finalCheckpoint(0).orElseThrow();
    LedgerState badState = LedgerState.readOnly(stores.get(BAD));
    Witness badWitness =
        new Witness(
            consortium.genesis().origin(),
            consortium.nodeSigner(consortium.member(BAD)),
            witnesses.get(BAD).lastCosigned());
    Optional<BlockCheckpoint> badOwn =
        stores.get(BAD).rawHeader(honestFinal.height()).map(WitnessedCheckpointsTest::checkpointOf);
    assertThat(badWitness.consider(honestFinal, badOwn, badState.log()))
        .isInstanceOfSatisfying(
            Witness.Refused.class,
            refused -> assertThat(refused.refusal()).isEqualTo(Witness.Refusal.DIVERGES));
    // What each honest node reports names the member, the size and both roots.
    CheckpointWitness.Divergence divergence =
        witnesses.get(0).divergences().stream()
            .filter(d -> d.member().equals(consortium.member(BAD)))
            .findFirst()
            .orElseThrow();
    assertThat(divergence.kind()).isEqualTo(RejectReason.CHECKPOINT_DIVERGES);
    assertThat(divergence.otherRoot()).isPresent().get().isNotEqualTo(divergence.theirRoot());
    assertThat(divergence.otherRoot())
        .contains(LedgerState.readOnly(stores.get(0)).log().rootAt(divergence.treeSize()));
  }

  private void startMembers() throws IOException {
    List<RaftNode.Peer> peers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      peers.add(new RaftNode.Peer("m" + i, "127.0.0.1:" + freePort()));
    }
    for (int i = 0; i < 3; i++) {
      OrgId member = consortium.member(i);
      RocksLedgerStore store = RocksLedgerStore.open(dir.resolve("m" + i + "/ledger"));
      stores.add(store);
      Function<Checkpoint, String> sign =
          checkpoint -> consortium.nodeSigner(member).sign(checkpoint.body()).format();
      LedgerStateMachine.ensureGenesis(store, consortium.genesis(), sign);
      int index = i;
      CheckpointWitness witness =
          CheckpointWitness.open(
              store,
              member,
              consortium.nodeKey(member),
              consortium.chainId(),
              dir.resolve("m" + i + "/witness/last-cosigned.note"),
              ROUND_INTERVAL_MILLIS,
              Clock.systemUTC());
      witness.start(
          tx ->
              nodes
                  .get(index)
                  .replicate(new Proposal(System.currentTimeMillis(), List.of(tx)).encode())
                  .thenApply(WitnessedCheckpointsTest::onlyReceipt));
      witnesses.add(witness);
      BlockExecutor executor =
          i == BAD
              ? new BlockExecutor(consortium.chainId(), this::decodeDroppingSome)
              : new BlockExecutor(consortium.chainId());
      LedgerStateMachine machine =
          new LedgerStateMachine(
              store,
              executor,
              consortium.genesis().origin(),
              sign,
              witness,
              head -> {},
              received -> Optional.empty());
      Files.createDirectories(dir.resolve("m" + i + "/raft"));
      nodes.add(
          RaftNode.start(
              "m" + i,
              peers,
              consortium.chainId(),
              dir.resolve("m" + i + "/raft"),
              machine,
              LAN,
              RaftNode.LogRetention.DEFAULT,
              Optional.empty()));
    }
  }

  /** The bad member's executor: it treats chosen transactions as undecodable, the others don't. */
  private Transaction decodeDroppingSome(Bytes encoded) throws DecodeException {
    Transaction tx = Transaction.decode(encoded);
    if (droppedByBadMember.contains(tx.id())) {
      throw new DecodeException(0, "dropped by the divergent member under test");
    }
    return tx;
  }

  /** Returns the honest members' tree size after the block. */
  private long enrolOneOfficerPerMember(int round) throws Exception {
    List<Bytes> batch = new ArrayList<>();
    for (int member = 0; member < 3; member++) {
      batch.add(enrolment(member).encoded());
    }
    return submit(round % 2, batch);
  }

  private Transaction enrolment(int member) {
    return consortium.fieldAgentEnrolment(member);
  }

  /**
   * Submits a batch; returns the size the honest members' log has once it holds the batch. Replies
   * come from the leader, which may be the divergent member, so they are not trusted here.
   */
  private long submit(int via, List<Bytes> batch) throws Exception {
    nodes
        .get(via)
        .replicate(new Proposal(System.currentTimeMillis(), batch).encode())
        .get(60, TimeUnit.SECONDS);
    Hash last = Transaction.decode(batch.get(batch.size() - 1)).id();
    LedgerState honest = LedgerState.readOnly(stores.get(0));
    await(() -> honest.transactionIndex(last).isPresent());
    return honest.transactionIndex(last).orElseThrow() + 1;
  }

  private Optional<BlockCheckpoint> finalCheckpoint(int member) {
    return LedgerState.readOnly(stores.get(member)).checkpoints().finalCheckpoint();
  }

  private void awaitFinal(int member, long treeSize) throws InterruptedException {
    await(() -> finalCheckpoint(member).map(c -> c.treeSize() >= treeSize).orElse(false));
  }

  private boolean reported(int by, OrgId member) {
    return witnesses.get(by).divergences().stream().anyMatch(d -> d.member().equals(member));
  }

  private boolean reportedAny(int by) {
    return !witnesses.get(by).divergences().isEmpty();
  }

  /** Polls {@code condition} for up to two minutes: the machine is slow and shared. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited two minutes").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private List<NoteVerifier> memberVerifiers() {
    return List.of(verifier(0), verifier(1), verifier(2));
  }

  private NoteVerifier verifier(int member) {
    return consortium.nodeSigner(consortium.member(member)).verifier();
  }

  private static Receipt onlyReceipt(byte[] reply) {
    try {
      return Receipt.decodeAll(reply).get(0);
    } catch (DecodeException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BlockCheckpoint checkpointOf(Bytes rawHeader) {
    try {
      return BlockCheckpoint.of(BlockHeader.decode(rawHeader));
    } catch (DecodeException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
