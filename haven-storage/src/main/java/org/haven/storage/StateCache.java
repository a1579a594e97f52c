package org.haven.storage;

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
 */
final class StateCache {
  private final Map<Bytes, Bytes> values = new ConcurrentHashMap<>();
  private final int capacity;
  private volatile long generation;

  StateCache(int capacity) {
    this.capacity = capacity;
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
      values.clear();
    }
    values.putIfAbsent(key, value);
  }

  /** The store now holds {@code writes}. Called by the one writer, after each write. */
  synchronized void written(Map<Bytes, Bytes> writes) {
    generation++;
    for (Map.Entry<Bytes, Bytes> write : writes.entrySet()) {
      values.replace(write.getKey(), write.getValue());
    }
  }

  /** The whole store was replaced. */
  synchronized void clear() {
    generation++;
    values.clear();
  }
}
