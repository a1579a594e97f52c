package org.haven.node.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.haven.consensus.Receipt;
import org.haven.core.identity.OfficerId;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.RecordAccess;
import org.haven.core.tx.Transaction;

/**
 * Records reads of personal data on the ledger, batched: the reads one officer makes within a short
 * window go into one {@code RECORD_ACCESS} transaction, so a registrar paging through a queue costs
 * one signature and one ledger entry per batch rather than per child. Each read still waits until
 * its batch is committed before the data is shown.
 */
final class AccessRecorder implements AutoCloseable {
  /** How long a batch stays open for more reads by the same officer, by default. */
  static final long LINGER_MILLIS = 2;

  private final LedgerWriter ledger;
  private final long lingerMillis;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "access-recorder");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<OfficerId, Batch> open = new HashMap<>();

  AccessRecorder(LedgerWriter ledger, long lingerMillis) {
    this.ledger = ledger;
    this.lingerMillis = lingerMillis;
  }

  private static final class Batch {
    final Actor actor;
    final List<RecordAccess.Read> reads = new ArrayList<>();
    final CompletableFuture<Receipt> committed = new CompletableFuture<>();

    Batch(Actor actor) {
      this.actor = actor;
    }
  }

  /** Adds a read to the officer's open batch; completes when that batch is committed. */
  CompletableFuture<Receipt> record(Actor reader, ChildNumber child, String purpose) {
    // Reads of many requests share one transaction, so none of their keys may choose its nonce.
    Actor actor = reader.withoutIdempotencyKey();
    RecordAccess.Read read = new RecordAccess.Read(child, purpose);
    Batch full = null;
    Batch batch;
    synchronized (open) {
      batch = open.get(actor.officer().id());
      if (batch == null || !batch.actor.equals(actor)) {
        batch = new Batch(actor);
        open.put(actor.officer().id(), batch);
        Batch scheduled = batch;
        timer.schedule(() -> flush(scheduled), lingerMillis, TimeUnit.MILLISECONDS);
      }
      batch.reads.add(read);
      if (batch.reads.size() == RecordAccess.MAX_READS) {
        open.remove(actor.officer().id());
        full = batch;
      }
    }
    if (full != null) {
      send(full);
    }
    return batch.committed;
  }

  private void flush(Batch batch) {
    synchronized (open) {
      if (!open.remove(batch.actor.officer().id(), batch)) {
        return;
      }
    }
    send(batch);
  }

  private void send(Batch batch) {
    List<RecordAccess.Read> reads;
    synchronized (open) {
      reads = new ArrayList<>(batch.reads);
    }
    try {
      Transaction tx = ledger.sign(batch.actor, new RecordAccess(reads));
      ledger
          .submit(tx)
          .whenComplete(
              (receipt, failure) -> {
                if (failure != null) {
                  batch.committed.completeExceptionally(failure);
                } else {
                  batch.committed.complete(receipt);
                }
              });
    } catch (RuntimeException e) {
      batch.committed.completeExceptionally(e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
