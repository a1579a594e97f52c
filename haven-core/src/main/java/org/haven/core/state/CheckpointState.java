package org.haven.core.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.NoteSignature;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Signature;
import org.haven.core.identity.OrgId;
import org.haven.core.ledger.BlockCheckpoint;

/**
 * The witnessing tables in the ledger state: which checkpoint each member's node cosigned at each
 * tree size, the cosignatures gathered on each checkpoint, and the latest final checkpoint, the
 * newest one a quorum of members cosigned.
 */
public final class CheckpointState {
  private static final byte COSIGNED = 'W';
  private static final byte COSIGNATURES = 'V';
  private static final Bytes FINAL = Bytes.of("Mfinal".getBytes(StandardCharsets.UTF_8));

  /** At most one cosignature per member; bounded like the genesis's member list. */
  private static final int MAX_COSIGNATURES = 1000;

  private final StateStore store;

  CheckpointState(StateStore store) {
    this.store = store;
  }

  /** The checkpoint {@code member}'s node cosigned at {@code treeSize}, if it did. */
  public Optional<BlockCheckpoint> cosignedBy(OrgId member, long treeSize) {
    return StateTables.read(store, cosignedKey(member, treeSize), BlockCheckpoint::decode);
  }

  /** The cosignatures on {@code checkpoint}, in the order they were applied. */
  public List<NoteSignature> cosignatures(BlockCheckpoint checkpoint) {
    return StateTables.read(
            store,
            StateTables.key(COSIGNATURES, checkpoint.id().toBytes()),
            in -> in.list("cosignatures", MAX_COSIGNATURES, CheckpointState::readSignature))
        .orElse(List.of());
  }

  /**
   * Records that {@code member} cosigned {@code checkpoint} with {@code signature}.
   *
   * @return how many members have now cosigned {@code checkpoint}
   */
  public int putCosignature(OrgId member, BlockCheckpoint checkpoint, NoteSignature signature) {
    CanonicalWriter cosigned = new CanonicalWriter();
    checkpoint.encode(cosigned);
    store.put(cosignedKey(member, checkpoint.treeSize()), cosigned.toBytes());
    List<NoteSignature> signatures = new ArrayList<>(cosignatures(checkpoint));
    signatures.add(signature);
    store.put(
        StateTables.key(COSIGNATURES, checkpoint.id().toBytes()),
        new CanonicalWriter().list(signatures, CheckpointState::writeSignature).toBytes());
    return signatures.size();
  }

  /** The newest checkpoint a quorum of members cosigned, if any. */
  public Optional<BlockCheckpoint> finalCheckpoint() {
    return StateTables.read(store, FINAL, BlockCheckpoint::decode);
  }

  public void putFinalCheckpoint(BlockCheckpoint checkpoint) {
    CanonicalWriter out = new CanonicalWriter();
    checkpoint.encode(out);
    store.put(FINAL, out.toBytes());
  }

  private static Bytes cosignedKey(OrgId member, long treeSize) {
    return StateTables.key(
        COSIGNED, new CanonicalWriter().u64(treeSize).string(member.value()).toBytes());
  }

  private static void writeSignature(CanonicalWriter out, NoteSignature signature) {
    out.string(signature.keyName()).fixed(signature.keyId()).fixed(signature.signature().bytes());
  }

  private static NoteSignature readSignature(CanonicalReader in) throws DecodeException {
    int at = in.position();
    String keyName = in.string("cosigner");
    Bytes keyId = in.fixed(NoteSignature.KEY_ID_SIZE, "cosigner key ID");
    Bytes signature = in.fixed(Signature.SIZE, "cosignature");
    try {
      return new NoteSignature(keyName, keyId, Signature.create(signature));
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }
}
