package org.haven.core.state;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;

/**
 * Decoded records by the stored bytes they were decoded from. Decoding is a pure function of the
 * bytes and the records are immutable, so equal bytes give an equal record whatever key they were
 * read under and whenever: a record that changes is stored as other bytes and decoded afresh. The
 * records every transaction reads (its signer, the signer's organisation, the child) are decoded
 * once rather than at each read. Emptied when full; it is only a cache.
 */
final class DecodedValues<T> {
  private final Map<Bytes, T> byEncoding = new ConcurrentHashMap<>();
  private final CanonicalReader.Element<T> decoder;
  private final int capacity;

  DecodedValues(CanonicalReader.Element<T> decoder, int capacity) {
    this.decoder = decoder;
    this.capacity = capacity;
  }

  /**
   * The record stored under {@code key}, if any.
   *
   * @throws IllegalStateException if the stored value does not decode: the state is corrupt
   */
  Optional<T> read(StateReader store, Bytes key) {
    return store.get(key).map(value -> decode(key, value));
  }

  private T decode(Bytes key, Bytes value) {
    T known = byEncoding.get(value);
    if (known != null) {
      return known;
    }
    T decoded = StateTables.decode(key, value, decoder);
    if (byEncoding.size() >= capacity) {
      byEncoding.clear();
    }
    byEncoding.put(value, decoded);
    return decoded;
  }
}
