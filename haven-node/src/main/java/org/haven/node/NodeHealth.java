package org.haven.node;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.haven.consensus.RaftNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this member can serve and cosign, and if not why, sampled in the background every {@value
 * #SAMPLE_MILLIS} ms so that {@code GET /api/v1/status} and {@code GET /ready} only read the last
 * sample. A member is not ready while any of these holds:
 *
 * <ul>
 *   <li>its ledger is damaged (which includes an entry that failed to apply);
 *   <li>it knows no leader, or, as a follower, the leader has not reached it for longer than twice
 *       the longest election timeout (a member cut off, or a frozen leader's stale follower), or
 *       the leader has not yet appended to its log (a member rebuilt by {@code haven repair} that
 *       waits for the leader's snapshot);
 *   <li>it is behind the leader's commit and has applied nothing for {@value #STUCK_MILLIS} ms (a
 *       stuck member), or it has been behind for more than {@value #LAG_LIMIT_SECONDS} s;
 *   <li>it does not cosign checkpoints (damage, or a ledger received from the others that it has
 *       not verified yet).
 * </ul>
 *
 * <p>The lag is the number of Raft entries the leader has committed that this member has not
 * applied, and the time since the oldest of them was committed, as far as the samples tell it.
 */
final class NodeHealth implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeHealth.class);

  static final long SAMPLE_MILLIS = 500;

  /** A sample older than this is stale. */
  static final long STALE_MILLIS = 5_000;

  /** Behind the leader with no entry applied for this long: the member is stuck. */
  static final long STUCK_MILLIS = 10_000;

  /** Behind the leader for longer than this: the member is too far behind to serve. */
  static final long LAG_LIMIT_SECONDS = 30;

  /** Samples of the leader's commit index kept to time the lag: an hour's at one a second. */
  private static final int COMMIT_SAMPLES = 3_600;

  /**
   * One sample.
   *
   * @param ready whether the member can serve and cosign
   * @param problems why not, each a sentence; empty when ready
   * @param lagEntries Raft entries committed by the leader and not yet applied here
   * @param lagSeconds for how long this member has been behind the leader's commit
   * @param leaderContactMillis on a follower, since the leader last reached it
   */
  record Health(
      boolean ready,
      List<String> problems,
      long lagEntries,
      long lagSeconds,
      OptionalLong leaderContactMillis) {}

  /** What the node knows about itself, read at each sample. */
  interface Sources {
    RaftNode.Status raft() throws java.io.IOException;

    /** Damage found in the ledger, if any. */
    Optional<String> damage();

    /** Why this member does not cosign, if it does not. */
    Optional<String> notCosigning();
  }

  /** A leader's commit index, and when this member first saw it. */
  private record CommitSample(long index, long atMillis) {}

  private final Sources sources;
  private final Duration electionMax;
  private final LongSupplier clockMillis;
  private final Deque<CommitSample> behind = new ArrayDeque<>();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "node-health");
            thread.setDaemon(true);
            return thread;
          });
  private long lastApplied = Long.MIN_VALUE;
  private long appliedMovedAtMillis;
  private volatile Health health =
      new Health(false, List.of("the node is starting"), 0, 0, OptionalLong.empty());
  private volatile long sampledAtMillis;

  NodeHealth(Sources sources, Duration electionMax, LongSupplier clockMillis) {
    this.sources = sources;
    this.electionMax = electionMax;
    this.clockMillis = clockMillis;
    this.appliedMovedAtMillis = clockMillis.getAsLong();
  }

  /** Samples now, then every {@value #SAMPLE_MILLIS} ms in the background. */
  void start() {
    sampler.scheduleWithFixedDelay(this::sampleQuietly, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * The last sample; not ready if it is older than {@value #STALE_MILLIS} ms, since then the
   * sampler itself is stuck (waiting on the Raft server, say) and the sample says nothing of now.
   */
  Health health() {
    Health last = health;
    long age = clockMillis.getAsLong() - sampledAtMillis;
    if (age <= STALE_MILLIS) {
      return last;
    }
    List<String> problems = new ArrayList<>(last.problems());
    problems.add(0, "the node has not sampled its own health for " + age / 1000 + " s");
    return new Health(
        false,
        List.copyOf(problems),
        last.lagEntries(),
        last.lagSeconds(),
        last.leaderContactMillis());
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      LOG.warn("Failed to sample the node's health: {}", e.toString());
    }
  }

  /** Takes a sample now; {@link #health} then returns it. */
  synchronized Health sample() {
    long now = clockMillis.getAsLong();
    List<String> problems = new ArrayList<>();
    sources.damage().ifPresent(damage -> problems.add("the ledger is damaged: " + damage));
    RaftNode.Status raft;
    try {
      raft = sources.raft();
    } catch (java.io.IOException e) {
      problems.add("the Raft server cannot be asked: " + e.getMessage());
      health = new Health(false, List.copyOf(problems), 0, 0, OptionalLong.empty());
      sampledAtMillis = now;
      return health;
    }
    long applied = raft.lastAppliedIndex();
    if (applied != lastApplied) {
      lastApplied = applied;
      appliedMovedAtMillis = now;
    }
    long leaderCommit = raft.leaderCommitIndex();
    long lagEntries = Math.max(0, leaderCommit - applied);
    long lagSeconds = lagSeconds(leaderCommit, applied, now);
    boolean leader = raft.role().equals("LEADER");
    long contactLimit = 2 * electionMax.toMillis();
    if (!leader && raft.leader().isEmpty()) {
      problems.add("no leader is known: this member cannot reach a majority, or an election runs");
    } else if (raft.leaderContactMillis().orElse(0) > contactLimit) {
      problems.add(
          "the leader "
              + raft.leader().orElse("")
              + " has not reached this member for "
              + raft.leaderContactMillis().getAsLong() / 1000
              + " s (limit "
              + contactLimit / 1000
              + " s)");
    }
    if (!leader
        && raft.leader().isPresent()
        && !raft.commitIndexes().containsKey(raft.leader().get())) {
      problems.add(
          "the leader "
              + raft.leader().get()
              + " has not yet appended to this member's log, so its lag is unknown");
    }
    if (lagEntries > 0 && now - appliedMovedAtMillis > STUCK_MILLIS) {
      problems.add(
          "not applying: "
              + lagEntries
              + " entries behind the leader's commit, and none applied for "
              + (now - appliedMovedAtMillis) / 1000
              + " s");
    } else if (lagSeconds > LAG_LIMIT_SECONDS) {
      problems.add(
          "behind the leader's commit by " + lagEntries + " entries, for " + lagSeconds + " s");
    }
    sources.notCosigning().ifPresent(why -> problems.add("not cosigning: " + why));
    health =
        new Health(
            problems.isEmpty(),
            List.copyOf(problems),
            lagEntries,
            lagSeconds,
            raft.leaderContactMillis());
    sampledAtMillis = now;
    return health;
  }

  /**
   * Keeps the leader's commit indexes this member has not applied yet, with the time each was first
   * seen, and answers the age of the oldest.
   */
  private long lagSeconds(long leaderCommit, long applied, long now) {
    while (!behind.isEmpty() && behind.peekFirst().index() <= applied) {
      behind.removeFirst();
    }
    if (leaderCommit > applied
        && (behind.isEmpty() || behind.peekLast().index() < leaderCommit)
        && behind.size() < COMMIT_SAMPLES) {
      behind.addLast(new CommitSample(leaderCommit, now));
    }
    return behind.isEmpty() ? 0 : (now - behind.peekFirst().atMillis()) / 1000;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
