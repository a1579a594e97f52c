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
import java.util.function.Predicate;

/**
 * Limits failed logins per key, such as {@code officer:<id>@<address>} or {@code ip:<address>}:
 *
 * <ol>
 *   <li>A failure is remembered for {@link #WINDOW} (15 minutes).
 *   <li>The {@value #MAX_FAILURES}th failure remembered (or as many as {@link #allowing} says)
 *       locks the key for {@link #FIRST_LOCKOUT} (15 minutes).
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
  private final int maxFailures;

  /** In the order of each key's last failure, oldest first. Guarded by {@code this}. */
  private final LinkedHashMap<String, Failures> keys = new LinkedHashMap<>();

  /** The failures of one key. Guarded by the throttle. */
  private static final class Failures {
    private final Deque<Instant> recent = new ArrayDeque<>();
    private Duration lockout = Duration.ZERO;
    private Instant lockedUntil = Instant.MIN;

    void add(Instant now, int maxFailures) {
      recent.removeIf(failure -> !failure.isAfter(now.minus(WINDOW)));
      if (recent.size() == maxFailures) {
        recent.removeFirst();
      }
      recent.addLast(now);
      if (!lockout.isZero()) {
        Duration doubled = lockout.multipliedBy(2);
        lock(now, doubled.compareTo(MAX_LOCKOUT) < 0 ? doubled : MAX_LOCKOUT);
      } else if (recent.size() == maxFailures) {
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
   * A throttle that locks a key at its {@value #MAX_FAILURES}th failure.
   *
   * @throws IllegalArgumentException unless {@code capacity} is positive
   */
  public LoginThrottle(Clock clock, int capacity) {
    this(clock, capacity, MAX_FAILURES);
  }

  private LoginThrottle(Clock clock, int capacity, int maxFailures) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be positive, got " + maxFailures);
    }
    this.clock = clock;
    this.capacity = capacity;
    this.maxFailures = maxFailures;
  }

  /**
   * A new, empty throttle with this one's clock and capacity that locks a key at its {@code
   * maxFailures}th failure instead, for keys that many people share, such as an office's address.
   *
   * @throws IllegalArgumentException unless {@code maxFailures} is positive
   */
  public LoginThrottle allowing(int maxFailures) {
    return new LoginThrottle(clock, capacity, maxFailures);
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
    failures.add(now, maxFailures);
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
   * Forgets the failures and lockouts of every key that {@code keys} accepts, as an admin's unlock
   * does. Goes through every key remembered; unlocks are rare.
   *
   * @return how many keys were forgotten
   */
  public synchronized int forget(Predicate<String> keys) {
    int before = this.keys.size();
    this.keys.keySet().removeIf(keys);
    return before - this.keys.size();
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
