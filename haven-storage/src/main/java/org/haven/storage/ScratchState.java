package org.haven.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.state.PendingWrites;
import org.haven.core.state.StateStore;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A throw-away key-value state on disk, in a RocksDB database of its own: what {@code haven verify}
 * replays a ledger into, so that its memory stays bounded however large the state grows. Memory is
 * one memtable of {@value #WRITE_BUFFER_MIB} MiB (two while one flushes) and a block cache of
 * {@value #BLOCK_CACHE_MIB} MiB; the rest is on disk. Nothing is logged or synced: the database is
 * deleted by {@link #close()}, and a crash leaves only a directory to delete.
 *
 * <p>Writes go in one batch per block ({@link #commit}). Not thread-safe for writes; reads may run
 * on several threads while nothing is written.
 */
public final class ScratchState implements StateStore, AutoCloseable {
  private static final int WRITE_BUFFER_MIB = 16;
  private static final int BLOCK_CACHE_MIB = 32;
  private static final double BLOOM_BITS_PER_KEY = 10;

  /** One column family, RocksDB's default one. */
  private enum Family {
    DEFAULT
  }

  private final Path dir;
  private final RocksResources resources;
  private final RocksDB db;
  private final ReadOptions reads;
  private final WriteOptions writes;

  private ScratchState(Path dir, RocksResources resources, RocksDB db) {
    this.dir = dir;
    this.resources = resources;
    this.db = db;
    this.reads = resources.own(new ReadOptions().setVerifyChecksums(true));
    this.writes = resources.own(new WriteOptions().setDisableWAL(true).setSync(false));
  }

  /**
   * Creates an empty state in {@code dir}, which must not exist yet.
   *
   * @throws StorageException if {@code dir} exists or the database cannot be created there
   */
  public static ScratchState create(Path dir) {
    if (Files.exists(dir)) {
      throw new StorageException(
          "The scratch directory "
              + dir
              + " exists already; name a new one, or delete it if it is left from an earlier run");
    }
    try {
      Files.createDirectories(dir);
      return RocksResources.build(
          resources -> {
            DBOptions options = resources.own(RocksResources.newDbOptions());
            ColumnFamilyOptions family =
                resources.own(
                    new ColumnFamilyOptions()
                        .setWriteBufferSize((long) WRITE_BUFFER_MIB << 20)
                        .setMaxWriteBufferNumber(2)
                        .setCompressionType(CompressionType.LZ4_COMPRESSION)
                        .setTableFormatConfig(
                            new BlockBasedTableConfig()
                                .setBlockCache(
                                    resources.own(new LRUCache((long) BLOCK_CACHE_MIB << 20)))
                                .setFilterPolicy(
                                    resources.own(new BloomFilter(BLOOM_BITS_PER_KEY)))));
            RocksResources.Database<Family> database =
                resources.open(options, dir, Family.class, f -> family, false);
            return new ScratchState(dir, resources, database.db());
          });
    } catch (IOException e) {
      throw new StorageException("Failed to create the scratch directory " + dir + ": " + e, e);
    } catch (RocksDBException e) {
      throw new StorageException(
          "Failed to create a scratch state at " + dir + ": " + RocksResources.describe(e), e);
    }
  }

  @Override
  public Optional<Bytes> get(Bytes key) {
    try {
      return Optional.ofNullable(db.get(reads, key.toArray())).map(Bytes::of);
    } catch (RocksDBException e) {
      throw failure("read state key " + key, e);
    }
  }

  @Override
  public void put(Bytes key, Bytes value) {
    try {
      db.put(writes, key.toArray(), value.toArray());
    } catch (RocksDBException e) {
      throw failure("write state key " + key, e);
    }
  }

  /** Writes every write of {@code pending} into this state, in one batch. */
  public void commit(PendingWrites pending) {
    try (WriteBatch batch = new WriteBatch()) {
      for (Map.Entry<Bytes, Bytes> write : pending.writes().entrySet()) {
        batch.put(write.getKey().toArray(), write.getValue().toArray());
      }
      db.write(writes, batch);
    } catch (RocksDBException e) {
      throw failure("write " + pending.writes().size() + " state keys", e);
    }
  }

  @Override
  public List<Optional<Bytes>> getAll(List<Bytes> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    try {
      List<byte[]> found = db.multiGetAsList(reads, keys.stream().map(Bytes::toArray).toList());
      return found.stream().map(value -> Optional.ofNullable(value).map(Bytes::of)).toList();
    } catch (RocksDBException e) {
      throw failure("read " + keys.size() + " state keys", e);
    }
  }

  /**
   * Every entry in ascending unsigned key order, the order of {@link
   * RocksLedgerStore#stateEntries()}. The caller must close the iterator before writing again or
   * closing this state.
   */
  public EntryIterator entries() {
    return new EntryIterator(db.newIterator(reads));
  }

  /** The entries of a {@link ScratchState}, in key order; close it when done. */
  public final class EntryIterator implements Iterator<Map.Entry<Bytes, Bytes>>, AutoCloseable {
    private final RocksIterator cursor;

    private EntryIterator(RocksIterator cursor) {
      this.cursor = cursor;
      cursor.seekToFirst();
    }

    @Override
    public boolean hasNext() {
      if (cursor.isValid()) {
        return true;
      }
      try {
        cursor.status();
      } catch (RocksDBException e) {
        throw failure("read the state", e);
      }
      return false;
    }

    @Override
    public Map.Entry<Bytes, Bytes> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Map.Entry<Bytes, Bytes> entry = Map.entry(Bytes.of(cursor.key()), Bytes.of(cursor.value()));
      cursor.next();
      return entry;
    }

    @Override
    public void close() {
      cursor.close();
    }
  }

  /**
   * Closes the database and deletes its directory.
   *
   * @throws StorageException if the directory cannot be deleted; the database is closed even then
   */
  @Override
  public void close() {
    resources.close();
    try {
      Directories.deleteTree(dir);
    } catch (IOException e) {
      throw new StorageException(
          "Failed to delete the scratch state at " + dir + "; delete it by hand: " + e, e);
    }
  }

  private StorageException failure(String what, RocksDBException e) {
    return new StorageException(
        "Failed to " + what + " in the scratch state at " + dir + ": " + RocksResources.describe(e),
        e);
  }
}
