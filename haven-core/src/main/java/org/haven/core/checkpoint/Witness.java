package org.haven.core.checkpoint;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.crypto.Hash;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.merkle.InvalidProofException;
import org.haven.core.merkle.MerkleTree;
import org.haven.core.merkle.MerkleVerifier;

/**
 * A member's witness: cosigns a checkpoint only if the member's own replay of the ledger reached
 * the very same checkpoint, and the checkpoint extends, by an RFC 9162 consistency proof, the last
 * one this witness cosigned. It never cosigns an older checkpoint, nor a second one at a size it
 * already cosigned, so it cannot be made to sign a fork. The caller persists {@link #lastCosigned}
 * after each cosignature, so that a restart keeps the rule.
 *
 * <p>Thread-safe; decisions are taken one at a time.
 */
public final class Witness {
  /** Why a witness refused to cosign. */
  public enum Refusal {
    /** The member's own replay reaches another checkpoint at that size, or not that size at all. */
    DIVERGES,
    /** The checkpoint is not newer than the last one cosigned. */
    NOT_NEWER,
    /** The consistency proof from the last cosigned checkpoint does not verify. */
    INCONSISTENT
  }

  /** What the witness decided about one checkpoint. */
  public sealed interface Decision permits Cosigned, Refused {}

  /** The witness cosigned: {@code signature} is over {@code checkpoint}'s note text. */
  public record Cosigned(BlockCheckpoint checkpoint, NoteSignature signature) implements Decision {}

  /** The witness refused, saying why. */
  public record Refused(Refusal refusal, String detail) implements Decision {}

  private final String origin;
  private final NoteSigner signer;
  private BlockCheckpoint lastCosigned;

  /**
   * @param origin the ledger's checkpoint origin
   * @param signer the member node's key, named by the member's organisation id
   * @param lastCosigned the last checkpoint this member cosigned, as persisted; empty if none
   */
  public Witness(String origin, NoteSigner signer, Optional<BlockCheckpoint> lastCosigned) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.lastCosigned = lastCosigned.orElse(null);
  }

  /** The last checkpoint this witness cosigned, if any. */
  public synchronized Optional<BlockCheckpoint> lastCosigned() {
    return Optional.ofNullable(lastCosigned);
  }

  /**
   * Decides whether to cosign {@code candidate}.
   *
   * @param own the checkpoint the member's own replay reached after the block {@code candidate}
   *     names, or empty if its ledger has no such block
   * @param ownLog the member's own Merkle log
   */
  public synchronized Decision consider(
      BlockCheckpoint candidate, Optional<BlockCheckpoint> own, MerkleTree ownLog) {
    if (own.isEmpty() || candidate.treeSize() > ownLog.size()) {
      return new Refused(
          Refusal.DIVERGES, candidate + " is beyond this member's own ledger, which is shorter");
    }
    Hash ownRoot = ownLog.rootAt(candidate.treeSize());
    if (!own.get().equals(candidate) || !ownRoot.equals(candidate.root())) {
      return new Refused(
          Refusal.DIVERGES,
          candidate
              + " differs from this member's own replay, which reached "
              + own.get()
              + " with log root "
              + ownRoot.toBase64());
    }
    if (lastCosigned != null) {
      if (candidate.treeSize() <= lastCosigned.treeSize()) {
        return new Refused(
            Refusal.NOT_NEWER,
            candidate + " is not newer than the last cosigned checkpoint, " + lastCosigned);
      }
      try {
        MerkleVerifier.verifyConsistency(
            lastCosigned.treeSize(),
            candidate.treeSize(),
            ownLog.consistencyProof(lastCosigned.treeSize(), candidate.treeSize()).path(),
            lastCosigned.root(),
            candidate.root());
      } catch (InvalidProofException e) {
        return new Refused(
            Refusal.INCONSISTENT,
            candidate
                + " is not consistent with the last cosigned checkpoint, "
                + lastCosigned
                + ": "
                + e.getMessage());
      }
    }
    NoteSignature signature = signer.signature(candidate.checkpoint(origin).body());
    lastCosigned = candidate;
    return new Cosigned(candidate, signature);
  }
}
