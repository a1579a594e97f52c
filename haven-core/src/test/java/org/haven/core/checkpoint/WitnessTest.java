package org.haven.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.merkle.InMemoryMerkleNodes;
import org.haven.core.merkle.MerkleTree;
import org.haven.core.merkle.Rfc6962;
import org.junit.jupiter.api.Test;

/** A witness over an in-memory log: what it cosigns and what it refuses. */
class WitnessTest {
  private static final String ORIGIN = "haven.example/witness-test";

  private final NoteSigner signer =
      new NoteSigner("org-a", Ed25519PrivateKey.fromSeed(Bytes.of(new byte[32])));
  private final MerkleTree log = logOf("entry", 10);

  @Test
  void cosignsTheCheckpointItsOwnReplayReached() {
    Witness witness = new Witness(ORIGIN, signer, Optional.empty());
    BlockCheckpoint checkpoint = checkpointAt(log, 4);

    Witness.Decision decision = witness.consider(checkpoint, Optional.of(checkpoint), log);

    assertThat(decision).isInstanceOf(Witness.Cosigned.class);
    NoteSignature signature = ((Witness.Cosigned) decision).signature();
    SignedNote note = new SignedNote(checkpoint.checkpoint(ORIGIN).body(), List.of(signature));
    assertThat(note.verifiedBy(signer.verifier())).isTrue();
    assertThat(witness.lastCosigned()).contains(checkpoint);
  }

  @Test
  void cosignsANewerCheckpointConsistentWithTheLastOne() {
    Witness witness = cosigned(checkpointAt(log, 4));
    BlockCheckpoint newer = checkpointAt(log, 9);

    Witness.Decision decision = witness.consider(newer, Optional.of(newer), log);

    assertThat(decision).isInstanceOf(Witness.Cosigned.class);
    assertThat(witness.lastCosigned()).contains(newer);
  }

  @Test
  void refusesACheckpointWhoseRootDiffersFromItsOwnReplay() {
    Witness witness = new Witness(ORIGIN, signer, Optional.empty());
    BlockCheckpoint ours = checkpointAt(log, 6);
    BlockCheckpoint theirs = checkpointAt(logOf("forged", 10), 6);

    Witness.Decision decision = witness.consider(theirs, Optional.of(ours), log);

    assertRefused(decision, Witness.Refusal.DIVERGES);
    assertThat(witness.lastCosigned()).isEmpty();
  }

  @Test
  void refusesACheckpointBeyondItsOwnLog() {
    Witness witness = new Witness(ORIGIN, signer, Optional.empty());

    assertRefused(
        witness.consider(checkpointAt(logOf("entry", 12), 12), Optional.empty(), log),
        Witness.Refusal.DIVERGES);
  }

  @Test
  void refusesACheckpointNotNewerThanTheLastCosigned() {
    BlockCheckpoint last = checkpointAt(log, 6);
    Witness witness = cosigned(last);
    BlockCheckpoint older = checkpointAt(log, 3);

    assertRefused(witness.consider(older, Optional.of(older), log), Witness.Refusal.NOT_NEWER);
    assertRefused(witness.consider(last, Optional.of(last), log), Witness.Refusal.NOT_NEWER);
    assertThat(witness.lastCosigned()).contains(last);
  }

  @Test
  void refusesACheckpointInconsistentWithTheLastCosigned_evenAfterARestart() {
    BlockCheckpoint last = checkpointAt(log, 5);
    // The member's ledger was replaced by a fork that rewrote entry 2; a new witness is made from
    // the persisted last cosigned checkpoint, as after a restart.
    MerkleTree rewritten = new MerkleTree(new InMemoryMerkleNodes(), 0);
    for (int i = 0; i < 10; i++) {
      rewritten.append(leaf(i == 2 ? "rewritten" : "entry", i));
    }
    assertThat(log.root()).isNotEqualTo(rewritten.root());
    Witness restarted = new Witness(ORIGIN, signer, Optional.of(last));
    BlockCheckpoint candidate = checkpointAt(rewritten, 8);

    Witness.Decision decision = restarted.consider(candidate, Optional.of(candidate), rewritten);

    assertRefused(decision, Witness.Refusal.INCONSISTENT);
    assertThat(restarted.lastCosigned()).contains(last);
  }

  private Witness cosigned(BlockCheckpoint checkpoint) {
    Witness witness = new Witness(ORIGIN, signer, Optional.empty());
    assertThat(witness.consider(checkpoint, Optional.of(checkpoint), log))
        .isInstanceOf(Witness.Cosigned.class);
    return witness;
  }

  private static void assertRefused(Witness.Decision decision, Witness.Refusal refusal) {
    assertThat(decision).isInstanceOf(Witness.Refused.class);
    assertThat(((Witness.Refused) decision).refusal()).isEqualTo(refusal);
  }

  private static BlockCheckpoint checkpointAt(MerkleTree log, long size) {
    return new BlockCheckpoint(size, size, log.rootAt(size), Hash.sha256(new byte[] {(byte) size}));
  }

  private static MerkleTree logOf(String prefix, int size) {
    MerkleTree log = new MerkleTree(new InMemoryMerkleNodes(), 0);
    for (int i = 0; i < size; i++) {
      log.append(leaf(prefix, i));
    }
    return log;
  }

  private static Hash leaf(String prefix, int i) {
    return Rfc6962.leafHash((prefix + " " + i).getBytes(StandardCharsets.UTF_8));
  }
}
