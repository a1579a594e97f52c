package org.haven.core.merkle;

/**
 * A Merkle inclusion or consistency proof does not prove what it claims. Checked, because proofs
 * come from other parties and every caller must decide what a bad one means.
 */
public final class InvalidProofException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidProofException(String message) {
    super(message);
  }
}
