package org.haven.node;

import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.merkle.ConsistencyProof;
import org.haven.core.merkle.InclusionProof;
import org.haven.core.merkle.MerkleTree;
import org.haven.core.state.BundleAttestations;
import org.haven.core.state.LedgerState;
import org.haven.core.state.RegistryState;
import org.haven.core.tx.Kind;
import org.haven.core.tx.Transaction;
import org.haven.storage.RocksLedgerStore;

/**
 * Read-only questions about a ledger on disk: blocks, checkpoints, transactions and proofs. Used by
 * the HTTP endpoint of a running node and by the CLI on a stopped one.
 */
public final class LedgerQueries {
  private final RocksLedgerStore store;

  public LedgerQueries(RocksLedgerStore store) {
    this.store = store;
  }

  public BlockHeader head() {
    return store.head().orElseThrow(() -> new IllegalStateException("the ledger has no blocks"));
  }

  public Optional<BlockHeader> header(long height) {
    return store.rawHeader(height).map(raw -> decodeHeader(height, raw));
  }

  /** The signed checkpoint note written after block {@code height}. */
  public Optional<String> checkpoint(long height) {
    return store.checkpoint(height);
  }

  /**
   * Finds the block after which the log had exactly {@code treeSize} entries: checkpoints exist
   * only at block boundaries. Every block after genesis adds at least one entry, so tree sizes
   * increase strictly with height.
   */
  public Optional<BlockHeader> blockEndingAt(long treeSize) {
    long low = 0;
    long high = head().height();
    while (low <= high) {
      long mid = (low + high) >>> 1;
      BlockHeader header = header(mid).orElseThrow();
      if (header.treeSize() == treeSize) {
        return Optional.of(header);
      }
      if (header.treeSize() <= treeSize) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return Optional.empty();
  }

  /**
   * The latest final checkpoint, cosigned by a quorum of members, as a signed note carrying every
   * cosignature gathered on it; empty until the first checkpoint is final.
   */
  public Optional<SignedNote> finalCheckpoint() {
    return LedgerState.readOnly(store).finalCheckpointNote();
  }

  /** The tree size, root and block of the latest final checkpoint, if there is one. */
  public Optional<BlockCheckpoint> finalCheckpointOf() {
    return LedgerState.readOnly(store).checkpoints().finalCheckpoint();
  }

  /**
   * The log size up to and including the newest transaction that is not a member's cosignature or
   * bundle attestation: what a final checkpoint must cover to include every record, and the version
   * of the verifier bundle of the ledger as it stands. Cosignatures are added after the checkpoint
   * they sign, and attestations after the bundle they attest, so neither waits for the other.
   */
  public long sizeWithEveryRecord() {
    long size = head().treeSize();
    while (size > 0 && isMembersOwn(kindAt(size - 1))) {
      size--;
    }
    return size;
  }

  private static boolean isMembersOwn(Kind kind) {
    return kind == Kind.COSIGN_CHECKPOINT || kind == Kind.ATTEST_BUNDLE;
  }

  private Kind kindAt(long logIndex) {
    return decodedTransaction(logIndex).kind();
  }

  /** The members' attestations of verifier bundles, as the committed ledger holds them. */
  public BundleAttestations bundleAttestations() {
    return LedgerState.readOnly(store).bundleAttestations();
  }

  public Optional<Long> logIndexOf(Hash txId) {
    return LedgerState.readOnly(store).transactionIndex(txId);
  }

  /** The officer as the committed ledger knows them. */
  public Optional<Officer> officer(OfficerId id) {
    return LedgerState.readOnly(store).officer(id);
  }

  /** The organisation as the committed ledger knows it. */
  public Optional<Organisation> organisation(OrgId id) {
    return LedgerState.readOnly(store).organisation(id);
  }

  /**
   * The lowest height whose block time is at or after {@code millis}, or the height after the
   * newest block if none is; block times never fall.
   */
  public long firstBlockAtOrAfter(long millis) {
    long low = 0;
    long high = head().height() + 1;
    while (low < high) {
      long mid = (low + high) >>> 1;
      if (header(mid).orElseThrow().timestampMillis() < millis) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The child registry as committed: pseudonymous records, reviews, alerts, logs. */
  public RegistryState registry() {
    return LedgerState.readOnly(store).registry();
  }

  /** The log index of the transaction whose RFC 6962 leaf hash is {@code leafHash}, if any. */
  public Optional<Long> leafIndexOf(Hash leafHash) {
    return store.leafIndex(leafHash);
  }

  public Optional<Bytes> transaction(long logIndex) {
    return store.rawTransaction(logIndex);
  }

  /**
   * The transaction the log holds at {@code logIndex}, decoded.
   *
   * @throws IllegalArgumentException if the log holds no transaction there
   * @throws IllegalStateException if the stored bytes do not decode: the store is damaged
   */
  public Transaction decodedTransaction(long logIndex) {
    Bytes stored =
        transaction(logIndex)
            .orElseThrow(() -> new IllegalArgumentException("no transaction at " + logIndex));
    try {
      return Transaction.decode(stored);
    } catch (DecodeException e) {
      throw new IllegalStateException(
          "Stored transaction " + logIndex + " does not decode: " + e.getMessage(), e);
    }
  }

  /**
   * @throws IllegalArgumentException if the index or size is out of range
   */
  public InclusionProof inclusionProof(long leafIndex, long treeSize) {
    requireSize(treeSize);
    return tree().inclusionProof(leafIndex, treeSize);
  }

  /**
   * @throws IllegalArgumentException if a size is out of range
   */
  public ConsistencyProof consistencyProof(long size1, long size2) {
    requireSize(size2);
    return tree().consistencyProof(size1, size2);
  }

  private void requireSize(long treeSize) {
    long size = head().treeSize();
    if (treeSize > size) {
      throw new IllegalArgumentException(
          "tree size " + treeSize + " is beyond the log's current size " + size);
    }
  }

  private MerkleTree tree() {
    return new MerkleTree(LedgerState.readOnly(store).merkleNodes(), head().treeSize());
  }

  private static BlockHeader decodeHeader(long height, Bytes raw) {
    try {
      return BlockHeader.decode(raw);
    } catch (DecodeException e) {
      throw new IllegalStateException(
          "Stored header of block " + height + " is corrupt: " + e.getMessage(), e);
    }
  }
}
