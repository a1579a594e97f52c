package org.haven.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteVerifier;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.ledger.Block;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.ledger.BlockExecutor;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.ledger.Genesis;
import org.haven.core.ledger.TxResult;
import org.haven.core.merkle.CompactRange;
import org.haven.core.merkle.MerkleNodes;
import org.haven.core.merkle.MerkleTree;
import org.haven.core.merkle.Rfc6962;
import org.haven.core.state.LedgerState;
import org.haven.core.state.PendingWrites;
import org.haven.storage.RocksLedgerStore;
import org.haven.storage.ScratchState;

/**
 * Replays a ledger from disk and re-checks everything: each header's encoding and hash link, each
 * transaction's encoding, signatures and rules, each block's Merkle root and state hash, each
 * checkpoint's content and signature, and finally that the stored state equals the replayed one. It
 * stops at the first problem and names the block.
 */
public final class LedgerVerifier {
  /** Told after each verified block. */
  @FunctionalInterface
  public interface Progress {
    void blockVerified(long height, long lastHeight);
  }

  /** The outcome: a summary, or the first problem found. */
  public record Report(
      boolean ok,
      long blocks,
      long transactions,
      Hash logRoot,
      long checkpoints,
      Optional<Long> badBlock,
      String problem) {}

  /** What {@link #verifyReceived} says while no checkpoint is final yet. */
  static final String NOTHING_FINAL =
      "no checkpoint is final yet, so there is nothing to start from";

  private final RocksLedgerStore store;
  private final Genesis genesis;

  /**
   * Checkpoints must be signed by the node key of a member at their block: usually this node's own,
   * but blocks a node received in a snapshot from another member carry that member's signatures.
   */
  public LedgerVerifier(RocksLedgerStore store, Genesis genesis) {
    this.store = store;
    this.genesis = genesis;
  }

  private static final class BadBlock extends Exception {
    private static final long serialVersionUID = 1L;
    private final long height;

    BadBlock(long height, String problem) {
      super(problem);
      this.height = height;
    }
  }

  /**
   * Replays the whole ledger from genesis into a state of its own and re-checks every block (see
   * the class comment), then compares the stored state with the replayed one entry by entry. The
   * replayed state lives on disk in {@code scratch} ({@link ScratchState}), so memory stays bounded
   * however large the ledger grows; the directory is deleted when the replay ends, well or not.
   *
   * @param scratch a directory that does not exist yet, on a disk with room for a copy of the
   *     ledger's state
   * @throws org.haven.storage.StorageException if {@code scratch} exists or cannot be written, or
   *     if RocksDB finds a file of the ledger corrupt
   */
  public Report verify(Path scratch, Progress progress) {
    Optional<BlockHeader> head = store.head();
    if (head.isEmpty()) {
      return new Report(false, 0, 0, Hash.EMPTY, 0, Optional.empty(), "the ledger has no blocks");
    }
    long last = head.get().height();
    BlockExecutor executor = new BlockExecutor(genesis.hash());
    BlockHeader previous = null;
    try (ScratchState state = ScratchState.create(scratch)) {
      for (long height = 0; height <= last; height++) {
        previous = verifyBlock(height, previous, state, executor);
        progress.blockVerified(height, last);
      }
      compareState(last, state);
    } catch (BadBlock e) {
      return new Report(
          false,
          e.height,
          previous == null ? 0 : previous.treeSize(),
          previous == null ? Hash.EMPTY : previous.logRoot(),
          e.height,
          Optional.of(e.height),
          e.getMessage());
    }
    return new Report(
        true, last + 1, previous.treeSize(), previous.logRoot(), last + 1, Optional.empty(), "");
  }

  /**
   * How many of the newest blocks {@link #checkAtStart} checks in full: a few seconds' worth of
   * blocks under load, so that the check takes the same bounded time on a ledger of any length.
   * Older blocks are the background {@link LedgerScrub}'s.
   */
  static final int START_CHECK_BLOCKS = 64;

