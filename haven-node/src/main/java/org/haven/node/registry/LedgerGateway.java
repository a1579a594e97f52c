package org.haven.node.registry;

import java.util.concurrent.CompletableFuture;
import org.haven.consensus.Receipt;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.Validation;

/** How the registry reaches the ledger: the node's submitter. */
public interface LedgerGateway {
  /** Checks {@code tx} against the committed state, signatures included, without submitting it. */
  Validation check(Transaction tx);

  /** Submits {@code tx}; the future completes when its block commits, with the block's verdict. */
  CompletableFuture<Receipt> submit(Transaction tx);
}
