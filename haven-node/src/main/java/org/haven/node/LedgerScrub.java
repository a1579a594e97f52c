package org.haven.node;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.haven.storage.RocksLedgerStore;
import org.haven.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the whole ledger in the background, over and over, so that damage is found where nobody
 * happens to read: first the checksum of every block of every table (SST) file, then every block's
 * hash link and Merkle root from genesis to the head ({@link LedgerVerifier.ChainWalk}). The start
 * check covers only the newest blocks ({@link LedgerVerifier#checkAtStart}); this covers the rest.
 *
 * <p>It yields to the node's real work. Each step is small (one file, or {@value #CHAIN_STEP}
 * blocks), files are read at most {@value #BYTES_PER_SECOND} bytes per second, and while the node
 * is busy ({@code busy}: it applied a block in the last second) the scrub pauses, taking one step
 * per {@value #MAX_PAUSE_MILLIS} ms only, so that a member under steady load still finishes a pass,
 * slowly. {@link #close} interrupts it at once.
 *
 * <p>The first damage found is told to {@code onDamage}, once, and the scrub stops.
 */
final class LedgerScrub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerScrub.class);

  /** Table files are read at most this fast: a small share of a disk's bandwidth. */
  static final long BYTES_PER_SECOND = 32L << 20;

  /** Blocks checked along the chain in one step. */
  static final int CHAIN_STEP = 256;

  /** Between two chain steps when the node is idle. */
  static final long CHAIN_PAUSE_MILLIS = 20;

  /** How often a paused scrub looks again whether the node is still busy. */
  static final long PAUSE_MILLIS = 1_000;

  /** The longest a busy node holds the scrub back before it takes one step anyway. */
  static final long MAX_PAUSE_MILLIS = 30_000;

  /** After the node starts, before the first pass: the node's first minutes are busy. */
  static final long FIRST_PASS_DELAY_MILLIS = 2_000;

  /** Between the end of one pass and the start of the next. */
  static final long BETWEEN_PASSES_MILLIS = TimeUnit.HOURS.toMillis(1);

  /** What one {@link #step} did. */
  enum Step {
    /** The node was busy: nothing was checked. */
    PAUSED,
    /** Some of the ledger was checked and is sound. */
    CHECKED,
    /** The last step of a pass was checked: the whole ledger is sound. */
    PASS_DONE,
    /** Damage was found and reported; the scrub is over. */
    DAMAGED
  }

  /**
   * How far the scrub has come, for the node's status.
   *
   * @param passes the passes finished since the node started
   * @param lastPassAt when the last one finished, if any
   * @param phase {@code files} or {@code chain}
   * @param filesChecked table files checked in this pass
   * @param blocksChecked blocks checked along the chain in this pass
   * @param paused whether the last step found the node busy
   * @param damage the damage found, if any
   */
  record Progress(
      long passes,
      Optional<Instant> lastPassAt,
      String phase,
      long filesChecked,
      long blocksChecked,
      boolean paused,
      Optional<String> damage) {}

  private final RocksLedgerStore store;
  private final LedgerVerifier verifier;
  private final BooleanSupplier busy;
  private final Consumer<String> onDamage;
  private final LongSupplier clockMillis;
  private final Thread thread;

  // Written by the stepping thread, read by status.
  private volatile Progress progress =
      new Progress(0, Optional.empty(), "files", 0, 0, false, Optional.empty());

  // Touched only by the stepping thread.
  private List<RocksLedgerStore.TableFile> files;
  private int nextFile;
  private LedgerVerifier.ChainWalk walk;
  private long lastStepMillis;
  private long pace;

  /**
   * A scrub of {@code store}, not yet running; see {@link #start}.
   *
   * @param busy whether the node is busy now
   * @param onDamage told what is damaged, once
   * @param clockMillis the time, in milliseconds
   */
  LedgerScrub(
      RocksLedgerStore store,
      LedgerVerifier verifier,
      BooleanSupplier busy,
      Consumer<String> onDamage,
      LongSupplier clockMillis) {
    this.store = store;
    this.verifier = verifier;
    this.busy = busy;
    this.onDamage = onDamage;
    this.clockMillis = clockMillis;
    this.lastStepMillis = clockMillis.getAsLong();
    this.thread = new Thread(this::run, "ledger-scrub");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
  }

  /** Starts the passes on a thread of their own. */
  void start() {
    thread.start();
  }

  Progress progress() {
    return progress;
  }

  /**
   * Checks the next part of the ledger, unless the node is busy and has not held the scrub back for
   * {@value #MAX_PAUSE_MILLIS} ms yet.
   */
  Step step() {
    if (progress.damage().isPresent()) {
      return Step.DAMAGED;
    }
    long now = clockMillis.getAsLong();
    if (busy.getAsBoolean() && now - lastStepMillis < MAX_PAUSE_MILLIS) {
      update(progress.filesChecked(), progress.blocksChecked(), true);
      return Step.PAUSED;
    }
    lastStepMillis = now;
    try {
      return files == null || nextFile < files.size() ? checkFile() : checkChain();
    } catch (StorageException e) {
      if (!e.corruption()) {
        throw e;
      }
      return damaged("its files are corrupt: " + e.getMessage());
    }
  }

  private Step checkFile() {
    if (files == null) {
      files = store.tableFiles();
      nextFile = 0;
    }
    if (nextFile < files.size()) {
      RocksLedgerStore.TableFile file = files.get(nextFile++);
      if (store.verifyTableFile(file)) {
        pace = file.bytes() * 1000 / BYTES_PER_SECOND;
      }
      update(nextFile, 0, false);
      return Step.CHECKED;
    }
    return checkChain();
  }

  private Step checkChain() {
    if (walk == null) {
      walk = verifier.chainWalk();
    }
    Optional<String> problem = walk.check(CHAIN_STEP);
    if (problem.isPresent()) {
      return damaged(problem.get());
    }
    pace = CHAIN_PAUSE_MILLIS;
    boolean done = walk.next() > store.head().map(h -> h.height()).orElse(-1L);
    if (!done) {
      update(files.size(), walk.next(), false);
      return Step.CHECKED;
    }
    long blocks = walk.next();
    progress =
        new Progress(
            progress.passes() + 1,
            Optional.of(Instant.ofEpochMilli(clockMillis.getAsLong())),
            "files",
            0,
            0,
            false,
            Optional.empty());
    LOG.info("Scrubbed the ledger: {} table files and {} blocks are sound", files.size(), blocks);
    files = null;
    walk = null;
    return Step.PASS_DONE;
  }

  private void update(long filesChecked, long blocksChecked, boolean paused) {
    Progress now = progress;
    progress =
        new Progress(
            now.passes(),
            now.lastPassAt(),
            files != null && nextFile >= files.size() ? "chain" : "files",
            filesChecked,
            blocksChecked,
            paused,
            Optional.empty());
  }

  private Step damaged(String problem) {
    Progress now = progress;
    progress =
        new Progress(
            now.passes(),
            now.lastPassAt(),
            now.phase(),
            now.filesChecked(),
            now.blocksChecked(),
            false,
            Optional.of(problem));
    onDamage.accept(problem);
    return Step.DAMAGED;
  }

  private void run() {
    try {
      Thread.sleep(FIRST_PASS_DELAY_MILLIS);
      while (true) {
        Step step = step();
        switch (step) {
          case PAUSED -> Thread.sleep(PAUSE_MILLIS);
          case CHECKED -> Thread.sleep(pace);
          case PASS_DONE -> Thread.sleep(BETWEEN_PASSES_MILLIS);
          case DAMAGED -> {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      // Closed.
    } catch (IllegalStateException | StorageException e) {
      if (!thread.isInterrupted()) {
        LOG.warn("The ledger scrub stopped: {}", e.getMessage());
      }
    }
  }

  /** Stops the scrub and waits for it to end. */
  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
