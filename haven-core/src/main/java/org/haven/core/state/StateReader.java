package org.haven.core.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.haven.core.bytes.Bytes;

/** Read access to the ledger's key-value state. The storage adaptor implements it over RocksDB. */
@FunctionalInterface
public interface StateReader {
  /** Returns the value stored under {@code key}, or empty if there is none. */
  Optional<Bytes> get(Bytes key);

  /**
   * Returns the values stored under {@code keys}, in their order, each as {@link #get} would. A
   * store may read them in one go, cheaper than one lookup each.
   */
  default List<Optional<Bytes>> getAll(List<Bytes> keys) {
    List<Optional<Bytes>> values = new ArrayList<>(keys.size());
    for (Bytes key : keys) {
      values.add(get(key));
    }
    return values;
  }
}
