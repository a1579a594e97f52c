package org.haven.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * A ledger's RocksDB opened directly, with all of its column families, to change its bytes behind
 * the node's back as an attacker with write access to the files could.
 */
final class RawLedger implements AutoCloseable {
  private static final List<String> FAMILIES =
      List.of("default", "state", "blocks", "txlog", "checkpoints", "meta", "leaves");

  private final DBOptions options = new DBOptions();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final RocksDB db;

  RawLedger(Path dir) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors =
        FAMILIES.stream()
            .map(name -> new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8)))
            .toList();
    db = RocksDB.open(options, dir.toString(), descriptors, handles);
  }

  RocksDB db() {
    return db;
  }

  List<ColumnFamilyHandle> handles() {
    return handles;
  }

  ColumnFamilyHandle handle(String family) {
    return handles.get(FAMILIES.indexOf(family));
  }

  @Override
  public void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    options.close();
  }
}
