package org.haven.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.ledger.Block;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.state.PendingWrites;
import org.haven.core.state.StateReader;
import org.haven.core.state.StateScanner;
import org.haven.core.tx.Transaction;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.SstFileReader;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The node's ledger on disk: one RocksDB database with a column family per kind of record.
 *
 * <ul>
 *   <li>{@code state}: the ledger's key-value state;
 *   <li>{@code blocks}: height, 8 bytes big-endian, to {@link BlockHeader#encode()};
 *   <li>{@code txlog}: log index, 8 bytes big-endian, to {@link Transaction#encoded()};
 *   <li>{@code leaves}: the RFC 6962 leaf hash of each transaction to its log index, 8 bytes
 *       big-endian, so that anyone holding a transaction can ask for its inclusion proof without
 *       being shown any other;
 *   <li>{@code checkpoints}: height to the UTF-8 text of the signed checkpoint note;
 *   <li>{@code meta}: {@code applied} to the term and index of the last applied Raft entry, two
 *       big-endian u64.
 * </ul>
 *
 * <p>A block's header, transactions, state writes, checkpoint and Raft index go to disk in one
 * atomic write batch, so after {@code kill -9} or a power cut the store holds the whole block or
 * none of it. RocksDB's default point-in-time WAL recovery drops only a torn tail. The batch goes
 * to the WAL but is not synced: every block comes from a Raft entry that is already synced to the
 * Raft log of a majority, and after a power cut the node replays the entries this store lost (see
 * docs/ledger.md). An fsync here would add one disk flush per block to the serial apply path.
 *
 * <p>Options: LZ4 compresses every level (built into rocksdbjni 10.10.1, as the LOG's "Compression
 * algorithms supported" shows). Most of a ledger's bytes are hashes, signatures and keys, which no
 * algorithm shrinks, and ZSTD at the bottom level cost a quarter of the compactions' CPU under load
 * (docs/BENCHMARKS.md). State is read by point lookups, many of them for keys that are absent
 * (every new transaction's id is looked up to refuse replays), so its column family has bloom
 * filters in its tables and in its memtables, and a hash index in each data block; headers and
 * transactions have dense sequential keys and need none. All column families share a 128 MiB block
 * cache and use 16 MiB memtables, ample for a ledger's write rate. Paranoid checks and checksum
 * verification on every read turn a corrupt file into an error rather than a wrong answer. The info
 * log rolls at 1 MiB with five files kept, and the WAL is capped at 64 MiB so that recovery stays
 * quick.
 *
 * <p>State values read recently are kept in memory ({@link StateCache}), updated by each commit.
 * Reads are thread-safe; commits are serialised. {@link #replaceWith} swaps the whole database for
 * a checkpoint (a Raft snapshot from the leader) while readers wait.
 */
public final class RocksLedgerStore implements StateReader, StateScanner, AutoCloseable {
  private static final byte[] APPLIED = "applied".getBytes(StandardCharsets.UTF_8);
  private static final long BLOCK_CACHE_BYTES = 128L << 20;
  private static final long WRITE_BUFFER_BYTES = 16L << 20;
  private static final long WAL_BYTES = 64L << 20;
  private static final double BLOOM_BITS_PER_KEY = 10;
  private static final int READ_ONLY_OPEN_ATTEMPTS = 5;

  /** State values kept in {@link StateCache}: a few megabytes of the records read most. */
  private static final int STATE_CACHE_ENTRIES = 1 << 16;

  /** A tenth of each state memtable is a bloom filter of its keys. */
  private static final double MEMTABLE_BLOOM_RATIO = 0.1;

  /** The column families, named in lower case; RocksDB requires the default one. */
  private enum Family {
    DEFAULT,
    STATE,
    BLOCKS,
    TXLOG,
    LEAVES,
    CHECKPOINTS,
    META
  }

  /**
   * An open database and every native object that goes with it, closed together. Replaced as a
   * whole by {@link #replaceWith}.
   */
  private static final class Handles {
    final RocksResources.Database<Family> database;
    final ReadOptions reads;
    final WriteOptions unsynced;

    /** Every native object of this database, the database included. */
    final RocksResources resources;

    Handles(RocksResources.Database<Family> database, RocksResources resources) {
      this.database = database;
      this.resources = resources;
      this.reads = resources.own(new ReadOptions().setVerifyChecksums(true));
      this.unsynced = resources.own(new WriteOptions());
    }

    RocksDB db() {
      return database.db();
    }

    ColumnFamilyHandle handle(Family family) {
      return database.handle(family);
    }
  }

  private final Path dir;
  private final boolean readOnly;

  /**
   * Held for reading around every use of {@link #handles}, for writing while they are replaced: a
   * closed RocksDB must never be touched, as native code does not check.
   */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private final StateCache cache = new StateCache(STATE_CACHE_ENTRIES);

  private Handles handles;
  private volatile BlockHeader head;
  private volatile boolean closed;

  private RocksLedgerStore(Path dir, boolean readOnly, Handles handles) throws RocksDBException {
    this.dir = dir;
    this.readOnly = readOnly;
    this.handles = handles;
    this.head = loadHead(handles);
  }

  /**
   * Opens the ledger in {@code dir} for reading and writing, creating the directory, the database
   * and any missing column family.
   *
   * @throws StorageException if the directory cannot be created or the database cannot be opened,
   *     for example because its files are corrupt
   */
  public static RocksLedgerStore open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("Failed to create ledger directory " + dir + ": " + e, e);
    }
    return openWritable(dir);
  }

  /**
   * Opens an existing ledger in {@code dir} for reading only, as {@code haven verify} does. Commits
   * on the result fail.
   *
   * <p>The ledger may belong to a running node. Its compactions delete table files, and one the
   * manifest still listed can be gone by the time this reader opens it; the open is then tried
   * again, up to {@value #READ_ONLY_OPEN_ATTEMPTS} times. Once open, the reader holds every table
   * file open (RocksDB's default of no limit on open files), so later deletions do not affect it.
   *
   * @throws StorageException if {@code dir} holds no ledger or it cannot be opened
   */
  public static RocksLedgerStore openReadOnly(Path dir) {
    if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
      throw new StorageException(
          "No ledger at " + dir + ": the directory holds no RocksDB database (no CURRENT file)");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return new RocksLedgerStore(dir, true, openHandles(dir, true));
      } catch (RocksDBException e) {
        if (attempt == READ_ONLY_OPEN_ATTEMPTS || !aTableFileWentAway(e)) {
          throw failure("open the ledger read-only at " + dir, e);
        }
        pauseBeforeReopening();
      }
    }
  }

  private static boolean aTableFileWentAway(RocksDBException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("No such file or directory") && message.contains(".sst");
  }

  private static void pauseBeforeReopening() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new StorageException("Interrupted while opening the ledger read-only", interrupted);
    }
  }

  private static RocksLedgerStore openWritable(Path dir) {
    try {
      return new RocksLedgerStore(dir, false, openHandles(dir, false));
    } catch (RocksDBException e) {
      throw failure("open the ledger at " + dir, e);
    }
  }

  private static Handles openHandles(Path dir, boolean readOnly) throws RocksDBException {
    return RocksResources.build(
        resources -> {
          DBOptions options =
              resources.own(RocksResources.newDbOptions().setMaxTotalWalSize(WAL_BYTES));
          Cache blockCache = resources.own(new LRUCache(BLOCK_CACHE_BYTES));
          ColumnFamilyOptions plain =
              resources.own(familyOptions(new BlockBasedTableConfig().setBlockCache(blockCache)));
          ColumnFamilyOptions filtered =
              resources.own(
                  familyOptions(
                          new BlockBasedTableConfig()
                              .setBlockCache(blockCache)
                              .setFilterPolicy(resources.own(new BloomFilter(BLOOM_BITS_PER_KEY)))
                              .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash))
                      .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
                      .setMemtableWholeKeyFiltering(true));
          RocksResources.Database<Family> database =
              resources.open(
                  options,
                  dir,
                  Family.class,
                  f -> f == Family.STATE || f == Family.LEAVES ? filtered : plain,
                  readOnly);
          return new Handles(database, resources);
        });
  }

  private static ColumnFamilyOptions familyOptions(BlockBasedTableConfig table) {
    return new ColumnFamilyOptions()
        .setWriteBufferSize(WRITE_BUFFER_BYTES)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
        .setTableFormatConfig(table);
  }

  private BlockHeader loadHead(Handles open) throws RocksDBException {
    try (RocksIterator last = open.db().newIterator(open.handle(Family.BLOCKS), open.reads)) {
      last.seekToLast();
      if (!last.isValid()) {
        last.status();
        return null;
      }
      try {
        return BlockHeader.decode(Bytes.of(last.value()));
      } catch (DecodeException e) {
        throw new StorageException(
            "The head block header in " + dir + " is corrupt: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Writes {@code block}, its transactions at log indexes {@code [firstLogIndex, treeSize())}, the
   * state {@code writes} it made, its signed checkpoint note and the Raft entry that carried it, in
   * one atomic write. When this returns the block survives {@code kill -9}; it survives a power cut
   * once RocksDB's WAL reaches the disk, and until then the synced Raft log holds its entry.
   *
   * @param writes the block's writes, buffered over this store's state
   * @throws IllegalStateException unless {@code block} extends the head: block 0 starting the log
   *     at 0 on an empty store, otherwise the next height, linking to the head's hash and starting
   *     at the head's tree size. The store is then unchanged.
   * @throws StorageException if the write fails; the store then holds none of the block
   */
  public synchronized void commitBlock(
      Block block, PendingWrites writes, String signedCheckpoint, long raftTerm, long raftIndex) {
    Objects.requireNonNull(signedCheckpoint, "signedCheckpoint");
    BlockHeader header = block.header();
    requireExtendsHead(header);
    Handles open = acquire();
    try (WriteBatch batch = new WriteBatch()) {
      byte[] height = u64(header.height());
      batch.put(open.handle(Family.BLOCKS), height, header.encode().toArray());
      List<Transaction> transactions = block.transactions();
      for (int i = 0; i < transactions.size(); i++) {
        Transaction tx = transactions.get(i);
        byte[] index = u64(header.firstLogIndex() + i);
        batch.put(open.handle(Family.TXLOG), index, tx.encoded().toArray());
        batch.put(open.handle(Family.LEAVES), tx.leafHash().toArray(), index);
      }
      for (Map.Entry<Bytes, Bytes> write : writes.writes().entrySet()) {
        batch.put(open.handle(Family.STATE), write.getKey().toArray(), write.getValue().toArray());
      }
      batch.put(
          open.handle(Family.CHECKPOINTS),
          height,
          signedCheckpoint.getBytes(StandardCharsets.UTF_8));
      batch.put(open.handle(Family.META), APPLIED, applied(raftTerm, raftIndex));
      open.db().write(open.unsynced, batch);
      cache.written(writes.writes());
    } catch (RocksDBException e) {
      throw failure("commit block " + header.height() + " to " + dir, e);
    } finally {
      release();
    }
    head = header;
  }

  private void requireExtendsHead(BlockHeader header) {
    BlockHeader current = head;
    if (current == null) {
      if (header.height() != 0 || header.firstLogIndex() != 0) {
        throw new IllegalStateException(
            "The ledger at "
                + dir
                + " is empty, so the first block must be block 0 starting the log at 0; got block "
                + header.height()
                + " starting at "
                + header.firstLogIndex());
      }
    } else if (header.height() != current.height() + 1) {
      throw new IllegalStateException(
          "Block " + header.height() + " does not follow the head, block " + current.height());
    } else if (!header.previous().equals(current.hash())) {
      throw new IllegalStateException(
          "Block "
              + header.height()
              + " links to "
              + header.previous()
              + ", but the head block "
              + current.height()
              + " has hash "
              + current.hash());
    } else if (header.firstLogIndex() != current.treeSize()) {
      throw new IllegalStateException(
          "Block "
              + header.height()
              + " starts the log at "
              + header.firstLogIndex()
              + ", but the log holds "
              + current.treeSize()
              + " entries");
    }
  }

  /**
   * Records that the Raft entry at {@code raftTerm}/{@code raftIndex}, which produced no block, is
   * applied. Both numbers must not be negative.
   *
   * @throws StorageException if the write fails
   */
  public void commitApplied(long raftTerm, long raftIndex) {
    Handles open = acquire();
    try {
      open.db().put(open.handle(Family.META), open.unsynced, APPLIED, applied(raftTerm, raftIndex));
    } catch (RocksDBException e) {
      throw failure("record applied Raft entry " + raftIndex + " in " + dir, e);
    } finally {
      release();
    }
  }

  /** The last block committed, if any. */
  public Optional<BlockHeader> head() {
    return Optional.ofNullable(head);
  }

  /**
   * Returns the state value under {@code key}.
   *
   * @throws StorageException if the read fails, for example on a corrupt file
   */
  @Override
  public Optional<Bytes> get(Bytes key) {
    Bytes cached = cache.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    long readAt = cache.generation();
    Optional<Bytes> value =
        read(Family.STATE, key.toArray(), () -> "state key " + key).map(Bytes::of);
    value.ifPresent(found -> cache.offer(key, found, readAt));
    return value;
  }

  /**
   * Returns the state values under {@code keys}, in their order: the cached ones from the cache,
   * the others in one RocksDB multi-get, cheaper than one lookup each (most of them are absent: the
   * replay checks of new transactions).
   *
   * @throws StorageException if the read fails, for example on a corrupt file
   */
  @Override
  public List<Optional<Bytes>> getAll(List<Bytes> keys) {
    List<Optional<Bytes>> values = new ArrayList<>(keys.size());
    List<Integer> uncached = new ArrayList<>();
    List<byte[]> toRead = new ArrayList<>();
    for (Bytes key : keys) {
      Bytes cached = cache.get(key);
      if (cached == null) {
        uncached.add(values.size());
        toRead.add(key.toArray());
      }
      values.add(Optional.ofNullable(cached));
    }
    if (toRead.isEmpty()) {
      return values;
    }
    long readAt = cache.generation();
    Handles open = acquire();
    List<byte[]> read;
    try {
      read =
          open.db()
              .multiGetAsList(
                  open.reads,
                  Collections.nCopies(toRead.size(), open.handle(Family.STATE)),
                  toRead);
    } catch (RocksDBException e) {
      throw failure("read " + toRead.size() + " state keys from " + dir, e);
    } finally {
      release();
    }
    for (int i = 0; i < read.size(); i++) {
      byte[] found = read.get(i);
      if (found != null) {
        int at = uncached.get(i);
        Bytes value = Bytes.of(found);
        values.set(at, Optional.of(value));
        cache.offer(keys.get(at), value, readAt);
      }
    }
    return values;
  }

  /** The encoded header of the block at {@code height}, if it is stored. */
  public Optional<Bytes> rawHeader(long height) {
    return read(Family.BLOCKS, u64(height), () -> "header of block " + height).map(Bytes::of);
  }

  /** The encoded transaction at {@code logIndex} in the Merkle log, if it is stored. */
  public Optional<Bytes> rawTransaction(long logIndex) {
    return read(Family.TXLOG, u64(logIndex), () -> "transaction " + logIndex).map(Bytes::of);
  }

  /**
   * The log index of the transaction whose RFC 6962 leaf hash is {@code leafHash}, if one is
   * stored. Leaves are indexed as their blocks are committed: a ledger written before this index
   * existed answers only for the transactions committed since.
   */
  public Optional<Long> leafIndex(Hash leafHash) {
    return read(Family.LEAVES, leafHash.toBytes().toArray(), () -> "leaf " + leafHash)
        .map(index -> ByteBuffer.wrap(index).getLong());
  }

  /** The signed checkpoint note written with the block at {@code height}, if it is stored. */
  public Optional<String> checkpoint(long height) {
    return read(Family.CHECKPOINTS, u64(height), () -> "checkpoint of block " + height)
        .map(note -> new String(note, StandardCharsets.UTF_8));
  }

  /** The last Raft entry applied, or {@link AppliedIndex#NONE}. */
  public AppliedIndex applied() {
    return read(Family.META, APPLIED, () -> "applied Raft index")
        .map(
            value -> {
              ByteBuffer buffer = ByteBuffer.wrap(value);
              return new AppliedIndex(buffer.getLong(), buffer.getLong());
            })
        .orElse(AppliedIndex.NONE);
  }

  /**
   * Every state entry in ascending unsigned key order, as of one snapshot that later commits do not
   * change. The caller must close the stream, on the thread that opened it, and must do so before
   * closing the store; until then {@link #replaceWith} waits.
   *
   * @throws StorageException from the stream's operations if a read fails
   */
  public Stream<Map.Entry<Bytes, Bytes>> stateEntries() {
    return entries(Optional.empty(), Bytes.EMPTY);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The view is a RocksDB snapshot; the caller must close the stream, on the thread that opened
   * it, before closing the store.
   *
   * @throws StorageException from the stream's operations if a read fails
   */
  @Override
  public Stream<Map.Entry<Bytes, Bytes>> scan(Bytes prefix, Bytes after) {
    return entries(Optional.of(prefix), after);
  }

  private Stream<Map.Entry<Bytes, Bytes>> entries(Optional<Bytes> prefix, Bytes after) {
    Handles locked = acquire();
    RocksDB open = locked.db();
    Snapshot snapshot = open.getSnapshot();
    ReadOptions options =
        new ReadOptions().setSnapshot(snapshot).setVerifyChecksums(true).setFillCache(false);
    RocksIterator entries = open.newIterator(locked.handle(Family.STATE), options);
    entries.seek(after.toArray());
    if (entries.isValid() && Arrays.equals(entries.key(), after.toArray())) {
      entries.next();
    }
    Spliterator<Map.Entry<Bytes, Bytes>> spliterator =
        new Spliterators.AbstractSpliterator<>(
            Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL) {
          @Override
          public boolean tryAdvance(Consumer<? super Map.Entry<Bytes, Bytes>> action) {
            if (!entries.isValid()) {
              try {
                entries.status();
              } catch (RocksDBException e) {
                throw failure("read the state of " + dir, e);
              }
              return false;
            }
            Bytes key = Bytes.of(entries.key());
            if (prefix.isPresent() && !key.startsWith(prefix.get())) {
              return false;
            }
            action.accept(Map.entry(key, Bytes.of(entries.value())));
            entries.next();
            return true;
          }
        };
    return StreamSupport.stream(spliterator, false)
        .onClose(
            () -> {
              entries.close();
              options.close();
              open.releaseSnapshot(snapshot);
              release();
            });
  }

  /**
   * One table (SST) file of the database as it stands: its path and size.
   *
   * @param file the file's path
   * @param bytes its size
   */
  public record TableFile(Path file, long bytes) {}

  /** The table files the database uses now, smallest name (oldest) first. */
  public List<TableFile> tableFiles() {
    Handles open = acquire();
    try {
      return open.db().getLiveFilesMetaData().stream()
          .map(RocksLedgerStore::tableFile)
          .sorted(Comparator.comparing(TableFile::file))
          .toList();
    } finally {
      release();
    }
  }

  private static TableFile tableFile(LiveFileMetaData meta) {
    return new TableFile(Path.of(meta.path(), meta.fileName()), meta.size());
  }

  /**
   * Reads all of {@code table} and checks the checksum of each of its blocks, as RocksDB's {@code
   * VerifyChecksum} does for the whole database, but one file at a time, so that a background check
   * can pause between files. The database keeps running meanwhile; a file that a compaction removed
   * since {@link #tableFiles} listed it is no longer part of the ledger and is skipped.
   *
   * @return false if the file is gone, true if every block's checksum matched
   * @throws StorageException naming the file if a checksum does not match or it cannot be read
   */
  public boolean verifyTableFile(TableFile table) {
    try (Options options = new Options();
        SstFileReader reader = new SstFileReader(options)) {
      try {
        reader.open(table.file().toString());
      } catch (RocksDBException e) {
        if (!Files.exists(table.file())) {
          return false;
        }
        throw failure("open the table file " + table.file() + " to check it", e);
      }
      reader.verifyChecksum();
      return true;
    } catch (RocksDBException e) {
      throw failure("verify the checksums of " + table.file(), e);
    }
  }

  /**
   * Writes a consistent copy of the whole database to {@code target}, hard-linking its immutable
   * files, for a Raft snapshot or a new member, with the checksums of its files ({@link
   * CheckpointFiles}). {@code target} must not exist yet; its parent must be on the same file
   * system for the links to be made instead of copies.
   *
   * @throws StorageException if the checkpoint cannot be made
   */
  public void checkpointTo(Path target) {
    Handles open = acquire();
    try (Checkpoint checkpoint = Checkpoint.create(open.db())) {
      checkpoint.createCheckpoint(target.toString());
      CheckpointFiles.write(target);
    } catch (RocksDBException e) {
      throw failure("write a checkpoint of " + dir + " to " + target, e);
    } catch (IOException e) {
      throw new StorageException(
          "Failed to write the checksums of the checkpoint " + target + ": " + e, e);
    } finally {
      release();
    }
  }

  /**
   * Replaces the whole ledger with the checkpoint in {@code checkpoint} (one {@link #checkpointTo}
   * wrote, perhaps on another member and sent here as a Raft snapshot), if {@code check} finds
   * nothing wrong with it, and reopens it. The checkpoint is copied and checked aside while readers
   * go on reading the current ledger; they wait only while the directories are swapped; commits
   * must not run. The checkpoint's table files are hard-linked where the file system allows, since
   * they never change; the files RocksDB appends to are copied, so that the checkpoint stays
   * intact. Only the files whose names {@code rocksFile} accepts are taken.
   *
   * <p>Not atomic on disk: a crash in the middle can leave the ledger directory missing, and a new
   * empty ledger is then created at the next start; the caller must install the checkpoint again
   * whenever the ledger is behind it, as {@code LedgerStateMachine} does.
   *
   * @param check told the checkpoint's ledger, opened aside; says what is wrong with it
   * @return what {@code check} found wrong, the ledger then unchanged; empty if it was replaced
   * @throws StorageException if the checkpoint holds no database, or it cannot be copied or opened
   */
  public synchronized Optional<String> replaceWith(
      Path checkpoint,
      Predicate<String> rocksFile,
      Function<RocksLedgerStore, Optional<String>> check) {
    if (readOnly) {
      throw new IllegalStateException("The ledger at " + dir + " is open read-only");
    }
    if (!Files.isRegularFile(checkpoint.resolve("CURRENT"))) {
      throw new StorageException(
          "Cannot install " + checkpoint + " as the ledger: it holds no RocksDB database");
    }
    Path staged = dir.resolveSibling(dir.getFileName() + ".installing");
    Path replaced = dir.resolveSibling(dir.getFileName() + ".replaced");
    try {
      Directories.deleteTree(staged);
      copyCheckpoint(checkpoint, staged, rocksFile);
      Optional<String> problem;
      try (RocksLedgerStore received = openWritable(staged)) {
        problem = check.apply(received);
      }
      if (problem.isPresent()) {
        Directories.deleteTree(staged);
        return problem;
      }
    } catch (IOException e) {
      throw new StorageException(
          "Failed to copy the checkpoint " + checkpoint + " beside the ledger " + dir + ": " + e,
          e);
    }
    lock.writeLock().lock();
    try {
      handles.resources.close();
      Directories.deleteTree(replaced);
      Files.move(dir, replaced);
      Files.move(staged, dir);
      handles = openHandles(dir, false);
      cache.clear();
      head = loadHead(handles);
      Directories.deleteTree(replaced);
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException(
          "Failed to install the checkpoint " + checkpoint + " as the ledger " + dir + ": " + e, e);
    } catch (RocksDBException e) {
      throw failure("open the ledger installed from " + checkpoint + " at " + dir, e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static void copyCheckpoint(Path from, Path to, Predicate<String> rocksFile)
      throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (!rocksFile.test(name) || name.equals(CheckpointFiles.FILE)) {
          continue;
        }
        Path target = to.resolve(name);
        if (name.endsWith(".sst")) {
          try {
            Files.createLink(target, file);
            continue;
          } catch (IOException | UnsupportedOperationException e) {
            // Another file system: copy instead.
          }
        }
        Files.copy(file, target);
      }
    }
  }

  /**
   * Closes the database and frees its native resources. Safe to call more than once; later calls on
   * the store throw {@link IllegalStateException}.
   */
  @Override
  public synchronized void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      handles.resources.close();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Reads one value; {@code what} names it in the error, and is built only then. */
  private Optional<byte[]> read(Family family, byte[] key, Supplier<String> what) {
    Handles open = acquire();
    try {
      return Optional.ofNullable(open.db().get(open.handle(family), open.reads, key));
    } catch (RocksDBException e) {
      throw failure("read " + what.get() + " from " + dir, e);
    } finally {
      release();
    }
  }

  /** Locks the open database for reading; the caller must {@link #release} it. */
  private Handles acquire() {
    lock.readLock().lock();
    if (closed) {
      lock.readLock().unlock();
      throw new IllegalStateException("The ledger store at " + dir + " is closed");
    }
    return handles;
  }

  private void release() {
    lock.readLock().unlock();
  }

  private static byte[] u64(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  private static byte[] applied(long raftTerm, long raftIndex) {
    return ByteBuffer.allocate(2 * Long.BYTES).putLong(raftTerm).putLong(raftIndex).array();
  }

  private static StorageException failure(String what, RocksDBException e) {
    return new StorageException("Failed to " + what + ": " + RocksResources.describe(e), e);
  }
}
