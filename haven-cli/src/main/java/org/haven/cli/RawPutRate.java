package org.haven.cli;

import java.nio.file.Path;
import java.util.Random;
import org.haven.storage.Directories;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A limit for the benchmarks: how many key-value puts per second RocksDB takes on this disk,
 * written as the ledger writes them (batches of {@value #BATCH} puts of {@value #VALUE_BYTES}-byte
 * values under random 32-byte keys, WAL on but not synced, LZ4), for {@value #SECONDS} seconds,
 * into a database of its own that is deleted afterwards.
 */
final class RawPutRate {
  private static final int BATCH = 1000;
  private static final int KEY_BYTES = 32;
  private static final int VALUE_BYTES = 300;
  private static final int SECONDS = 5;

  /** The rate measured and how. */
  record Result(double perSecond, String method) {}

  private RawPutRate() {}

  static Result measure(Path dir) throws RocksDBException, java.io.IOException {
    RocksDB.loadLibrary();
    Random random = new Random(dir.hashCode());
    byte[] value = new byte[VALUE_BYTES];
    long puts = 0;
    long started;
    long elapsed;
    try (Options options =
            new Options()
                .setCreateIfMissing(true)
                .setCompressionType(CompressionType.LZ4_COMPRESSION);
        WriteOptions writes = new WriteOptions();
        RocksDB db = RocksDB.open(options, dir.toString())) {
      started = System.nanoTime();
      long end = started + SECONDS * 1_000_000_000L;
      do {
        try (WriteBatch batch = new WriteBatch()) {
          for (int i = 0; i < BATCH; i++) {
            byte[] key = new byte[KEY_BYTES];
            random.nextBytes(key);
            random.nextBytes(value);
            batch.put(key, value);
          }
          db.write(writes, batch);
        }
        puts += BATCH;
      } while (System.nanoTime() < end);
      elapsed = System.nanoTime() - started;
    } finally {
      Directories.deleteTree(dir);
    }
    return new Result(
        puts / (elapsed / 1e9),
        String.format(
            java.util.Locale.ROOT,
            "%,d puts of %d-byte values in batches of %d, WAL unsynced, same disk, one thread",
            puts,
            VALUE_BYTES,
            BATCH));
  }
}
