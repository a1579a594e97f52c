package org.haven.core.state;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;

/** A state held in memory: for tests and for replaying a ledger in {@code haven verify}. */
public final class InMemoryState implements StateStore, StateScanner {
  private final NavigableMap<Bytes, Bytes> entries = new TreeMap<>();

  @Override
  public Optional<Bytes> get(Bytes key) {
    return Optional.ofNullable(entries.get(key));
  }

  @Override
  public void put(Bytes key, Bytes value) {
    entries.put(key, value);
  }

  @Override
  public Stream<Map.Entry<Bytes, Bytes>> scan(Bytes prefix, Bytes after) {
    List<Map.Entry<Bytes, Bytes>> copy = List.copyOf(entries.tailMap(after, false).entrySet());
    return copy.stream().takeWhile(entry -> entry.getKey().startsWith(prefix));
  }

  public int size() {
    return entries.size();
  }

  /** Copies every write of {@code pending} into this state. */
  public void commit(PendingWrites pending) {
    entries.putAll(pending.writes());
  }
}