  /**
   * The check a node makes before it serves its ledger, in bounded time whatever the ledger's
   * length: each of the newest {@value #START_CHECK_BLOCKS} block headers decodes, has its height
   * and links to the hash of the block before it (block 0 to the genesis) and starts the log where
   * that block ended; each of their transactions is present and is its leaf of the stored Merkle
   * tree, whose root equals the newest header's; the newest block's checkpoint matches it and is
   * signed by a member's node key; and the latest final checkpoint is of this ledger. RocksDB
   * verifies the checksum of every file block these reads touch. The rest of the ledger is checked
   * in the background by {@link LedgerScrub}; a full replay is {@link #verify}.
   *
   * @return the problem, naming the block, or empty if there is none
   * @throws org.haven.storage.StorageException if RocksDB finds a file corrupt
   */
  public Optional<String> checkAtStart() {
    Optional<BlockHeader> head = store.head();
    if (head.isEmpty()) {
      return Optional.empty();
    }
    long height = head.get().height();
    long from = Math.max(0, height - START_CHECK_BLOCKS + 1);
    try {
      BlockHeader previous = from == 0 ? null : readHeader(from - 1);
      LedgerState state = LedgerState.readOnly(store);
      MerkleNodes leaves = state.merkleNodes();
      for (long at = from; at <= height; at++) {
        previous = checkLink(at, previous, readHeader(at));
        checkLeaves(previous, leaves);
      }
      BlockHeader stored = previous;
      Hash treeRoot = new MerkleTree(leaves, stored.treeSize()).root();
      if (!treeRoot.equals(stored.logRoot())) {
        throw new BadBlock(
            height,
            "the stored Merkle tree's root "
                + treeRoot.toBase64()
                + " differs from the block's root "
                + stored.logRoot().toBase64());
      }
      verifyCheckpoint(height, stored, state);
      Optional<SignedNote> finalNote = state.finalCheckpointNote();
      if (finalNote.isPresent()) {
        Optional<BlockCheckpoint> last =
            BlockCheckpoint.from(Checkpoint.parseBody(finalNote.get().text()));
        if (last.isPresent()
            && last.get().height() <= height
            && !BlockCheckpoint.of(readHeader(last.get().height())).equals(last.get())) {
          throw new BadBlock(
              last.get().height(), "the final checkpoint " + last.get() + " is not this block's");
        }
      }
      return Optional.empty();
    } catch (BadBlock e) {
      return Optional.of("block " + e.height + ": " + e.getMessage());
    }
  }

  /** Each transaction of {@code block} is stored and is its leaf of the stored Merkle tree. */
  private void checkLeaves(BlockHeader block, MerkleNodes leaves) throws BadBlock {
    for (long index = block.firstLogIndex(); index < block.treeSize(); index++) {
      Bytes tx = transaction(block.height(), index);
      if (!leaves.get(0, index).equals(Optional.of(Rfc6962.leafHash(tx.toArray())))) {
        throw new BadBlock(
            block.height(), "log entry " + index + " does not match its Merkle leaf");
      }
    }
  }

  private Bytes transaction(long height, long index) throws BadBlock {
    return store
        .rawTransaction(index)
        .orElseThrow(() -> new BadBlock(height, "log entry " + index + " is missing"));
  }

  /**
   * A walk along the whole ledger from genesis, some blocks at a time, for a check that runs in the
   * background: each block header decodes and links to the one before it, and the Merkle root
   * recomputed from every stored transaction equals each block's root. Memory stays logarithmic in
   * the log's size. Not thread-safe.
   */
  public final class ChainWalk {
    private final CompactRange log = new CompactRange();
    private BlockHeader previous;
    private long next;

    /** The height of the next block to check. */
    public long next() {
      return next;
    }

    /**
     * Checks up to {@code blocks} blocks from {@link #next}, stopping at the ledger's head.
     *
     * @return what is wrong, naming the block, or empty if nothing is
     * @throws org.haven.storage.StorageException if RocksDB finds a file corrupt
     */
    public Optional<String> check(int blocks) {
      long last = Math.min(store.head().map(BlockHeader::height).orElse(-1L), next + blocks - 1);
      try {
        while (next <= last) {
          previous = checkChained(next, previous, log);
          next++;
        }
        return Optional.empty();
      } catch (BadBlock e) {
        return Optional.of("block " + e.height + ": " + e.getMessage());
      }
    }
  }

  /** A new walk along the ledger from its genesis block. */
  public ChainWalk chainWalk() {
    return new ChainWalk();
  }

  /**
   * Checks that the block at {@code height} links to {@code previous} and that appending its
   * transactions to {@code log} gives its Merkle root.
   *
   * @return its header
   */
  private BlockHeader checkChained(long height, BlockHeader previous, CompactRange log)
      throws BadBlock {
    BlockHeader header = checkLink(height, previous, readHeader(height));
    for (long index = header.firstLogIndex(); index < header.treeSize(); index++) {
      log.append(Rfc6962.leafHash(transaction(height, index).toArray()));
    }
    if (!log.root().equals(header.logRoot())) {
      throw new BadBlock(
          height,
          "the Merkle root recomputed from its transactions, "
              + log.root().toBase64()
              + ", differs from the block's root "
              + header.logRoot().toBase64());
    }
    return header;
  }

