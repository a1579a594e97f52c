package org.haven.consensus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
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
import org.apache.ratis.util.LifeCycle;
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
import org.haven.storage.CheckpointFiles;
import org.haven.storage.Directories;
import org.haven.storage.RocksLedgerStore;
import org.haven.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated state machine: each committed Raft entry is one {@link Proposal}, executed into a
 * block and written to RocksDB in one atomic batch together with the Raft index it came from.
 * Replaying an entry that is already on disk is therefore a no-op, and a restart after {@code kill
 * -9} resumes exactly after the last durable block.
 *
 * <p>A snapshot is a RocksDB checkpoint (hard links) of the ledger at the applied index: the state
 * is already durable, so taking one costs no serialisation. A member too far behind for the
 * leader's log receives the leader's latest snapshot instead; Ratis writes its files into this
 * member's state machine directory and then calls {@link #reinitialize}, which replaces the ledger
 * with it and reopens RocksDB.
 */
public final class LedgerStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerStateMachine.class);
  private static final String SNAPSHOT_PREFIX = "snapshot-";

  /**
   * A finished snapshot's directory, {@code snapshot-<term>-<index>}. A snapshot is built under
   * another name and renamed when complete, so a leader never sends a half-written one.
   */
  private static final Pattern SNAPSHOT_NAME = Pattern.compile("snapshot-\\d+-\\d+");

  private static final String STAGING_PREFIX = "staging-";
  private static final int SNAPSHOTS_KEPT = 2;

  /**
   * After a snapshot fails, the least time before the next try. Ratis asks for a snapshot after
   * every batch of entries while one is due, and logged each failure with its stack trace: a member
   * with a corrupt file once wrote 146,000 of them in 42 s.
   */
  static final long SNAPSHOT_RETRY_NANOS = TimeUnit.SECONDS.toNanos(60);

  /**
   * Ratis writes an MD5 file beside each file of a snapshot it received; not part of the ledger.
   */
  private static final String RATIS_DIGEST_SUFFIX = ".md5";

  /**
   * In each snapshot: the Raft index the ledger in it has applied, in decimal. Ratis labels a
   * snapshot with its own applied index, which also counts entries that never reach the ledger
   * (configuration changes), so the label alone cannot say whether the ledger is behind.
   */
  private static final String LEDGER_INDEX_FILE = "ledger-index";

  private final RocksLedgerStore store;
  private final BlockExecutor executor;
  private final String origin;
  private final Function<Checkpoint, String> checkpointSigner;
  private final Listener listener;
  private final Consumer<BlockHeader> onInstalled;
  private final Function<RocksLedgerStore, Optional<String>> snapshotCheck;
  private volatile Path snapshotRoot;
  private volatile long installedIndex = -1;
  private volatile Optional<String> refused = Optional.empty();
  private volatile Optional<String> fault = Optional.empty();

  // Touched only by Ratis's state machine updater thread, which takes the snapshots.
  private long snapshotFailedAtNanos;
  private long snapshotsSkipped;
  private boolean snapshotFailed;
  private final Object applying = new Object();
  private boolean stopped;

  /**
   * Snapshots as this member sees them.
   *
   * @param latestIndex the Raft index of the newest snapshot this member holds, or -1
   * @param installedIndex the Raft index of the last snapshot installed into the ledger since this
   *     member started (received from the leader, or left half-installed by a crash), or -1
   * @param refused why this member refused to install a snapshot, if it did
   */
  public record Snapshots(long latestIndex, long installedIndex, Optional<String> refused) {}

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

    /** A snapshot failed its checks and was not installed; this member stops following. */
    default void onSnapshotRefused(String reason) {}

    /**
     * The ledger failed under this machine: an entry could not be applied, or RocksDB found the
     * ledger's files corrupt while taking a snapshot. Told once per fault.
     */
    default void onFault(String problem) {}
  }

  /**
   * @param checkpointSigner signs the checkpoint after each block as a C2SP signed note
   * @param listener told of every committed block and every transaction refused at execution
   * @param onInstalled told of the new head block after a snapshot replaced the ledger, so that
   *     whatever the node derives from the ledger catches up with blocks it was not told of
   * @param snapshotCheck told the ledger of a snapshot about to be installed, opened aside, after
   *     its files passed their checksums; says what is wrong with it (the node's check recomputes
   *     it up to a final checkpoint's root)
   */
  public LedgerStateMachine(
      RocksLedgerStore store,
      BlockExecutor executor,
      String origin,
      Function<Checkpoint, String> checkpointSigner,
      Listener listener,
      Consumer<BlockHeader> onInstalled,
      Function<RocksLedgerStore, Optional<String>> snapshotCheck) {
    this.store = store;
    this.executor = executor;
    this.origin = origin;
    this.checkpointSigner = checkpointSigner;
    this.listener = listener;
    this.onInstalled = onInstalled;
    this.snapshotCheck = snapshotCheck;
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
    getLifeCycle()
        .startAndTransition(
            () -> {
              super.initialize(server, groupId, raftStorage);
              snapshotRoot = raftStorage.getStorageDir().getStateMachineDir().toPath();
              Files.createDirectories(snapshotRoot);
              loadLatestSnapshot();
            },
            IOException.class);
  }

  /**
   * Ratis pauses the machine before it writes each chunk of a snapshot from the leader into its
   * directory, so pausing a paused machine changes nothing.
   */
  @Override
  public void pause() {
    if (getLifeCycle().compareAndTransition(LifeCycle.State.RUNNING, LifeCycle.State.PAUSING)) {
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** After Ratis has written a snapshot from the leader: installs it into the ledger. */
  @Override
  public void reinitialize() throws IOException {
    loadLatestSnapshot();
    getLifeCycle().transition(LifeCycle.State.STARTING);
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  /**
   * Ratis replays its log from the latest snapshot and insists that the applied index never goes
   * back, so this starts from the snapshot, not from the (possibly later) index in RocksDB: entries
   * up to that one are skipped in applyTransaction. A ledger behind the snapshot (one received from
   * the leader, or this member's own when a crash interrupted its installation) is replaced by it
   * first, since the entries in between are no longer in the log, but only once the snapshot has
   * passed its checks: its files' checksums ({@link CheckpointFiles}), then {@code snapshotCheck}
   * on its ledger.
   *
   * @throws IOException if the snapshot failed a check: the ledger is unchanged, and Ratis stops
   *     this member's part in the group (at start, the node does not start)
   */
  private void loadLatestSnapshot() throws IOException {
    SnapshotInfo snapshot = getLatestSnapshot();
    if (snapshot == null) {
      return;
    }
    Path files = snapshotDir(snapshot.getTermIndex());
    long snapshotLedgerIndex = ledgerIndexOf(files);
    if (store.applied().index() < snapshotLedgerIndex) {
      LOG.info(
          "The ledger is at Raft index {}, behind the snapshot at {}; checking and installing {}",
          store.applied().index(),
          snapshotLedgerIndex,
          files);
      Optional<String> problem = checkAndInstall(files);
      if (problem.isPresent()) {
        throw refuse(snapshot.getIndex(), files, problem.get());
      }
      BlockHeader head =
          store
              .head()
              .orElseThrow(
                  () -> new IllegalStateException("The snapshot in " + files + " holds no blocks"));
      installedIndex = snapshot.getIndex();
      LOG.info(
          "Installed snapshot {} of the ledger: Raft index {}, block {}, tree size {}",
          snapshot.getIndex(),
          store.applied().index(),
          head.height(),
          head.treeSize());
      onInstalled.accept(head);
    }
    setLastAppliedTermIndex(snapshot.getTermIndex());
  }

  /** Installs the snapshot in {@code files} if it passes its checks; else says what failed. */
  private Optional<String> checkAndInstall(Path files) {
    try {
      Optional<String> damaged = CheckpointFiles.check(files, name -> !isRatisOnly(name));
      if (damaged.isPresent()) {
        return damaged;
      }
      return store.replaceWith(files, name -> !isRatisOnly(name), snapshotCheck);
    } catch (StorageException e) {
      return Optional.of(e.getMessage());
    }
  }

  private IOException refuse(long index, Path files, String problem) {
    String reason = "snapshot " + index + " of the ledger failed verification: " + problem;
    refused = Optional.of(reason);
    LOG.error(
        "Refused to install a snapshot: {}. The ledger stays at block {} and this member stops"
            + " following the group: it serves nothing from the snapshot and cosigns nothing."
            + " Report the member that sent it; to receive the ledger anew, stop the node, remove its raft/ and ledger/"
            + " directories and start it again.",
        reason,
        store.head().map(BlockHeader::height).orElse(0L));
    listener.onSnapshotRefused(reason);
    return new IOException("Refused to install " + reason + " (" + files + ")");
  }

  /** The newest snapshot held here, the last one installed into the ledger, and any refusal. */
  public Snapshots snapshotStatus() {
    SnapshotInfo latest = getLatestSnapshot();
    return new Snapshots(latest == null ? -1 : latest.getIndex(), installedIndex, refused);
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long term = entry.getTerm();
    long index = entry.getIndex();
    synchronized (applying) {
      if (stopped) {
        // The node is stopping and its store may be closed: the entry stays in the synced Raft
        // log, and is applied at the next start, since the ledger's applied index is behind it.
        return CompletableFuture.completedFuture(Message.EMPTY);
      }
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
        fault("stopped applying at Raft entry " + index + ": " + e.getMessage());
        return CompletableFuture.failedFuture(e);
      }
    }
  }

  /**
   * Stops applying entries and taking snapshots, once the entry being applied is done: the first
   * step of a clean stop, before what applied blocks are told to (the witness) and the ledger's
   * store close. Entries committed after this are applied at the next start.
   */
  public void stopApplying() {
    synchronized (applying) {
      stopped = true;
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
    synchronized (applying) {
      return stopped ? -1 : snapshotNow();
    }
  }

  private long snapshotNow() throws IOException {
    // Labelled with the index Ratis has applied. While Ratis replays entries that RocksDB already
    // holds, the ledger may be ahead of that label; installing such a snapshot is still correct,
    // because entries up to the ledger's own index are skipped.
    TermIndex applied = getLastAppliedTermIndex();
    if (applied == null || applied.getIndex() < 0) {
      return -1;
    }
    Path target = snapshotDir(applied);
    if (!Files.exists(target)) {
      if (snapshotFailed && System.nanoTime() - snapshotFailedAtNanos < SNAPSHOT_RETRY_NANOS) {
        snapshotsSkipped++;
        return -1;
      }
      try {
        writeSnapshot(target);
      } catch (StorageException | IOException e) {
        snapshotFailure(applied.getIndex(), e);
        return -1;
      }
      snapshotFailed = false;
      LOG.info("Took snapshot of the ledger at Raft index {} in {}", applied.getIndex(), target);
    }
    List<Path> snapshots = snapshots();
    for (int i = 0; i < snapshots.size() - SNAPSHOTS_KEPT; i++) {
      Directories.deleteTree(snapshots.get(i));
    }
    return applied.getIndex();
  }

  private void writeSnapshot(Path target) throws IOException {
    // The apply thread takes snapshots, so the ledger does not move meanwhile.
    long ledgerIndex = store.applied().index();
    Path staging = snapshotRoot.resolve(STAGING_PREFIX + target.getFileName());
    Directories.deleteTree(staging);
    store.checkpointTo(staging);
    Files.writeString(staging.resolve(LEDGER_INDEX_FILE), Long.toString(ledgerIndex));
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Logs a failed snapshot in one line, without the stack trace and at most once per {@link
   * #SNAPSHOT_RETRY_NANOS}, and reports corrupt files as a fault.
   */
  private void snapshotFailure(long index, Exception e) {
    LOG.error(
        "Failed to take a snapshot of the ledger at Raft index {}: {}. Trying again in {} s;"
            + " {} requests for a snapshot were skipped since the last failure.",
        index,
        e.getMessage(),
        TimeUnit.NANOSECONDS.toSeconds(SNAPSHOT_RETRY_NANOS),
        snapshotsSkipped);
    snapshotFailed = true;
    snapshotFailedAtNanos = System.nanoTime();
    snapshotsSkipped = 0;
    if (e instanceof StorageException storage && storage.corruption()) {
      fault("its files are corrupt: " + e.getMessage());
    }
  }

  private void fault(String problem) {
    if (fault.isEmpty()) {
      fault = Optional.of(problem);
      listener.onFault(problem);
    }
  }

  /**
   * What went wrong with the ledger under this machine, if anything; see {@link Listener#onFault}.
   */
  public Optional<String> fault() {
    return fault;
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
          files
              .filter(file -> !file.getFileName().toString().endsWith(RATIS_DIGEST_SUFFIX))
              .map(file -> new FileInfo(file, null))
              .collect(Collectors.toList());
      return new FileListSnapshotInfo(infos, termIndex);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to list snapshot " + latest, e);
    }
  }

  private static boolean isRatisOnly(String fileName) {
    return fileName.equals(LEDGER_INDEX_FILE)
        || fileName.equals(CheckpointFiles.FILE)
        || fileName.endsWith(RATIS_DIGEST_SUFFIX);
  }

  /**
   * The Raft index the ledger in {@code snapshot} has applied; -1 for a snapshot this node took
   * before snapshots recorded it, which cannot be ahead of the ledger that took it.
   *
   * @throws IOException if the file cannot be read or holds no number
   */
  private static long ledgerIndexOf(Path snapshot) throws IOException {
    Path file = snapshot.resolve(LEDGER_INDEX_FILE);
    if (!Files.exists(file)) {
      return -1;
    }
    try {
      return Long.parseLong(Files.readString(file).strip());
    } catch (NumberFormatException e) {
      throw new IOException("The snapshot's " + file + " holds no Raft index", e);
    }
  }

  private Path snapshotDir(TermIndex termIndex) {
    return snapshotRoot.resolve(SNAPSHOT_PREFIX + termIndex.getTerm() + "-" + termIndex.getIndex());
  }

  private List<Path> snapshots() {
    try (Stream<Path> entries = Files.list(snapshotRoot)) {
      List<Path> found =
          entries
              .filter(p -> SNAPSHOT_NAME.matcher(p.getFileName().toString()).matches())
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
}
