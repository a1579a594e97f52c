package org.haven.node;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.ledger.BlockExecutor;
import org.haven.core.tx.Transaction;

/**
 * Transactions this node decoded when they were submitted, kept until their block executes, so that
 * their keys are validated once per node rather than twice. Decoding is a pure function of the
 * bytes, so reusing the result changes nothing a block produces.
 */
final class DecodedTransactions implements BlockExecutor.TransactionDecoder {
  private final Map<Bytes, Transaction> byEncoding = new ConcurrentHashMap<>();
  private final int capacity;

  /**
   * @param capacity beyond this many entries the cache is emptied: entries whose proposal failed
   *     are never collected otherwise
   */
  DecodedTransactions(int capacity) {
    this.capacity = capacity;
  }

  void remember(Transaction tx) {
    if (byEncoding.size() >= capacity) {
      byEncoding.clear();
    }
    byEncoding.put(tx.encoded(), tx);
  }

  @Override
  public Transaction decode(Bytes encoded) throws DecodeException {
    Transaction known = byEncoding.remove(encoded);
    return known != null ? known : Transaction.decode(encoded);
  }
}
