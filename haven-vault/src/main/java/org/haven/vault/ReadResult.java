package org.haven.vault;

import java.util.Objects;
import org.haven.core.bytes.Bytes;

/** What {@link Vault#read} found for a child number. */
public sealed interface ReadResult {
  /**
   * The child's data, the salt of its ledger commitment and the declaration's file (witnesses,
   * requests for information). {@link #toString()} reveals none of them: the salt would let anyone
   * holding the ledger test guesses at the data.
   */
  record Found(PersonalData data, Bytes salt, DeclarationFile file) implements ReadResult {
    public Found {
      Objects.requireNonNull(data, "data");
      Commitment.requireSalt(salt);
      Objects.requireNonNull(file, "file");
    }

    /** A child's data and salt with an empty declaration file. */
    public Found(PersonalData data, Bytes salt) {
      this(data, salt, DeclarationFile.EMPTY);
    }

    @Override
    public String toString() {
      return "Found[redacted]";
    }
  }

  /** The child's data key was destroyed: the data is gone for good. This is not an error. */
  record Erased() implements ReadResult {}

  /** This vault never held data for the child number. */
  record NotFound() implements ReadResult {}
}
