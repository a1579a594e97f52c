package org.haven.core.state;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;

/**
 * Keys and reads shared by the typed views of the state. A key is a one-byte table prefix followed
 * by the record's id; every table's prefix is listed in {@link LedgerState} or {@link
 * RegistryState}, and no two tables share one.
 */
final class StateTables {
  private StateTables() {}

  static Bytes key(byte table, String id) {
    return key(table, Bytes.of(id.getBytes(StandardCharsets.UTF_8)));
  }

  static Bytes key(byte table, Bytes id) {
    return new CanonicalWriter().u8(table).fixed(id).toBytes();
  }

  /**
   * Decodes the value under {@code key}, if any.
   *
   * @throws IllegalStateException if the stored value does not decode: the state is corrupt
   */
  static <T> Optional<T> read(StateReader store, Bytes key, CanonicalReader.Element<T> decoder) {
    return store.get(key).map(value -> decode(key, value, decoder));
  }

  /**
   * Decodes the value stored under {@code key}.
   *
   * @throws IllegalStateException if it does not decode: the state is corrupt
   */
  static <T> T decode(Bytes key, Bytes value, CanonicalReader.Element<T> decoder) {
    CanonicalReader in = CanonicalReader.of(value);
    try {
      T decoded = decoder.read(in);
      in.finish();
      return decoded;
    } catch (DecodeException e) {
      throw new IllegalStateException(
          "Stored state under key " + key + " is corrupt: " + e.getMessage(), e);
    }
  }
}
