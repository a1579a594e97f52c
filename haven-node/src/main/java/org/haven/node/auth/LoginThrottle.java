package org.haven.node.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Limits failed logins per key, such as {@code officer:<id>} or {@code ip:<address>}:
 *
 * <ol>
 *   <li>A failure is remembered for {@link #WINDOW} (15 minutes).
 *   <li>The {@value #MAX_FAILURES}th failure remembered locks the key for {@link #FIRST_LOCKOUT}
 *       (15 minutes).
 *   <li>Once a key has been locked, each further failure locks it again for twice the previous
 *       lockout, at most {@link #MAX_LOCKOUT} (1 hour), whether it comes during the lockout or
 *       after it.
 *   <li>A success clears the key. So does quiet: a {@link #WINDOW} with no failure, counted from
 *       the end of the last lockout.
 * </ol>
 *
 * <p>At most {@code capacity} keys are remembered; beyond that the key whose last failure is oldest
 * is forgotten. Filling the table takes that many failed logins, each costing the node an Argon2
 * run, so forgetting cannot be forced quickly. Safe for concurrent use.
 */
public final class LoginThrottle {
  public static final int MAX_FAILURES = 5;
  public static final Duration WINDOW = Duration.ofMinutes(15);
  public static final Duration FIRST_LOCKOUT = Duration.ofMinutes(15);
  public static final Duration MAX_LOCKOUT = Duration.ofHours(1);
  public static final int DEFAULT_CAPACITY = 100_000;

  /** No key older than this can still be locked or counting. */
  private static final Duration REMEMBERED_AT_MOST = MAX_LOCKOUT.plus(WINDOW);

  private final Clock clock;
  private final int capacity;

  /** In the order of each key's last failure, oldest first. Guarded by {@code this}. */
  private final LinkedHashMap<String, Failures> keys = new LinkedHashMap<>();

  /** The failures of one key. Guarded by the throttle. */
  private static final class Failures {
    private final Deque<Instant> recent = new ArrayDeque<>(MAX_FAILURES);
    private Duration lockout = Duration.ZERO;
    private Instant lockedUntil = Instant.MIN;

    void add(Instant now) {
      recent.removeIf(failure -> !failure.isAfter(now.minus(WINDOW)));
      if (recent.size() == MAX_FAILURES) {
        recent.removeFirst();
      }
      recent.addLast(now);
      if (!lockout.isZero()) {
        Duration doubled = lockout.multipliedBy(2);
        lock(now, doubled.compareTo(MAX_LOCKOUT) < 0 ? doubled : MAX_LOCKOUT);
      } else if (recent.size() == MAX_FAILURES) {
        lock(now, FIRST_LOCKOUT);
      }
    }

    private void lock(Instant now, Duration duration) {
      lockout = duration;
      lockedUntil = now.plus(duration);
    }

    Instant lastFailure() {
      return recent.getLast();
    }

    boolean isForgotten(Instant now) {
      Instant quietFrom = lockedUntil.isAfter(lastFailure()) ? lockedUntil : lastFailure();
      return !now.isBefore(quietFrom.plus(WINDOW));
    }
  }

  /** A throttle remembering at most {@link #DEFAULT_CAPACITY} keys. */
  public LoginThrottle(Clock clock) {
    this(clock, DEFAULT_CAPACITY);
  }

  /**
   * @throws IllegalArgumentException unless {@code capacity} is positive
   */
  public LoginThrottle(Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.clock = clock;
    this.capacity = capacity;
  }

  /** Returns how long {@code key} stays locked, or empty if it is not locked. */
  public synchronized Optional<Duration> retryAfter(String key) {
    Failures failures = keys.get(key);
    if (failures == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (failures.isForgotten(now)) {
      keys.remove(key);
      return Optional.empty();
    }
    return now.isBefore(failures.lockedUntil)
        ? Optional.of(Duration.between(now, failures.lockedUntil))
        : Optional.empty();
  }

  /** Records a failed login for {@code key}. */
  public synchronized void failed(String key) {
    Instant now = clock.instant();
    forgetOld(now);
    // Removing and putting back moves the key to the end of the order.
    Failures failures = keys.remove(key);
    if (failures == null || failures.isForgotten(now)) {
      failures = new Failures();
    }
    failures.add(now);
    keys.put(key, failures);
    if (keys.size() > capacity) {
      Iterator<String> oldest = keys.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Records a successful login for {@code key}: forgets its failures and lockout. */
  public synchronized void succeeded(String key) {
    keys.remove(key);
  }

  /**
   * Drops keys whose last failure is so old that they are surely forgotten. Keys are in order of
   * last failure, so this stops at the first younger key.
   */
  private void forgetOld(Instant now) {
    Instant cutoff = now.minus(REMEMBERED_AT_MOST);
    for (Iterator<Map.Entry<String, Failures>> oldest = keys.entrySet().iterator();
        oldest.hasNext(); ) {
      if (oldest.next().getValue().lastFailure().isAfter(cutoff)) {
        return;
      }
      oldest.remove();
    }
  }
}
