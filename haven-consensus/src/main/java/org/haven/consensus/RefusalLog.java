package org.haven.consensus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Logs a repeated warning at WARN once a minute at most for one key (a certificate, a claimed peer,
 * a kind of failure), with the number of lines it held back since the last one: a refused peer
 * retries every few hundred milliseconds, and a failing proposal repeats with every block, so the
 * log gets one line a minute with a count rather than hundreds a second.
 */
final class RefusalLog {
  private static final Duration LOG_EVERY = Duration.ofMinutes(1);

  /** Bounds the memory a stream of ever-new keys can take. */
  private static final int MAX_REMEMBERED = 1000;

  private record Logged(Instant at, long heldBack) {}

  private final Consumer<String> warn;
  private final Clock clock;
  private final Map<String, Logged> lastLogged = new HashMap<>();

  RefusalLog(Logger log, Clock clock) {
    this(line -> log.warn("{}", line), clock);
  }

  /** Writes each line it lets through to {@code warn}. */
  RefusalLog(Consumer<String> warn, Clock clock) {
    this.warn = warn;
    this.clock = clock;
  }

  /**
   * Logs {@code line} unless a line for {@code key} was logged less than a minute ago, in which
   * case it is counted, and the count is added to the next line logged for that key.
   */
  void log(String key, String line) {
    Instant now = clock.instant();
    long heldBack;
    synchronized (lastLogged) {
      Logged last = lastLogged.get(key);
      if (last != null && now.isBefore(last.at().plus(LOG_EVERY))) {
        lastLogged.put(key, new Logged(last.at(), last.heldBack() + 1));
        return;
      }
      if (lastLogged.size() >= MAX_REMEMBERED) {
        lastLogged.clear();
      }
      lastLogged.put(key, new Logged(now, 0));
      heldBack = last == null ? 0 : last.heldBack();
    }
    warn.accept(
        heldBack == 0
            ? line
            : line
                + " ("
                + heldBack
                + " more like it since "
                + LOG_EVERY.toMinutes()
                + " min ago)");
  }
}
