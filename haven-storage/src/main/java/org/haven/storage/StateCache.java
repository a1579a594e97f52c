package org.haven.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.haven.core.bytes.Bytes;

/**
 * Committed state values read recently, so that the records every transaction looks up (its signer,
 * the signer's organisation, the child it is about) skip RocksDB's lookup path: memtable skip
 * lists, filters and index blocks of several files, and a copy across JNI.
 *
 * <p>The cache never serves a value older than the store's. The writer calls {@link #written} after
 * each write, which updates the cached keys it wrote and moves the generation on; a reader offers
 * what it read with the generation it saw before reading, and the offer is dropped if a write came
 * in between, since the value read may predate it. Both run under this object's lock, so a write
 * either sees the offered value (and updates it) or makes the offer stale.
 *
 * <p>Absent keys are not cached: most are the ids of new transactions, looked up once to refuse
 * replays. When full, the cache is emptied: the hot records come back at once.
 *
 * <p>Most keys a block writes are new (its transactions, their indexes, the Merkle nodes), so most
 * are not cached. A bit per hash of the cached keys, set when a key is cached and reset only when
 * the cache is emptied, tells {@link #written} which keys cannot be cached without probing the map.
 */
final class StateCache {
  private final Map<Bytes, Bytes> values = new ConcurrentHashMap<>();
  private final int capacity;
  private final long[] mayHold;
  private final int hashShift;
  private volatile long generation;

  StateCache(int capacity) {
    this.capacity = capacity;
    // 16 bits or more per cached key: a key not cached is probed once in sixteen at most.
    int bits = Math.max(Long.SIZE, Integer.highestOneBit(Math.max(1, capacity)) << 4);
    this.mayHold = new long[bits / Long.SIZE];
    this.hashShift = Integer.SIZE - Integer.numberOfTrailingZeros(bits);
  }

  /** The cached value of {@code key}, or null. */
  Bytes get(Bytes key) {
    return values.get(key);
  }

  /** Read before reading the store; hand it back to {@link #offer}. */
  long generation() {
    return generation;
  }

  /** Keeps {@code value}, read from the store at {@code readAt}, unless the store changed since. */
  synchronized void offer(Bytes key, Bytes value, long readAt) {
    if (readAt != generation) {
      return;
    }
    if (values.size() >= capacity) {
      empty();
    }
    if (values.putIfAbsent(key, value) == null) {
      int bit = bit(key);
      mayHold[bit >>> 6] |= 1L << bit;
    }
  }

  /** The store now holds {@code writes}. Called by the one writer, after each write. */
  synchronized void written(Map<Bytes, Bytes> writes) {
    generation++;
    for (Map.Entry<Bytes, Bytes> write : writes.entrySet()) {
      Bytes key = write.getKey();
      int bit = bit(key);
      if ((mayHold[bit >>> 6] & (1L << bit)) != 0) {
        values.replace(key, write.getValue());
      }
    }
  }

  /** The whole store was replaced. */
  synchronized void clear() {
    generation++;
    empty();
  }

  private void empty() {
    values.clear();
    Arrays.fill(mayHold, 0L);
  }

  /** The key's bit: the top bits of its hash, spread by the golden ratio. */
  private int bit(Bytes key) {
    return (key.hashCode() * 0x9E3779B9) >>> hashShift;
  }
}