  /**
   * What a member that has just joined checks before it cosigns anything, over the ledger it
   * received from the others (a snapshot and the log after it), without trusting the state that
   * came with it: every block header decodes and links to the one before it, back to genesis; the
   * Merkle root recomputed from every stored transaction equals each block's root; and the final
   * checkpoint is of this ledger (the block and root at its size) and carries valid cosignatures of
   * at least the quorum of members. Memory stays logarithmic in the log's size.
   *
   * @return what is wrong, naming the block, or empty if nothing is
   * @throws org.haven.storage.StorageException if RocksDB finds a file corrupt
   */
  public Optional<String> verifyReceived() {
    LedgerState state = LedgerState.readOnly(store);
    // Read before the head: the final checkpoint's block is then at or below it.
    Optional<SignedNote> finalNote = state.finalCheckpointNote();
    if (finalNote.isEmpty()) {
      return Optional.of(NOTHING_FINAL);
    }
    BlockCheckpoint finalCheckpoint =
        BlockCheckpoint.from(Checkpoint.parseBody(finalNote.get().text()))
            .orElseThrow(
                () -> new IllegalStateException("the final checkpoint names no Haven block"));
    long height = store.head().map(BlockHeader::height).orElse(0L);
    CompactRange log = new CompactRange();
    try {
      BlockHeader previous = null;
      for (long at = 0; at <= height; at++) {
        BlockHeader header = checkChained(at, previous, log);
        if (at == finalCheckpoint.height() && !BlockCheckpoint.of(header).equals(finalCheckpoint)) {
          throw new BadBlock(
              at, "the final checkpoint " + finalCheckpoint + " is not this ledger's at its size");
        }
        previous = header;
      }
      if (finalCheckpoint.height() > height) {
        throw new BadBlock(finalCheckpoint.height(), "the final checkpoint is beyond the ledger");
      }
    } catch (BadBlock e) {
      return Optional.of("block " + e.height + ": " + e.getMessage());
    }
    List<NoteVerifier> members = new ArrayList<>();
    for (OrgId member : state.memberNodes().keySet()) {
      state
          .organisation(member)
          .filter(Organisation::active)
          .ifPresent(org -> members.add(new NoteVerifier(member.value(), org.nodeKey())));
    }
    int cosigners = finalNote.get().verifiedSigners(members).size();
    if (cosigners < state.checkpointQuorum()) {
      return Optional.of(
          "the final checkpoint "
              + finalCheckpoint
              + " carries valid cosignatures of "
              + cosigners
              + " members, fewer than the quorum of "
              + state.checkpointQuorum());
    }
    return Optional.empty();
  }

  private BlockHeader verifyBlock(
      long height, BlockHeader previous, ScratchState state, BlockExecutor executor)
      throws BadBlock {
    BlockHeader stored = checkLink(height, previous, readHeader(height));
    PendingWrites pending = new PendingWrites(state);
    Block replayed;
    if (previous == null) {
      replayed = BlockExecutor.genesisBlock(genesis, pending);
    } else {
      replayed = replay(height, previous, stored, pending, executor);
    }
    compareHeaders(height, stored, replayed.header());
    state.commit(pending);
    verifyCheckpoint(height, stored, new LedgerState(state));
    return stored;
  }

  private Block replay(
      long height,
      BlockHeader previous,
      BlockHeader stored,
      PendingWrites pending,
      BlockExecutor executor)
      throws BadBlock {
    List<Bytes> transactions = new ArrayList<>(stored.txCount());
    for (long index = stored.firstLogIndex(); index < stored.treeSize(); index++) {
      transactions.add(transaction(height, index));
    }
    BlockExecutor.Outcome outcome =
        executor.execute(previous, stored.timestampMillis(), transactions, pending);
    for (int i = 0; i < outcome.results().size(); i++) {
      TxResult result = outcome.results().get(i);
      if (!result.accepted()) {
        throw new BadBlock(
            height,
            "log entry "
                + (stored.firstLogIndex() + i)
                + " does not pass the ledger's rules on replay: "
                + result.validation());
      }
    }
    return outcome.block().orElseThrow(() -> new BadBlock(height, "it holds no transactions"));
  }

