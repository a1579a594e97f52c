package org.haven.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.haven.consensus.BlockProposer;
import org.haven.consensus.Receipt;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.ledger.TxResult;
import org.haven.core.state.LedgerState;
import org.haven.core.state.ReadAhead;
import org.haven.core.state.StateReader;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxValidator;
import org.haven.core.tx.Validation;

/**
 * Takes submitted transactions: refuses at once what cannot be accepted, queues the rest for the
 * next block.
 */
final class Submitter {
  private final TxValidator validator;
  private final StateReader committedState;
  private final BlockProposer proposer;
  private final DecodedTransactions decoded;
  private final AppliedHeight applied;
  private final NodeMetrics metrics;

  Submitter(
      Hash chainId,
      StateReader committedState,
      BlockProposer proposer,
      DecodedTransactions decoded,
      AppliedHeight applied,
      NodeMetrics metrics) {
    this.validator = new TxValidator(chainId);
    this.committedState = committedState;
    this.proposer = proposer;
    this.decoded = decoded;
    this.applied = applied;
    this.metrics = metrics;
  }

  /**
   * Submits an encoded, signed transaction. A transaction that is malformed, oversized or already
   * breaks a rule against the committed state (signatures included) is refused at once and never
   * reaches consensus; otherwise the future completes when its block is committed and applied on
   * this node, with the block's own verdict, so the client reads its write here. Submissions are
   * checked on the caller's thread, so concurrent clients use every core while the block executor
   * works.
   */
  CompletableFuture<Receipt> submit(Bytes encoded) {
    return submitAll(List.of(encoded)).get(0);
  }

  /**
   * Submits several transactions, each exactly as {@link #submit} would, but verifies the officers'
   * signatures of all of them together first ({@link Transaction#verifyTogether}), and reads the
   * keys of their replay checks (ids and nonces, absent for new transactions) in one go ({@link
   * ReadAhead}), as of the moment the batch arrives.
   */
  List<CompletableFuture<Receipt>> submitAll(List<Bytes> encoded) {
    List<CompletableFuture<Receipt>> receipts = new ArrayList<>(encoded.size());
    List<Transaction> txs = new ArrayList<>(encoded.size());
    for (Bytes bytes : encoded) {
      try {
        txs.add(Transaction.decode(bytes));
        receipts.add(null);
      } catch (DecodeException e) {
        txs.add(null);
        receipts.add(rejected(Optional.empty(), Transaction.rejectionFor(bytes, e)));
      }
    }
    LedgerState committed =
        LedgerState.readOnly(new ReadAhead(committedState, TxValidator.replayCheckKeys(txs)));
    validator.verifySignaturesTogether(txs, committed);
    for (int i = 0; i < txs.size(); i++) {
      if (txs.get(i) != null) {
        receipts.set(i, submit(txs.get(i), committed));
      }
    }
    metrics.track(receipts);
    return receipts;
  }

  private CompletableFuture<Receipt> submit(Transaction tx, LedgerState committed) {
    Validation validation = validator.validate(tx, committed);
    if (!validation.isAccepted()) {
      return rejected(Optional.of(tx.id()), validation);
    }
    decoded.remember(tx);
    return proposer
        .submit(tx.encoded())
        .thenCompose(
            receipt -> applied.reached(receipt.blockHeight()).thenApply(ignored -> receipt));
  }

  /** Checks {@code tx} against the committed state, signatures included, without submitting it. */
  Validation check(Transaction tx) {
    return validator.validate(tx, LedgerState.readOnly(committedState));
  }

  private static CompletableFuture<Receipt> rejected(Optional<Hash> id, Validation rejection) {
    return CompletableFuture.completedFuture(new Receipt(new TxResult(id, rejection, -1), -1));
  }
}
