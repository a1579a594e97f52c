package org.haven.core.ledger;

import java.util.Optional;
import org.haven.core.crypto.Hash;
import org.haven.core.tx.Validation;

/**
 * What became of one proposed transaction.
 *
 * @param id the transaction id, empty if the bytes did not decode
 * @param logIndex the transaction's position in the Merkle log, or -1 if it was rejected
 */
public record TxResult(Optional<Hash> id, Validation validation, long logIndex) {
  public boolean accepted() {
    return validation.isAccepted();
  }
}
