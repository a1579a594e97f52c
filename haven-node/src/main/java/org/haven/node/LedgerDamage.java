package org.haven.node;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this member's ledger is known to be damaged. Found by the scrub, by RocksDB on a read, or
 * by a snapshot that could not be taken, it stays known until the member is repaired ({@code haven
 * repair}) and restarted. The first report is logged and told to {@code onDamage}; later ones are
 * only counted, so that a damaged file read a thousand times makes one log line, not a thousand.
 */
final class LedgerDamage {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerDamage.class);

  private final AtomicReference<String> problem = new AtomicReference<>();
  private final AtomicLong reports = new AtomicLong();
  private final Consumer<String> onDamage;

  /**
   * @param onDamage told the first problem, once
   */
  LedgerDamage(Consumer<String> onDamage) {
    this.onDamage = onDamage;
  }

  /** Records that {@code found} found the ledger damaged with {@code what}. */
  void report(String found, String what) {
    reports.incrementAndGet();
    String described = what + " (found by " + found + ")";
    if (problem.compareAndSet(null, described)) {
      LOG.error(
          "This member's ledger is damaged: {}. It stops cosigning and serves no ledger data;"
              + " stop it and run 'haven repair --data-dir DIR' to rebuild its ledger from the"
              + " other members (see docs/consensus.md, Faults and recovery). Later reports of"
              + " damage are counted in GET /api/v1/status, not logged.",
          described);
      onDamage.accept(described);
    }
  }

  /** The first damage found, if any. */
  Optional<String> problem() {
    return Optional.ofNullable(problem.get());
  }

  /** How many times damage was reported, the first included. */
  long reports() {
    return reports.get();
  }
}
