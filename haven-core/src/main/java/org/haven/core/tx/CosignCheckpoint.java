package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.NoteSignature;
import org.haven.core.checkpoint.NoteVerifier;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.checkpoint.Witness;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.Signature;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.state.CheckpointState;
import org.haven.core.state.LedgerState;

/**
 * A member's node cosigns a checkpoint: its note signature over the checkpoint text, which every
 * node rebuilds from the fields and this ledger's origin. Signed by the node key; the actor is the
 * member's organisation id. Every node accepts it only if its own log has the same root at that
 * tree size, so a cosignature of a diverged log, or a second, different one at the same size, is
 * refused everywhere with {@link RejectReason#CHECKPOINT_DIVERGES} or {@link
 * RejectReason#EQUIVOCATION}. Once a quorum of members cosigned the same checkpoint it is final.
 *
 * @param signature the member node's Ed25519 signature over the checkpoint's note text
 */
public record CosignCheckpoint(BlockCheckpoint checkpoint, Signature signature) implements Payload {
  /**
   * @throws IllegalArgumentException if the checkpoint is of the empty log, which needs no witness
   */
  public CosignCheckpoint {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(signature, "signature");
    if (checkpoint.treeSize() == 0) {
      throw new IllegalArgumentException("the empty log's checkpoint is not cosigned");
    }
  }

  static CosignCheckpoint decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    BlockCheckpoint checkpoint = BlockCheckpoint.decode(in);
    Signature signature = Signature.create(in.fixed(Signature.SIZE, "cosignature"));
    try {
      return new CosignCheckpoint(checkpoint, signature);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  /**
   * Signs, with the member's node key, the transaction that puts {@code cosignature} on the ledger
   * {@code chainId}.
   *
   * @param nonce {@link TxBody#NONCE_SIZE} random bytes
   */
  public static Transaction transaction(
      Witness.Cosigned cosignature,
      Ed25519PrivateKey nodeKey,
      Hash chainId,
      long createdAtMillis,
      Bytes nonce) {
    OfficerId actor = new OfficerId(cosignature.signature().keyName());
    TxBody body =
        new TxBody(
            actor,
            createdAtMillis,
            nonce,
            new CosignCheckpoint(cosignature.checkpoint(), cosignature.signature().signature()));
    return Transaction.sign(body, chainId, List.of(new TxSigner(actor, nodeKey)));
  }

  /** The organisation whose node signed {@code body}, a transaction of a node-signed kind. */
  public static OrgId memberOf(TxBody body) {
    return new OrgId(body.actor().value());
  }

  @Override
  public Kind kind() {
    return Kind.COSIGN_CHECKPOINT;
  }

  @Override
  public void encode(CanonicalWriter out) {
    checkpoint.encode(out);
    out.fixed(signature.bytes());
  }

  @Override
  public Validation check(TxContext context) {
    OrgId member = memberOf(context.body());
    LedgerState state = context.state();
    CheckpointState checkpoints = state.checkpoints();
    NoteSignature cosignature = noteSignature(member, state);
    SignedNote note =
        new SignedNote(
            checkpoint.checkpoint(state.checkpointOrigin()).body(), List.of(cosignature));
    if (!note.verifiedBy(verifier(member, state))) {
      return reject(
          RejectReason.BAD_SIGNATURE,
          "the cosignature does not verify against the node key of "
              + member
              + " for this ledger's checkpoint at "
              + checkpoint);
    }
    Optional<BlockCheckpoint> earlier = checkpoints.cosignedBy(member, checkpoint.treeSize());
    if (earlier.isPresent() && !earlier.get().equals(checkpoint)) {
      return reject(
          RejectReason.EQUIVOCATION,
          member
              + " cosigned two checkpoints at size "
              + checkpoint.treeSize()
              + ": "
              + earlier.get()
              + " and "
              + checkpoint);
    }
    // A signed root that is not this ledger's is evidence of a fork whatever its age, so it is
    // refused as a divergence before the checks that only keep cosignatures in order.
    long logSize = state.logSize();
    if (checkpoint.treeSize() > logSize) {
      return reject(
          RejectReason.CHECKPOINT_DIVERGES,
          member
              + " cosigned "
              + checkpoint
              + ", beyond this ledger's log of "
              + logSize
              + " entries");
    }
    Hash ours = state.log().rootAt(checkpoint.treeSize());
    if (!ours.equals(checkpoint.root())) {
      return reject(
          RejectReason.CHECKPOINT_DIVERGES,
          member
              + " cosigned "
              + checkpoint
              + ", but this ledger's root at size "
              + checkpoint.treeSize()
              + " is "
              + ours.toBase64());
    }
    Optional<BlockCheckpoint> finalCheckpoint = checkpoints.finalCheckpoint();
    if (finalCheckpoint.isPresent() && checkpoint.treeSize() < finalCheckpoint.get().treeSize()) {
      return reject(
          RejectReason.CONFLICT,
          "the checkpoint at size "
              + checkpoint.treeSize()
              + " is older than the final one at size "
              + finalCheckpoint.get().treeSize()
              + "; cosign the newest checkpoint instead");
    }
    if (earlier.isPresent()) {
      return reject(RejectReason.CONFLICT, member + " already cosigned " + checkpoint);
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    OrgId member = memberOf(context.body());
    LedgerState state = context.state();
    CheckpointState checkpoints = state.checkpoints();
    int cosigners = checkpoints.putCosignature(member, checkpoint, noteSignature(member, state));
    boolean newer =
        checkpoints
            .finalCheckpoint()
            .map(current -> checkpoint.treeSize() > current.treeSize())
            .orElse(true);
    if (newer && cosigners >= state.checkpointQuorum()) {
      checkpoints.putFinalCheckpoint(checkpoint);
    }
  }

  private NoteSignature noteSignature(OrgId member, LedgerState state) {
    return new NoteSignature(member.value(), verifier(member, state).keyId(), signature);
  }

  private static NoteVerifier verifier(OrgId member, LedgerState state) {
    return new NoteVerifier(
        member.value(),
        state
            .organisation(member)
            .orElseThrow(() -> new IllegalStateException(member + " is not a member"))
            .nodeKey());
  }
}
