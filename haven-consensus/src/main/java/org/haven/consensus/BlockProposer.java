package org.haven.consensus;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches submitted transactions into proposals, one Raft entry each. A batch closes when it holds
 * {@code maxTransactions}, reaches {@link RaftNode#MAX_PROPOSAL_BYTES}, or {@code maxDelayMillis}
 * after its first transaction arrived. Two proposals may be in flight at once, so that the next
 * block is replicated while this one executes; beyond that, submissions wait in the queue and make
 * the next block larger, which is cheaper per transaction under load.
 */
public final class BlockProposer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockProposer.class);

  /** While no leader can commit, every block's proposal fails alike: one line a minute. */
  private final RefusalLog failures = new RefusalLog(LOG, Clock.systemUTC());

  private static final int IN_FLIGHT = 2;
  private static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

  /** The proposal's version, timestamp and count around its transactions. */
  private static final int PROPOSAL_OVERHEAD_BYTES = 64;

  private record Pending(Bytes transaction, CompletableFuture<Receipt> receipt) {}

  private final Function<byte[], CompletableFuture<byte[]>> replicator;
  private final int maxTransactions;
  private final long maxDelayMillis;
  private final LongSupplier clock;
  private final BlockingQueue<Pending> queue;
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private final Thread batcher;
  private volatile boolean running = true;

  /**
   * @param replicator sends one proposal through Raft and returns the state machine's reply
   * @param queueCapacity submissions waiting beyond this are refused as "node busy"
   */
  public BlockProposer(
      Function<byte[], CompletableFuture<byte[]>> replicator,
      int maxTransactions,
      long maxDelayMillis,
      int queueCapacity,
      LongSupplier clock) {
    if (maxTransactions < 1 || maxTransactions > Proposal.MAX_TRANSACTIONS) {
      throw new IllegalArgumentException(
          "maxTransactions must be 1 to " + Proposal.MAX_TRANSACTIONS + ", got " + maxTransactions);
    }
    this.replicator = replicator;
    this.maxTransactions = maxTransactions;
    this.maxDelayMillis = maxDelayMillis;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.batcher = new Thread(this::run, "haven-block-proposer");
    this.batcher.setDaemon(true);
    this.batcher.start();
  }

  /**
   * Queues an encoded transaction. The future completes with its receipt once its block is
   * committed, or exceptionally if the node is busy, closing, or Raft refused the proposal.
   */
  public CompletableFuture<Receipt> submit(Bytes transaction) {
    CompletableFuture<Receipt> receipt = new CompletableFuture<>();
    if (!running) {
      receipt.completeExceptionally(NodeBusyException.shuttingDown());
    } else if (!queue.offer(new Pending(transaction, receipt))) {
      receipt.completeExceptionally(NodeBusyException.full(queue.size()));
    }
    return receipt;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (running) {
      try {
        // Wait for a slot first: while earlier blocks commit, submissions gather in the queue
        // and the next block takes them all at once.
        inFlight.acquire();
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          inFlight.release();
          continue;
        }
        batch.add(first);
        fill(batch);
        propose(List.copyOf(batch));
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    NodeBusyException closing = NodeBusyException.shuttingDown();
    batch.forEach(p -> p.receipt().completeExceptionally(closing));
    queue.forEach(p -> p.receipt().completeExceptionally(closing));
  }

  /**
   * Adds queued submissions to {@code batch} until it is full or its delay has passed. When the
   * queue runs dry it lingers in short sleeps rather than waking for every arrival, which would
   * cost a thread hand-off per transaction under load.
   */
  private void fill(List<Pending> batch) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxDelayMillis);
    long bytes = encodedSize(batch.get(0));
    while (batch.size() < maxTransactions) {
      Pending next = queue.peek();
      if (next == null) {
        long wait = deadline - System.nanoTime();
        if (wait <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(wait, LINGER_NANOS));
        continue;
      }
      if (bytes + encodedSize(next) > RaftNode.MAX_PROPOSAL_BYTES - PROPOSAL_OVERHEAD_BYTES) {
        return;
      }
      queue.poll();
      bytes += encodedSize(next);
      batch.add(next);
    }
  }

  private static long encodedSize(Pending pending) {
    return pending.transaction().size() + 4L;
  }

  private void propose(List<Pending> batch) {
    List<Bytes> transactions = new ArrayList<>(batch.size());
    batch.forEach(p -> transactions.add(p.transaction()));
    byte[] proposal = new Proposal(clock.getAsLong(), transactions).encode();
    replicator
        .apply(proposal)
        .whenComplete(
            (reply, failure) -> {
              inFlight.release();
              if (failure != null) {
                failures.log(
                    failure.getClass().getName(),
                    "Proposal of " + batch.size() + " transactions failed: " + failure);
                batch.forEach(p -> p.receipt().completeExceptionally(failure));
                return;
              }
              complete(batch, reply);
            });
  }

  private static void complete(List<Pending> batch, byte[] reply) {
    List<Receipt> receipts;
    try {
      receipts = Receipt.decodeAll(reply);
    } catch (DecodeException e) {
      IllegalStateException bad = new IllegalStateException("unreadable state machine reply", e);
      batch.forEach(p -> p.receipt().completeExceptionally(bad));
      return;
    }
    if (receipts.size() != batch.size()) {
      IllegalStateException bad =
          new IllegalStateException(
              "state machine answered " + receipts.size() + " receipts for " + batch.size());
      batch.forEach(p -> p.receipt().completeExceptionally(bad));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).receipt().complete(receipts.get(i));
    }
  }

  /** Stops batching; submissions still queued fail with {@link NodeBusyException}. */
  @Override
  public void close() {
    running = false;
    batcher.interrupt();
    try {
      batcher.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
