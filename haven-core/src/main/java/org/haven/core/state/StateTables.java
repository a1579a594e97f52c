package org.haven.core.state;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.DecodeException;

/**
 * Keys and reads shared by the typed views of the state. A key is a one-byte table prefix followed
 * by the record's id; every table's prefix is listed in {@link LedgerState} or {@link
 * RegistryState}, and no two tables share one.
 */
final class StateTables {
  private StateTables() {}

  static Bytes key(byte table, String id) {
    return key(table, Bytes.EMPTY, id);
  }

  static Bytes key(byte table, Bytes id) {
    byte[] key = new byte[1 + id.size()];
    key[0] = table;
    id.copyTo(key, 1);
    return Bytes.of(key);
  }

  /**
   * The table's prefix, then {@code fixed}, then {@code id} in UTF-8: the bytes {@code new
   * CanonicalWriter().u8(table).fixed(fixed).fixed(utf8(id))} gives, built in one array. Every
   * transaction reads and writes keys like these several times, so they are built without the
   * writer's intermediate copies.
   */
  static Bytes key(byte table, Bytes fixed, String id) {
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[1 + fixed.size() + utf8.length];
    key[0] = table;
    fixed.copyTo(key, 1);
    System.arraycopy(utf8, 0, key, 1 + fixed.size(), utf8.length);
    return Bytes.of(key);
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
