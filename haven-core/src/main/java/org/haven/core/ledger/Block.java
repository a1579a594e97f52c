package org.haven.core.ledger;

import java.util.List;
import java.util.Objects;
import org.haven.core.tx.Transaction;

/** A block: its header and the transactions it appended to the log, in log order. */
public record Block(BlockHeader header, List<Transaction> transactions) {
  public Block {
    Objects.requireNonNull(header, "header");
    transactions = List.copyOf(transactions);
    if (transactions.size() != header.txCount()) {
      throw new IllegalArgumentException(
          "header says " + header.txCount() + " transactions, block has " + transactions.size());
    }
  }
}
