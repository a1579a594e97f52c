package org.haven.core.state;

import java.util.Map;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;

/** Reads state entries in key order: the port behind the registry's paged lists. */
public interface StateScanner {
  /**
   * The entries whose keys start with {@code prefix} and sort after {@code after} (unsigned byte
   * order), from one consistent view of the state. The caller must close the stream.
   *
   * @param after the last key of the previous page, or {@code prefix} itself for the first page
   */
  Stream<Map.Entry<Bytes, Bytes>> scan(Bytes prefix, Bytes after);
}
