package org.haven.core.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.haven.core.bytes.Bytes;

/**
 * A state and the values of some of its keys, read from it in one go ({@link StateReader#getAll})
 * when this view is made; every other key is read from the state when asked. A read-ahead value is
 * as of this view's making, so a view lives for one short check (a batch of submissions) on one
 * thread.
 */
public final class ReadAhead implements StateReader {
  private final StateReader state;
  private final Map<Bytes, Optional<Bytes>> readAhead;

  public ReadAhead(StateReader state, List<Bytes> keys) {
    this.state = state;
    List<Optional<Bytes>> values = state.getAll(keys);
    this.readAhead = new HashMap<>(2 * keys.size());
    for (int i = 0; i < keys.size(); i++) {
      readAhead.put(keys.get(i), values.get(i));
    }
  }

  @Override
  public Optional<Bytes> get(Bytes key) {
    Optional<Bytes> value = readAhead.get(key);
    return value != null ? value : state.get(key);
  }
}
