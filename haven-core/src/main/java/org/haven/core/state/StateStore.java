package org.haven.core.state;

import org.haven.core.bytes.Bytes;

/** A state that can also be written. Writes are visible to later reads of the same store. */
public interface StateStore extends StateReader {
  void put(Bytes key, Bytes value);
}
