package org.haven.consensus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs refusals of a peer at WARN, once a minute at most for one key (a certificate, a claimed
 * peer), since a refused peer retries every few hundred milliseconds.
 */
final class RefusalLog {
  private static final Duration LOG_EVERY = Duration.ofMinutes(1);

  /** Bounds the memory a stream of ever-new keys can take. */
  private static final int MAX_REMEMBERED = 1000;

  private final Logger log;
  private final Clock clock;
  private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

  RefusalLog(Logger log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** Logs {@code line} unless a line for {@code key} was logged less than a minute ago. */
  void log(String key, String line) {
    Instant now = clock.instant();
    Instant last = lastLogged.get(key);
    if (last == null || !now.isBefore(last.plus(LOG_EVERY))) {
      if (lastLogged.size() >= MAX_REMEMBERED) {
        lastLogged.clear();
      }
      lastLogged.put(key, now);
      log.warn("{}", line);
    }
  }
}
