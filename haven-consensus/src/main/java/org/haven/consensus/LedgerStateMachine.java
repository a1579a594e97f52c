package org.haven.consensus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.ledger.Block;
import org.haven.core.ledger.BlockExecutor;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.ledger.Genesis;
import org.haven.core.ledger.TxResult;
import org.haven.core.state.PendingWrites;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.Validation;
import org.haven.storage.RocksLedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated state machine: each committed Raft entry is one {@link Proposal}, executed into a
 * block and written to RocksDB in one atomic batch together with the Raft index it came from.
 * Replaying an entry that is already on disk is therefore a no-op, and a restart after {@code kill
 * -9} resumes exactly after the last durable block.
 *
 * <p>A snapshot is a RocksDB checkpoint (hard links) of the ledger at the applied index: the state
 * is already durable, so taking one costs no serialisation.
 */
public final class LedgerStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerStateMachine.class);
  private static final String SNAPSHOT_PREFIX = "snapshot-";
  private static final int SNAPSHOTS_KEPT = 2;

  private final RocksLedgerStore store;
  private final BlockExecutor executor;
  private final String origin;
  private final Function<Checkpoint, String> checkpointSigner;
  private final Listener listener;
  private volatile Path snapshotRoot;

  /** Told what each applied Raft entry did, on the apply thread; each call must be quick. */
  @FunctionalInterface
  public interface Listener {
    /** A block was committed. */
    void onBlock(Block block);

    /**
     * A transaction that reached consensus was refused when its block executed. Every node refuses
     * the same ones, except a node whose state diverged.
     */
    default void onRejected(Bytes transaction, Validation.Rejected rejection) {}
  }

  /**
   * @param checkpointSigner signs the checkpoint after each block as a C2SP signed note
   * @param listener told of every committed block and every transaction refused at execution
   */
  public LedgerStateMachine(
      RocksLedgerStore store,
      BlockExecutor executor,
      String origin,
      Function<Checkpoint, String> checkpointSigner,
      Listener listener) {
    this.store = store;
    this.executor = executor;
    this.origin = origin;
    this.checkpointSigner = checkpointSigner;
    this.listener = listener;
  }

  /**
   * Writes the genesis block into an empty store, signing its checkpoint of the empty log.
   *
   * @return the genesis hash block 0 links to: the given genesis's hash unless the store already
   *     holds another ledger
   */
  public static Hash ensureGenesis(
      RocksLedgerStore store, Genesis genesis, Function<Checkpoint, String> checkpointSigner) {
    Optional<Bytes> block0 = store.rawHeader(0);
    if (block0.isPresent()) {
      try {
        return BlockHeader.decode(block0.get()).previous();
      } catch (DecodeException e) {
        throw new IllegalStateException(
            "The stored genesis block is corrupt: " + e.getMessage(), e);
      }
    }
    PendingWrites pending = new PendingWrites(store);
    Block block = BlockExecutor.genesisBlock(genesis, pending);
    String note = checkpointSigner.apply(block.header().checkpoint(genesis.origin()));
    store.commitBlock(block, pending, note, 0, -1);
    LOG.info("Wrote the genesis block of ledger {}", genesis.hash());
    return genesis.hash();
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    snapshotRoot = raftStorage.getStorageDir().getStateMachineDir().toPath();
    Files.createDirectories(snapshotRoot);
    // Ratis replays its log from the latest snapshot and insists that the applied index never
    // goes back, so start from the snapshot, not from the (possibly later) index in RocksDB:
    // entries up to that one are skipped in applyTransaction.
    SnapshotInfo snapshot = getLatestSnapshot();
    if (snapshot != null) {
      updateLastAppliedTermIndex(snapshot.getTerm(), snapshot.getIndex());
    }
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long term = entry.getTerm();
    long index = entry.getIndex();
    if (index <= store.applied().index()) {
      updateLastAppliedTermIndex(term, index);
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
    byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
    try {
      byte[] reply = apply(data, term, index);
      updateLastAppliedTermIndex(term, index);
      return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
    } catch (RuntimeException e) {
      LOG.error(
          "Failed to apply Raft entry {} (term {}); this node stops applying", index, term, e);
      return CompletableFuture.failedFuture(e);
    }
  }

  private byte[] apply(byte[] data, long term, long index) {
    Proposal proposal;
    try {
      proposal = Proposal.decode(data);
    } catch (DecodeException e) {
      store.commitApplied(term, index);
      return Receipt.encodeAll(
          List.of(
              new TxResult(
                  Optional.empty(),
                  Validation.reject(RejectReason.MALFORMED, "proposal: " + e.getMessage()),
                  -1)),
          -1);
    }
    BlockHeader head =
        store
            .head()
            .orElseThrow(() -> new IllegalStateException("the ledger has no genesis block"));
    PendingWrites pending = new PendingWrites(store);
    BlockExecutor.Outcome outcome =
        executor.execute(head, proposal.timestampMillis(), proposal.transactions(), pending);
    if (outcome.block().isEmpty()) {
      store.commitApplied(term, index);
      reportRejections(proposal, outcome.results());
      return Receipt.encodeAll(outcome.results(), -1);
    }
    Block block = outcome.block().get();
    BlockHeader header = block.header();
    String note = checkpointSigner.apply(header.checkpoint(origin));
    store.commitBlock(block, pending, note, term, index);
    listener.onBlock(block);
    reportRejections(proposal, outcome.results());
    return Receipt.encodeAll(outcome.results(), header.height());
  }

  private void reportRejections(Proposal proposal, List<TxResult> results) {
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).validation() instanceof Validation.Rejected rejected) {
        listener.onRejected(proposal.transactions().get(i), rejected);
      }
    }
  }

  @Override
  public long takeSnapshot() throws IOException {
    // Labelled with the index Ratis has applied. While Ratis replays entries that RocksDB already
    // holds, the ledger may be ahead of that label; installing such a snapshot is still correct,
    // because entries up to the ledger's own index are skipped.
    TermIndex applied = getLastAppliedTermIndex();
    if (applied == null || applied.getIndex() < 0) {
      return -1;
    }
    Path target =
        snapshotRoot.resolve(SNAPSHOT_PREFIX + applied.getTerm() + "-" + applied.getIndex());
    if (!Files.exists(target)) {
      store.checkpointTo(target);
      LOG.info("Took snapshot of the ledger at Raft index {} in {}", applied.getIndex(), target);
    }
    List<Path> snapshots = snapshots();
    for (int i = 0; i < snapshots.size() - SNAPSHOTS_KEPT; i++) {
      deleteTree(snapshots.get(i));
    }
    return applied.getIndex();
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    if (snapshotRoot == null) {
      return null;
    }
    List<Path> snapshots = snapshots();
    if (snapshots.isEmpty()) {
      return null;
    }
    Path latest = snapshots.get(snapshots.size() - 1);
    TermIndex termIndex = termIndexOf(latest);
    try (Stream<Path> files = Files.list(latest)) {
      List<FileInfo> infos =
          files.map(file -> new FileInfo(file, null)).collect(Collectors.toList());
      return new FileListSnapshotInfo(infos, termIndex);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to list snapshot " + latest, e);
    }
  }

  private List<Path> snapshots() {
    try (Stream<Path> entries = Files.list(snapshotRoot)) {
      List<Path> found =
          entries
              .filter(p -> p.getFileName().toString().startsWith(SNAPSHOT_PREFIX))
              .collect(Collectors.toCollection(ArrayList::new));
      found.sort(Comparator.comparingLong(p -> termIndexOf(p).getIndex()));
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to list snapshots in " + snapshotRoot, e);
    }
  }

  private static TermIndex termIndexOf(Path snapshot) {
    String[] parts =
        snapshot.getFileName().toString().substring(SNAPSHOT_PREFIX.length()).split("-");
    return TermIndex.valueOf(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(path);
      }
    }
  }
}