  /**
   * Checks that {@code stored}, read at {@code height}, says so, links to {@code previous} (the
   * genesis when null) and starts the log where {@code previous} ended.
   *
   * @return {@code stored}
   */
  private BlockHeader checkLink(long height, BlockHeader previous, BlockHeader stored)
      throws BadBlock {
    if (stored.height() != height) {
      throw new BadBlock(height, "the header says height " + stored.height());
    }
    Hash expectedLink = previous == null ? genesis.hash() : previous.hash();
    if (!stored.previous().equals(expectedLink)) {
      throw new BadBlock(
          height,
          "its previous-block hash "
              + stored.previous()
              + " does not match "
              + (previous == null ? "the genesis hash " : "the hash of block " + (height - 1) + " ")
              + expectedLink);
    }
    long expectedStart = previous == null ? 0 : previous.treeSize();
    if (stored.firstLogIndex() != expectedStart) {
      throw new BadBlock(
          height,
          "it starts at log index "
              + stored.firstLogIndex()
              + " but the log before it has "
              + expectedStart
              + " entries");
    }
    return stored;
  }

  private static void compareHeaders(long height, BlockHeader stored, BlockHeader replayed)
      throws BadBlock {
    if (!stored.logRoot().equals(replayed.logRoot())) {
      throw new BadBlock(
          height,
          "its Merkle root "
              + stored.logRoot().toBase64()
              + " differs from the replayed root "
              + replayed.logRoot().toBase64());
    }
    if (!stored.stateHash().equals(replayed.stateHash())) {
      throw new BadBlock(height, "its state hash differs from the replayed state hash");
    }
    if (!stored.equals(replayed)) {
      throw new BadBlock(height, "its header differs from the replayed header " + replayed);
    }
  }

  private void verifyCheckpoint(long height, BlockHeader header, LedgerState state)
      throws BadBlock {
    String text =
        store
            .checkpoint(height)
            .orElseThrow(() -> new BadBlock(height, "its signed checkpoint is missing"));
    SignedNote note;
    Checkpoint checkpoint;
    try {
      note = SignedNote.parse(text);
      checkpoint = Checkpoint.parseBody(note.text());
    } catch (IllegalArgumentException e) {
      throw new BadBlock(height, "its checkpoint is malformed: " + e.getMessage());
    }
    Checkpoint expected = header.checkpoint(genesis.origin());
    if (!checkpoint.equals(expected)) {
      throw new BadBlock(
          height, "its checkpoint says " + checkpoint + " but the block gives " + expected);
    }
    String signer = note.signatures().get(0).keyName();
    Organisation member =
        memberNamed(signer, state)
            .orElseThrow(
                () ->
                    new BadBlock(height, "its checkpoint is signed by " + signer + ", no member"));
    if (!note.verifiedBy(new NoteVerifier(signer, member.nodeKey()))) {
      throw new BadBlock(
          height, "its checkpoint is not validly signed by the node key of " + signer);
    }
  }

  private static Optional<Organisation> memberNamed(String name, LedgerState state) {
    try {
      return state.organisation(new OrgId(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private BlockHeader readHeader(long height) throws BadBlock {
    Bytes raw =
        store.rawHeader(height).orElseThrow(() -> new BadBlock(height, "its header is missing"));
    try {
      return BlockHeader.decode(raw);
    } catch (DecodeException e) {
      throw new BadBlock(height, "its header is corrupt: " + e.getMessage());
    }
  }

  /**
   * Walks the stored and the replayed state side by side, both in ascending key order, and stops at
   * the first key where they differ: a value that differs, or a key only one of them holds.
   */
  private void compareState(long last, ScratchState replayed) throws BadBlock {
    try (Stream<Map.Entry<Bytes, Bytes>> stored = store.stateEntries();
        ScratchState.EntryIterator expected = replayed.entries()) {
      Iterator<Map.Entry<Bytes, Bytes>> actual = stored.iterator();
      Map.Entry<Bytes, Bytes> got = next(actual);
      Map.Entry<Bytes, Bytes> want = next(expected);
      while (got != null || want != null) {
        int order = got == null ? 1 : want == null ? -1 : got.getKey().compareTo(want.getKey());
        if (order < 0) {
          throw new BadBlock(
              last,
              "the stored state holds key "
                  + got.getKey()
                  + ", which the state replayed up to this block does not");
        }
        if (order > 0) {
          throw new BadBlock(
              last,
              "the stored state lacks key "
                  + want.getKey()
                  + ", which the state replayed up to this block holds");
        }
        if (!got.getValue().equals(want.getValue())) {
          throw new BadBlock(
              last,
              "the stored state under key "
                  + got.getKey()
                  + " differs from the state replayed up to this block");
        }
        got = next(actual);
        want = next(expected);
      }
    }
  }

  private static Map.Entry<Bytes, Bytes> next(Iterator<Map.Entry<Bytes, Bytes>> entries) {
    return entries.hasNext() ? entries.next() : null;
  }
}
