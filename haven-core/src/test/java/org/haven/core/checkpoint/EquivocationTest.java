package org.haven.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.junit.jupiter.api.Test;

/** Two conflicting signed checkpoints give their signer away. */
class EquivocationTest {
  private static final String ORIGIN = "haven.example/equivocation-test";

  private final NoteSigner liar = signer("org-a", 1);
  private final NoteSigner honest = signer("org-b", 2);
  private final List<NoteVerifier> trusted = List.of(liar.verifier(), honest.verifier());

  @Test
  void twoRootsAtOneSizeFromOneSignerAreAnEquivocation() {
    SignedNote first = liar.sign(checkpoint(7, 1).body());
    SignedNote second =
        liar.sign(checkpoint(7, 2).body()).withSignature(honest.signature(checkpoint(7, 2).body()));

    Equivocation found = Equivocation.between(first, second, trusted).orElseThrow();

    assertThat(found.signer()).isEqualTo("org-a");
    assertThat(found.treeSize()).isEqualTo(7);
    assertThat(found.first().rootHash()).isNotEqualTo(found.second().rootHash());
  }

  @Test
  void differentSignersSizesOrEqualTextsAreNot() {
    assertThat(
            Equivocation.between(
                liar.sign(checkpoint(7, 1).body()), honest.sign(checkpoint(7, 2).body()), trusted))
        .isEmpty();
    assertThat(
            Equivocation.between(
                liar.sign(checkpoint(7, 1).body()), liar.sign(checkpoint(8, 2).body()), trusted))
        .isEmpty();
    assertThat(
            Equivocation.between(
                liar.sign(checkpoint(7, 1).body()), liar.sign(checkpoint(7, 1).body()), trusted))
        .isEmpty();
  }

  @Test
  void aSignatureByAnUntrustedOrWrongKeyProvesNothing() {
    NoteSigner impostor = signer("org-a", 3);
    assertThat(
            Equivocation.between(
                liar.sign(checkpoint(7, 1).body()),
                impostor.sign(checkpoint(7, 2).body()),
                trusted))
        .isEmpty();
    assertThat(
            Equivocation.between(
                liar.sign(checkpoint(7, 1).body()),
                liar.sign(checkpoint(7, 2).body()),
                List.of(honest.verifier())))
        .isEmpty();
  }

  private static Checkpoint checkpoint(long size, int root) {
    return new Checkpoint(ORIGIN, size, Hash.sha256(new byte[] {(byte) root}));
  }

  private static NoteSigner signer(String name, int seed) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) seed;
    return new NoteSigner(name, Ed25519PrivateKey.fromSeed(Bytes.of(bytes)));
  }
}
