package org.haven.core.state;

import java.util.Optional;
import org.haven.core.bytes.Bytes;

/** Read access to the ledger's key-value state. The storage adaptor implements it over RocksDB. */
@FunctionalInterface
public interface StateReader {
  /** Returns the value stored under {@code key}, or empty if there is none. */
  Optional<Bytes> get(Bytes key);
}
