package org.haven.node.registry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.haven.consensus.NodeBusyException;
import org.haven.consensus.Receipt;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.tx.Payload;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.TxSigner;
import org.haven.core.tx.Validation;
import org.haven.node.api.ApiProblem;

/**
 * Writes to the ledger on an officer's behalf: signs a payload with the officer's unlocked key,
 * checks it against the committed state, and waits for its block. Every refusal is an {@link
 * ApiProblem} that says whether the request may have been committed, and how to retry it.
 */
public final class LedgerWriter {
  /**
   * How long a request waits for its block before answering that its outcome is unknown. The same
   * figure is in docs/consensus.md and docs/api.md.
   */
  public static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);

  private static final String OUTCOME_UNKNOWN_ADVICE =
      ": it may still be committed. Retry with the same Idempotency-Key, on this member or"
          + " another; the ledger applies the request once.";

  private final Hash chainId;
  private final LedgerGateway ledger;
  private final SecureRandom random;
  private final Clock clock;

  public LedgerWriter(Hash chainId, LedgerGateway ledger, SecureRandom random, Clock clock) {
    this.chainId = chainId;
    this.ledger = ledger;
    this.random = random;
    this.clock = clock;
  }

  /**
   * {@code payload} by {@code actor}, now, signed with the actor's key. Its nonce derives from the
   * request's Idempotency-Key, so a retry of the request signs a transaction the ledger refuses as
   * a duplicate; without a key it is fresh.
   */
  public Transaction sign(Actor actor, Payload payload) {
    Bytes nonce =
        actor
            .idempotencyKey()
            .map(key -> key.nonceFor(actor.officer().id(), payload.kind()))
            .orElseGet(this::freshNonce);
    TxBody body = new TxBody(actor.officer().id(), clock.millis(), nonce, payload);
    return Transaction.sign(
        body, chainId, List.of(new TxSigner(actor.officer().id(), actor.key())));
  }

  private Bytes freshNonce() {
    byte[] nonce = new byte[TxBody.NONCE_SIZE];
    random.nextBytes(nonce);
    return Bytes.of(nonce);
  }

  /**
   * {@code crossing} as {@code actor} signs it: the one transaction of that record ({@link
   * RecordCrossing#sign}), so an upload retried is the same transaction.
   */
  public Transaction signCrossing(Actor actor, RecordCrossing crossing) {
    return crossing.sign(new TxSigner(actor.officer().id(), actor.key()), chainId);
  }

  /**
   * Checks {@code tx} against the committed ledger.
   *
   * @throws ApiProblem if the ledger would refuse it
   */
  public void check(Transaction tx) {
    require(ledger.check(tx));
  }

  /**
   * Submits {@code tx} and waits for its block.
   *
   * @throws ApiProblem if the block refused it, or it was not committed in time
   */
  public Receipt commit(Transaction tx) {
    return accepted(submit(tx), tx.id());
  }

  /** Submits {@code tx} without waiting. */
  CompletableFuture<Receipt> submit(Transaction tx) {
    return ledger.submit(tx);
  }

  /**
   * Waits for a submitted transaction's block.
   *
   * @param txId named in the timeout message so the client can look it up, or null
   * @throws ApiProblem if the block refused it, or it was not committed in time
   */
  static Receipt accepted(CompletableFuture<Receipt> future, Hash txId) {
    Receipt receipt;
    try {
      receipt = future.get(COMMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiProblem problem) {
        throw problem;
      }
      if (e.getCause() instanceof NodeBusyException) {
        throw ApiProblem.unavailable(
            "The node is busy and did not take the request; nothing was changed. Retry shortly.");
      }
      throw ApiProblem.outcomeUnknown(
          "The ledger did not confirm the request ("
              + e.getCause().getMessage()
              + ")"
              + OUTCOME_UNKNOWN_ADVICE
              + txAdvice(txId));
    } catch (TimeoutException e) {
      throw ApiProblem.outcomeUnknown(
          "The ledger did not confirm the request within "
              + COMMIT_TIMEOUT.toSeconds()
              + " s"
              + OUTCOME_UNKNOWN_ADVICE
              + txAdvice(txId));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiProblem.outcomeUnknown(
          "The node is shutting down before the ledger confirmed the request"
              + OUTCOME_UNKNOWN_ADVICE
              + txAdvice(txId));
    }
    require(receipt.result().validation());
    return receipt;
  }

  private static String txAdvice(Hash txId) {
    return txId == null ? "" : " This attempt was transaction " + txId.toHex() + ".";
  }

  private static void require(Validation validation) {
    if (validation instanceof Validation.Rejected rejected) {
      throw ApiProblem.rejected(rejected);
    }
  }
}
