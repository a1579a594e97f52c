package org.haven.core.checkpoint;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Proof that a member's key signed two different checkpoints of one log at the same tree size: a
 * log that shows one history to some and another to others. Either note alone looks valid; only the
 * pair gives the signer away.
 *
 * @param signer the key name of the member that signed both
 */
public record Equivocation(String signer, Checkpoint first, Checkpoint second) {
  /**
   * Compares two signed checkpoint notes.
   *
   * @return the equivocation, if both notes are checkpoints of the same origin and tree size with
   *     different texts, each carrying a valid signature by one same key of {@code trusted}
   * @throws NoteFormatException if a note's text is not a checkpoint
   */
  public static Optional<Equivocation> between(
      SignedNote a, SignedNote b, Collection<NoteVerifier> trusted) {
    Checkpoint first = Checkpoint.parseBody(a.text());
    Checkpoint second = Checkpoint.parseBody(b.text());
    if (!first.origin().equals(second.origin())
        || first.treeSize() != second.treeSize()
        || first.equals(second)) {
      return Optional.empty();
    }
    Set<NoteVerifier> signedSecond = b.verifiedSigners(trusted);
    return a.verifiedSigners(trusted).stream()
        .filter(signedSecond::contains)
        .findFirst()
        .map(verifier -> new Equivocation(verifier.name(), first, second));
  }

  public long treeSize() {
    return first.treeSize();
  }
}
