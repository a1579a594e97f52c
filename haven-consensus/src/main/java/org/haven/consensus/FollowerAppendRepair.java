package org.haven.consensus;

import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a fault of Ratis 3.2.0 that left a member unable to take a single entry from the
 * leader until it was restarted (docs/consensus.md, "Faults and recovery").
 *
 * <p>A follower appends the entries of each AppendEntries by chaining the append onto the previous
 * one's future ({@code RaftServerImpl.appendLogFuture}). The chained append runs in whichever
 * thread completes the previous future (a gRPC thread, or the log's own writer thread), so it can
 * overlap another thread's operation on the segmented log, for example just after a frozen leader
 * resumes and steps down. The log lets only one thread in at a time and refuses the other with
 * {@code IllegalStateException: ...SegmentedRaftLog: Already running a method by Thread[...]},
 * before it changes anything. Ratis never replaces the failed future, so every later AppendEntries
 * chains onto it and fails with that same exception, for as long as the process runs.
 *
 * <p>This repair looks at the chain and, when its last future failed with that refusal, and only
 * then, puts a completed future in its place: nothing was written by the refused append, so the
 * leader's next AppendEntries, sent again from what this member holds, is taken normally. A chain
 * that failed for any other reason is left alone and logged as an error.
 */
final class FollowerAppendRepair {
  private static final Logger LOG = LoggerFactory.getLogger(FollowerAppendRepair.class);

  /** The field of Ratis's {@code RaftServerImpl} that holds the follower's append chain. */
  static final String CHAIN_FIELD = "appendLogFuture";

  /** What the segmented log says when a second thread tries to use it. */
  static final String RUNNER_CLASH = "Already running a method by";

  private final AtomicReference<CompletableFuture<Void>> chain;
  private final AtomicLong repairs = new AtomicLong();

  /**
   * The failure last logged: every later AppendEntries chains a new future onto a failed one, and
   * each fails with the same original exception.
   */
  private Throwable reportedFailure;

  private FollowerAppendRepair(AtomicReference<CompletableFuture<Void>> chain) {
    this.chain = chain;
  }

  /**
   * The repair for {@code division}'s append chain.
   *
   * @throws IllegalStateException if this Ratis has no such chain: the workaround then needs
   *     revisiting with the new version, so the member does not start without it
   */
  static FollowerAppendRepair of(RaftServer.Division division) {
    return new FollowerAppendRepair(chainOf(division));
  }

  @SuppressWarnings("unchecked")
  static AtomicReference<CompletableFuture<Void>> chainOf(RaftServer.Division division) {
    try {
      Field field = division.getClass().getDeclaredField(CHAIN_FIELD);
      field.setAccessible(true);
      return (AtomicReference<CompletableFuture<Void>>) field.get(division);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "This Ratis version has no "
              + division.getClass().getName()
              + "."
              + CHAIN_FIELD
              + " of the expected type; revisit FollowerAppendRepair (docs/consensus.md, Faults"
              + " and recovery) for it",
          e);
    }
  }

  /**
   * Repairs the chain if its last append was refused because another thread held the log.
   *
   * @return whether it did
   */
  synchronized boolean repairIfRefused() {
    CompletableFuture<Void> last = chain.get();
    if (!last.isCompletedExceptionally()) {
      return false;
    }
    Throwable failure = last.handle((ignored, error) -> error).join();
    if (!isRunnerClash(failure)) {
      if (rootOf(failure) != reportedFailure) {
        reportedFailure = rootOf(failure);
        LOG.error(
            "This member's Raft log refused an append and will take no more entries from the"
                + " leader until it restarts",
            failure);
      }
      return false;
    }
    if (!chain.compareAndSet(last, CompletableFuture.completedFuture(null))) {
      return false;
    }
    long count = repairs.incrementAndGet();
    LOG.warn(
        "Repaired this member's Raft append chain (repair {}): an append was refused because"
            + " another thread held the log ({}); the leader's next entries are taken normally",
        count,
        rootOf(failure).getMessage());
    return true;
  }

  /** How many times the chain was repaired since the member started. */
  long repairs() {
    return repairs.get();
  }

  private static boolean isRunnerClash(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IllegalStateException
          && t.getMessage() != null
          && t.getMessage().contains(RUNNER_CLASH)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootOf(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }
}
