package org.haven.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalLogTest {
  private final List<String> lines = new ArrayList<>();
  private Instant now = Instant.parse("2026-12-07T18:00:00Z");
  private final RefusalLog log = new RefusalLog(lines::add, new StepClock());

  @Test
  void repeatsWithinAMinute_giveOneLine_thenOneWithTheCount() {
    Instant start = now;
    // 150 a second for most of a minute, as a peer that is down can cause.
    for (int i = 0; i < 150 * 59; i++) {
      log.log("peer-down", "appendEntries to ug-nira failed");
      now = start.plusMillis(i * 1000L / 150);
    }
    now = start.plus(Duration.ofMinutes(1));
    log.log("peer-down", "appendEntries to ug-nira failed");

    assertThat(lines)
        .containsExactly(
            "appendEntries to ug-nira failed",
            "appendEntries to ug-nira failed (8849 more like it since 1 min ago)");
  }

  @Test
  void eachKeyIsLimitedOnItsOwn() {
    log.log("a", "first a");
    log.log("b", "first b");
    log.log("a", "second a");

    assertThat(lines).containsExactly("first a", "first b");
  }

  @Test
  void aLineAfterAQuietMinute_hasNoCount() {
    log.log("a", "first");
    now = now.plus(Duration.ofMinutes(1));
    log.log("a", "again");

    assertThat(lines).containsExactly("first", "again");
  }

  private final class StepClock extends Clock {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
