package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.haven.core.ledger.BlockHeader;
import org.haven.storage.RocksLedgerStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background scrub walks the whole ledger a step at a time, pauses while the node is busy (but
 * not for ever), and reports the first damage once. The ledger is written by a real node; the scrub
 * is stepped by hand, with a clock that is a counter.
 */
class LedgerScrubTest {
  private static final int BLOCKS = 6;

  @TempDir Path root;

  private SingleNodeLedger ledger;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<String> damage = new ArrayList<>();

  @BeforeEach
  void writeLedger() throws Exception {
    ledger = SingleNodeLedger.writeTo(root);
    try (HavenNode node = HavenNode.start(ledger.dataDir())) {
      for (int i = 0; i < BLOCKS; i++) {
        assertThat(
                node.submit(ledger.enrolment().encoded())
                    .get(30, TimeUnit.SECONDS)
                    .result()
                    .accepted())
            .isTrue();
      }
    }
  }

  private LedgerScrub scrubOf(RocksLedgerStore store) {
    return new LedgerScrub(
        store, new LedgerVerifier(store, ledger.genesis()), busy::get, damage::add, now::get);
  }

  private Path ledgerDir() {
    return ledger.dataDir().resolve(HavenNode.LEDGER_DIR);
  }

  @Test
  void soundLedger_finishesAPass_checkingEveryFileAndBlock() {
    try (RocksLedgerStore store = RocksLedgerStore.open(ledgerDir())) {
      LedgerScrub scrub = scrubOf(store);
      long blocks = store.head().map(BlockHeader::height).orElseThrow() + 1;

      LedgerScrub.Step step;
      int steps = 0;
      do {
        step = scrub.step();
        steps++;
      } while (step == LedgerScrub.Step.CHECKED && steps < 1_000);

      assertThat(step).isEqualTo(LedgerScrub.Step.PASS_DONE);
      assertThat(steps).isEqualTo(store.tableFiles().size() + 1);
      assertThat(scrub.progress().passes()).isEqualTo(1);
      assertThat(scrub.progress().lastPassAt()).isPresent();
      assertThat(blocks).isGreaterThan(BLOCKS);
      assertThat(damage).isEmpty();
    }
  }

  @Test
  void busyNode_pausesTheScrub_untilTheLongestPause() {
    try (RocksLedgerStore store = RocksLedgerStore.open(ledgerDir())) {
      LedgerScrub scrub = scrubOf(store);
      busy.set(true);

      for (int i = 0; i < 5; i++) {
        assertThat(scrub.step()).isEqualTo(LedgerScrub.Step.PAUSED);
        now.addAndGet(LedgerScrub.PAUSE_MILLIS);
      }
      assertThat(scrub.progress().paused()).isTrue();
      assertThat(scrub.progress().filesChecked()).isZero();
      assertThat(scrub.progress().blocksChecked()).isZero();

      now.addAndGet(LedgerScrub.MAX_PAUSE_MILLIS);
      assertThat(scrub.step()).isNotEqualTo(LedgerScrub.Step.PAUSED);
      assertThat(scrub.step()).as("the pause starts again").isEqualTo(LedgerScrub.Step.PAUSED);

      busy.set(false);
      assertThat(scrub.step()).isNotEqualTo(LedgerScrub.Step.PAUSED);
      assertThat(scrub.progress().paused()).isFalse();
    }
  }

  /**
   * An attacker with the disk (or a bad disk block) changes a transaction of block 2, long before
   * the head: the start check looks only at the newest blocks, the scrub finds it.
   */
  @Test
  void changedOldTransaction_isFoundByTheChainWalk_andReportedOnce() throws Exception {
    long firstOfBlock2;
    try (RocksLedgerStore store = RocksLedgerStore.openReadOnly(ledgerDir())) {
      firstOfBlock2 = new LedgerQueries(store).header(2).orElseThrow().firstLogIndex();
    }
    HealthApiTest.flipByteOfTransaction(ledgerDir(), firstOfBlock2);

    try (RocksLedgerStore store = RocksLedgerStore.open(ledgerDir())) {
      LedgerScrub scrub = scrubOf(store);
      LedgerScrub.Step step;
      do {
        step = scrub.step();
      } while (step == LedgerScrub.Step.CHECKED);

      assertThat(step).isEqualTo(LedgerScrub.Step.DAMAGED);
      assertThat(damage)
          .singleElement()
          .asString()
          .startsWith("block 2: the Merkle root recomputed from its transactions");
      assertThat(scrub.progress().damage()).hasValue(damage.get(0));
      assertThat(scrub.step()).isEqualTo(LedgerScrub.Step.DAMAGED);
      assertThat(damage).as("reported once").hasSize(1);
    }
  }

  @Test
  void close_stopsARunningScrubAtOnce() {
    try (RocksLedgerStore store = RocksLedgerStore.open(ledgerDir())) {
      LedgerScrub scrub = scrubOf(store);
      scrub.start();
      long started = System.nanoTime();

      scrub.close();

      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
          .as("close interrupts the first pass's delay")
          .isLessThan(LedgerScrub.FIRST_PASS_DELAY_MILLIS);
    }
  }
}
