package org.haven.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
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

  @Test
  void write_updatesEveryCachedKeyAmongManyThatAreNot() {
    StateCache large = new StateCache(1 << 10);
    Map<Bytes, Bytes> writes = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      large.offer(numbered(3, i), OLD, large.generation());
      writes.put(numbered(3, i), NEW);
      writes.put(numbered(4, i), NEW);
    }

    large.written(writes);

    for (int i = 0; i < 1000; i++) {
      assertThat(large.get(numbered(3, i))).isEqualTo(NEW);
      assertThat(large.get(numbered(4, i))).isNull();
    }
  }

  @Test
  void keyCachedAgainAfterTheCacheWasEmptied_isUpdatedByAWrite() {
    for (int i = 0; i < 4; i++) {
      cache.offer(numbered(2, i), OLD, cache.generation());
    }
    cache.offer(KEY, OLD, cache.generation());
    cache.clear();
    cache.offer(OTHER, OLD, cache.generation());

    cache.written(Map.of(KEY, NEW, OTHER, NEW));

    assertThat(cache.get(KEY)).isNull();
    assertThat(cache.get(OTHER)).isEqualTo(NEW);
  }

  private static Bytes numbered(int table, int i) {
    return Bytes.of(new byte[] {(byte) table, (byte) (i >>> 8), (byte) i});
  }
}
