package org.haven.card.border;

import java.util.Objects;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OfficerId;
import org.haven.core.tx.Kind;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxSigner;

/**
 * A crossing record as the officer signed it on the device: a ledger transaction of kind {@link
 * Kind#RECORD_CROSSING}, by that officer, for that ledger. It is uploaded as it is, so it stays the
 * officer's whoever uploads it. Its id is the transaction's.
 */
public record SignedCrossing(Transaction transaction) {
  /**
   * @throws IllegalArgumentException if the transaction does not record a crossing
   */
  public SignedCrossing {
    Objects.requireNonNull(transaction, "transaction");
    if (transaction.kind() != Kind.RECORD_CROSSING) {
      throw new IllegalArgumentException(
          "a signed crossing is a RECORD_CROSSING transaction, not " + transaction.kind());
    }
  }

  /** {@code record}, signed by {@code officer} for the ledger {@code chainId}. */
  public static SignedCrossing sign(RecordCrossing record, TxSigner officer, Hash chainId) {
    return new SignedCrossing(record.sign(officer, chainId));
  }

  public Hash id() {
    return transaction.id();
  }

  public RecordCrossing record() {
    return (RecordCrossing) transaction.payload();
  }

  /** The officer who made the check and signed it. */
  public OfficerId officer() {
    return transaction.body().actor();
  }

  /** The transaction's canonical encoding, as {@code POST /api/v1/crossings} takes it. */
  public Bytes encode() {
    return transaction.encoded();
  }

  /**
   * Reads {@link #encode()}'s output back. The signature is not verified here: the ledger does.
   *
   * @throws DecodeException naming the field if the bytes are not one crossing transaction
   */
  public static SignedCrossing decode(Bytes encoded) throws DecodeException {
    Transaction transaction = Transaction.decode(encoded);
    if (transaction.kind() != Kind.RECORD_CROSSING) {
      throw new DecodeException(0, "kind: a crossing, not " + transaction.kind());
    }
    return new SignedCrossing(transaction);
  }
}
