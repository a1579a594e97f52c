package org.haven.vault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.haven.core.bytes.Bytes;
import org.haven.core.registry.identity.ChildNumber;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * A vault's database opened with plain RocksDB, as an attacker with the disk would, to read and
 * change records behind the vault's back.
 */
final class RawVaultDb implements AutoCloseable {
  private final DBOptions options;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final ColumnFamilyHandle records;

  /** Opens the closed vault in {@code dir} for reading and writing. */
  RawVaultDb(Path dir) throws RocksDBException {
    this(dir, false);
  }

  /** Opens the vault in {@code dir}, which may be open, for reading only. */
  static RawVaultDb readOnly(Path dir) throws RocksDBException {
    return new RawVaultDb(dir, true);
  }

  private RawVaultDb(Path dir, boolean readOnly) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors;
    try (Options listing = new Options()) {
      descriptors =
          RocksDB.listColumnFamilies(listing, dir.toString()).stream()
              .map(ColumnFamilyDescriptor::new)
              .toList();
    }
    options = new DBOptions();
    db =
        readOnly
            ? RocksDB.openReadOnly(options, dir.toString(), descriptors, handles)
            : RocksDB.open(options, dir.toString(), descriptors, handles);
    records =
        handles.stream()
            .filter(h -> nameOf(h).equals("records"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no records column family in " + dir));
  }

  private static String nameOf(ColumnFamilyHandle handle) {
    try {
      return new String(handle.getName(), StandardCharsets.US_ASCII);
    } catch (RocksDBException e) {
      throw new AssertionError(e);
    }
  }

  Bytes get(ChildNumber childNumber) throws RocksDBException {
    return Bytes.of(db.get(records, key(childNumber)));
  }

  void put(ChildNumber childNumber, Bytes value) throws RocksDBException {
    db.put(records, key(childNumber), value.toArray());
  }

  /**
   * Drops the column family {@code name} with everything in it: a vault written before that family
   * existed.
   */
  void dropColumnFamily(String name) throws RocksDBException {
    ColumnFamilyHandle family =
        handles.stream()
            .filter(h -> nameOf(h).equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no column family " + name));
    db.dropColumnFamily(family);
  }

  /**
   * Drops the search index and forgets that it was built, as in a vault made before search: the
   * next open indexes every record again.
   */
  void dropSearchIndex() throws RocksDBException {
    dropColumnFamily("search");
    dropColumnFamily("search_tokens");
    for (ColumnFamilyHandle handle : handles) {
      if (nameOf(handle).equals("meta")) {
        db.delete(handle, "search-index".getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  private static byte[] key(ChildNumber childNumber) {
    return childNumber.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    options.close();
  }
}
