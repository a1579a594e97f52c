package org.haven.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.haven.core.bytes.Bytes;
import org.junit.jupiter.api.Test;

class StateCacheTest {
  private static final Bytes KEY = Bytes.fromHex("01aa");
  private static final Bytes OTHER = Bytes.fromHex("01bb");
  private static final Bytes OLD = Bytes.fromHex("0001");
  private static final Bytes NEW = Bytes.fromHex("0002");

  private final StateCache cache = new StateCache(4);

  @Test
  void offeredValue_isServed() {
    cache.offer(KEY, OLD, cache.generation());

    assertThat(cache.get(KEY)).isEqualTo(OLD);
    assertThat(cache.get(OTHER)).isNull();
  }

  @Test
  void offerReadBeforeAWrite_isDropped() {
    long readAt = cache.generation();
    cache.written(Map.of(KEY, NEW));

    cache.offer(KEY, OLD, readAt);

    assertThat(cache.get(KEY)).isNull();
  }

  @Test
  void write_updatesCachedKeysAndAddsNoOthers() {
    cache.offer(KEY, OLD, cache.generation());

    cache.written(Map.of(KEY, NEW, OTHER, NEW));

    assertThat(cache.get(KEY)).isEqualTo(NEW);
    assertThat(cache.get(OTHER)).isNull();
  }

  @Test
  void clear_emptiesAndMakesEarlierReadsStale() {
    long readAt = cache.generation();
    cache.offer(KEY, OLD, readAt);

    cache.clear();
    cache.offer(OTHER, OLD, readAt);

    assertThat(cache.get(KEY)).isNull();
    assertThat(cache.get(OTHER)).isNull();
  }

  @Test
  void fullCache_isEmptiedBeforeTakingMore() {
    for (int i = 0; i < 4; i++) {
      cache.offer(Bytes.fromHex("020" + i), OLD, cache.generation());
    }

    cache.offer(KEY, NEW, cache.generation());

    assertThat(cache.get(Bytes.fromHex("0200"))).isNull();
    assertThat(cache.get(KEY)).isEqualTo(NEW);
  }
}
