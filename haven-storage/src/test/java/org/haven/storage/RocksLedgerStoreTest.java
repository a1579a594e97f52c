package org.haven.storage;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.ledger.Block;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.merkle.Rfc6962;
import org.haven.core.state.InMemoryState;
import org.haven.core.state.PendingWrites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

class RocksLedgerStoreTest {
  @TempDir Path temp;

  private final TestLedger ledger = new TestLedger();
  private final Map<Bytes, Bytes> expectedState = new TreeMap<>();

  @Test
  void reopenedStore_holdsEveryCommittedBlock() {
    Path dir = temp.resolve("ledger");
    List<Block> blocks;
    try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
      blocks = commitBlocks(store, 4);
      store.commitApplied(2, 7);
    }

    try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
      assertHolds(store, blocks);
      assertThat(store.applied()).isEqualTo(new AppliedIndex(2, 7));
    }
  }

  @Test
  void readOnlyStore_readsTheLedgerAndRefusesWrites() {
    List<Block> blocks;
    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      blocks = commitBlocks(store, 3);
    }

    try (RocksLedgerStore store = RocksLedgerStore.openReadOnly(temp)) {
      assertHolds(store, blocks);
      assertThatThrownBy(() -> store.commitApplied(1, 9))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("Failed to record applied Raft entry 9 in " + temp + ": ");
    }
  }

  @Test
  void emptyStore_acceptsOnlyBlockZero() {
    PendingWrites genesisWrites = new PendingWrites(new InMemoryState());
    Block genesis = ledger.genesisBlock(genesisWrites);
    PendingWrites writes = new PendingWrites(genesisWrites);
    Block first = ledger.nextBlock(genesis.header(), writes, 1);

    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      assertThatThrownBy(() -> store.commitBlock(first, writes, "note", 1, 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the first block must be block 0");

      assertThat(store.head()).isEmpty();
      assertThat(store.applied()).isEqualTo(AppliedIndex.NONE);
      assertThat(stateOf(store)).isEmpty();
    }
  }

  static Stream<Arguments> brokenLinks() {
    UnaryOperator<BlockHeader> skipsAHeight =
        h ->
            new BlockHeader(
                h.height() + 1,
                h.previous(),
                h.timestampMillis(),
                h.firstLogIndex(),
                h.txCount(),
                h.logRoot(),
                h.stateHash());
    UnaryOperator<BlockHeader> linksElsewhere =
        h ->
            new BlockHeader(
                h.height(),
                Hash.ZERO,
                h.timestampMillis(),
                h.firstLogIndex(),
                h.txCount(),
                h.logRoot(),
                h.stateHash());
    UnaryOperator<BlockHeader> leavesALogGap =
        h ->
            new BlockHeader(
                h.height(),
                h.previous(),
                h.timestampMillis(),
                h.firstLogIndex() + 1,
                h.txCount(),
                h.logRoot(),
                h.stateHash());
    return Stream.of(
        Arguments.of("skips a height", skipsAHeight),
        Arguments.of("links to another hash", linksElsewhere),
        Arguments.of("leaves a gap in the log", leavesALogGap));
  }

  @ParameterizedTest(name = "a block that {0}")
  @MethodSource("brokenLinks")
  void commitBlock_notExtendingTheHead_throwsAndChangesNothing(
      String description, UnaryOperator<BlockHeader> breakLink) {
    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      List<Block> blocks = commitBlocks(store, 2);
      PendingWrites writes = new PendingWrites(store);
      Block next = ledger.nextBlock(store.head().orElseThrow(), writes, 1);
      Block broken = new Block(breakLink.apply(next.header()), next.transactions());

      assertThatThrownBy(() -> store.commitBlock(broken, writes, "note", 1, 9))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("Block " + broken.header().height());

      assertHolds(store, blocks);
      assertThat(store.rawHeader(broken.header().height())).isEmpty();
      assertThat(store.checkpoint(broken.header().height())).isEmpty();
      assertThat(store.rawTransaction(broken.header().firstLogIndex())).isEmpty();
      assertThat(store.applied()).isEqualTo(new AppliedIndex(1, 2));
      store.commitBlock(next, writes, TestLedger.note(next.header()), 1, 3);
      assertThat(store.head()).contains(next.header());
    }
  }

  @Test
  void stateEntries_readOneSnapshot() {
    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      commitBlocks(store, 2);
      Map<Bytes, Bytes> before = new TreeMap<>(expectedState);

      try (Stream<Map.Entry<Bytes, Bytes>> entries = store.stateEntries()) {
        commitBlocks(store, 1);
        assertThat(entries.toList()).containsExactlyElementsOf(before.entrySet());
      }
      assertThat(stateOf(store)).containsExactlyElementsOf(expectedState.entrySet());
    }
  }

  @Test
  void checkpointTo_writesALedgerWithTheSameHeadAndState() {
    Path snapshot = temp.resolve("snapshot");
    List<Block> blocks;
    try (RocksLedgerStore store = RocksLedgerStore.open(temp.resolve("ledger"))) {
      blocks = commitBlocks(store, 3);
      store.checkpointTo(snapshot);

      assertThatThrownBy(() -> store.checkpointTo(snapshot))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("Failed to write a checkpoint of " + temp.resolve("ledger"));
    }

    try (RocksLedgerStore copy = RocksLedgerStore.open(snapshot)) {
      assertHolds(copy, blocks);
      assertThat(copy.applied()).isEqualTo(new AppliedIndex(1, 3));
    }
  }

  @Test
  void getAll_readsEachKeyInOrderAsGetDoes_andACommitUpdatesWhatItCached() {
    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      commitBlocks(store, 2);
      List<Bytes> stored = new ArrayList<>(expectedState.keySet());
      Bytes cached = stored.get(0);
      Bytes uncached = stored.get(stored.size() - 1);
      Bytes absent = Bytes.fromHex("7e00");
      store.get(cached);

      List<Optional<Bytes>> values = store.getAll(List.of(uncached, absent, cached, uncached));

      assertThat(values)
          .containsExactly(
              Optional.of(expectedState.get(uncached)),
              Optional.empty(),
              Optional.of(expectedState.get(cached)),
              Optional.of(expectedState.get(uncached)));
      PendingWrites writes = new PendingWrites(store);
      Block block = ledger.nextBlock(store.head().orElseThrow(), writes, 1);
      writes.put(uncached, Bytes.fromHex("0102"));
      writes.put(absent, Bytes.fromHex("0304"));
      store.commitBlock(block, writes, TestLedger.note(block.header()), 1, 9);
      assertThat(store.getAll(List.of(uncached, absent)))
          .containsExactly(Optional.of(Bytes.fromHex("0102")), Optional.of(Bytes.fromHex("0304")));
    }
  }

  /**
   * Readers racing the writer fill the state cache while each block rewrites the keys they read;
   * after each commit, and once the writer is done, every key reads as last written, so no reader
   * left a value older than a commit in the cache.
   */
  @Test
  void stateReadsRacingCommits_seeEachCommitOnceItReturns() throws Exception {
    List<Bytes> rewritten = List.of(Bytes.fromHex("7f01"), Bytes.fromHex("7f02"));
    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      commitBlocks(store, 1);
      AtomicBoolean done = new AtomicBoolean();
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        Thread reader =
            new Thread(
                () -> {
                  while (!done.get()) {
                    rewritten.forEach(store::get);
                  }
                });
        reader.start();
        readers.add(reader);
      }
      for (int i = 0; i < 200; i++) {
        PendingWrites writes = new PendingWrites(store);
        Block block = ledger.nextBlock(store.head().orElseThrow(), writes, 1);
        Bytes value = Bytes.of(new byte[] {(byte) (i >> 8), (byte) i});
        rewritten.forEach(key -> writes.put(key, value));
        store.commitBlock(block, writes, TestLedger.note(block.header()), 1, i + 2);
        expectedState.putAll(writes.writes());
        rewritten.forEach(key -> assertThat(store.get(key)).contains(value));
      }
      done.set(true);
      for (Thread reader : readers) {
        reader.join();
      }

      expectedState.forEach((key, value) -> assertThat(store.get(key)).contains(value));
    }
  }

  /** A member installing a snapshot from another: the copy works on, the snapshot is untouched. */
  @Test
  void replaceWith_installsACheckpointThatKeepsWorking_andLeavesTheCheckpointIntact()
      throws IOException {
    Path snapshot = temp.resolve("snapshot");
    List<Block> blocks;
    try (RocksLedgerStore other = RocksLedgerStore.open(temp.resolve("other"))) {
      blocks = commitBlocks(other, 4);
      other.checkpointTo(snapshot);
    }
    Files.writeString(snapshot.resolve("extra.md5"), "not part of the database");
    Map<String, Bytes> snapshotFiles = contents(snapshot);
    Path dir = temp.resolve("ledger");

    try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
      Optional<String> refused =
          store.replaceWith(
              snapshot,
              name -> !name.endsWith(".md5"),
              received -> {
                assertHolds(received, blocks);
                return Optional.empty();
              });

      assertThat(refused).isEmpty();
      assertHolds(store, blocks);
      assertThat(store.applied()).isEqualTo(new AppliedIndex(1, 4));
      blocks.addAll(commitBlocks(store, 2));
    }
    assertThat(contents(snapshot)).isEqualTo(snapshotFiles);
    assertThat(dir.resolve("extra.md5")).doesNotExist();
    assertThat(temp.resolve("ledger.installing")).doesNotExist();
    assertThat(temp.resolve("ledger.replaced")).doesNotExist();
    try (RocksLedgerStore reopened = RocksLedgerStore.open(dir)) {
      assertHolds(reopened, blocks);
    }
  }

  @Test
  void replaceWith_aDirectoryWithoutDatabase_saysSoAndChangesNothing() throws IOException {
    Path empty = Files.createDirectory(temp.resolve("empty"));
    try (RocksLedgerStore store = RocksLedgerStore.open(temp.resolve("ledger"))) {
      List<Block> blocks = commitBlocks(store, 2);

      assertThatThrownBy(() -> store.replaceWith(empty, name -> true, received -> Optional.empty()))
          .isInstanceOf(StorageException.class)
          .hasMessage("Cannot install " + empty + " as the ledger: it holds no RocksDB database");
      assertHolds(store, blocks);
    }
  }

  /** A checkpoint that its check refuses is not installed: the ledger stays as it was. */
  @Test
  void replaceWith_aCheckpointItsCheckRefuses_changesNothing() throws IOException {
    Path snapshot = temp.resolve("snapshot");
    try (RocksLedgerStore other = RocksLedgerStore.open(temp.resolve("other"))) {
      commitBlocks(other, 4);
      other.checkpointTo(snapshot);
    }
    try (RocksLedgerStore store = RocksLedgerStore.open(temp.resolve("ledger"))) {
      List<Block> blocks = commitBlocks(store, 2);

      Optional<String> refused =
          store.replaceWith(snapshot, name -> true, received -> Optional.of("not final"));

      assertThat(refused).contains("not final");
      assertThat(store.head()).contains(blocks.get(1).header());
      assertThat(store.applied()).isEqualTo(new AppliedIndex(1, 2));
    }
    assertThat(temp.resolve("ledger.installing")).doesNotExist();
  }

  /** The checksums written with a checkpoint find a changed copied file and a damaged table. */
  @Test
  void checkpointFiles_findAChangedFileAndADamagedTableBlock() throws IOException {
    Path snapshot = temp.resolve("snapshot");
    try (RocksLedgerStore other = RocksLedgerStore.open(temp.resolve("other"))) {
      commitBlocks(other, 4);
      other.checkpointTo(snapshot);
    }
    assertThat(CheckpointFiles.check(snapshot, name -> true)).isEmpty();

    Path options = fileEndingOrStarting(snapshot, "OPTIONS-");
    byte[] original = Files.readAllBytes(options);
    byte[] changed = original.clone();
    changed[changed.length / 2] ^= 1;
    Files.write(options, changed);
    assertThat(CheckpointFiles.check(snapshot, name -> true))
        .contains(
            "the file "
                + options.getFileName()
                + " does not match its SHA-256 in "
                + CheckpointFiles.FILE);
    Files.write(options, original);

    Path table = fileEndingOrStarting(snapshot, ".sst");
    byte[] tableBytes = Files.readAllBytes(table);
    tableBytes[0] ^= 1;
    Files.write(table, tableBytes);
    assertThat(CheckpointFiles.check(snapshot, name -> true))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .startsWith("the table file " + table.getFileName() + " is corrupt: "));
  }

  @Test
  void checkpointFiles_refuseAnUnlistedFileAndAMissingList() throws IOException {
    Path snapshot = temp.resolve("snapshot");
    try (RocksLedgerStore other = RocksLedgerStore.open(temp.resolve("other"))) {
      commitBlocks(other, 2);
      other.checkpointTo(snapshot);
    }
    Files.writeString(snapshot.resolve("000999.log"), "slipped in");
    assertThat(CheckpointFiles.check(snapshot, name -> true))
        .contains("the file 000999.log is not in " + CheckpointFiles.FILE);
    assertThat(CheckpointFiles.check(snapshot, name -> !name.endsWith(".log"))).isEmpty();

    Files.delete(snapshot.resolve(CheckpointFiles.FILE));
    assertThat(CheckpointFiles.check(snapshot, name -> true))
        .contains("it has no checksums file, so its files cannot be checked");
  }

  private static Path fileEndingOrStarting(Path dir, String part) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(
              file ->
                  file.getFileName().toString().endsWith(part)
                      || file.getFileName().toString().startsWith(part))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + part + " file in " + dir));
    }
  }

  private static Map<String, Bytes> contents(Path dir) throws IOException {
    Map<String, Bytes> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : list.toList()) {
        files.put(file.getFileName().toString(), Bytes.of(Files.readAllBytes(file)));
      }
    }
    return files;
  }

  @Test
  void openReadOnly_withoutLedger_saysSo() throws IOException {
    Path empty = Files.createDirectory(temp.resolve("empty"));

    assertThatThrownBy(() -> RocksLedgerStore.openReadOnly(empty))
        .isInstanceOf(StorageException.class)
        .hasMessage(
            "No ledger at "
                + empty
                + ": the directory holds no RocksDB database (no CURRENT file)");
    assertThatThrownBy(() -> RocksLedgerStore.openReadOnly(temp.resolve("missing")))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("No ledger at " + temp.resolve("missing"));
  }

  @Test
  void open_withCorruptBlocksFile_namesTheFile() throws Exception {
    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      commitBlocks(store, 3);
    }
    Path sst = flushToOneSstFile(temp, "blocks");
    flipByteInFirstDataBlock(sst);

    assertThatThrownBy(() -> RocksLedgerStore.open(temp))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Failed to open the ledger at " + temp + ": Corruption")
        .hasMessageContaining(sst.getFileName().toString());
  }

  @Test
  void get_fromCorruptStateFile_namesTheFile() throws Exception {
    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      commitBlocks(store, 3);
    }
    Path sst = flushToOneSstFile(temp, "state");
    flipByteInFirstDataBlock(sst);
    Bytes firstKey = expectedState.keySet().iterator().next();

    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      assertThatThrownBy(() -> store.get(firstKey))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("Failed to read state key " + firstKey + " from " + temp)
          .hasMessageContaining(sst.getFileName().toString());
      assertThatThrownBy(() -> stateOf(store))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(sst.getFileName().toString());
    }
  }

  @Test
  void verifyTableFile_findsAFlippedByteThatNoReadTouched_namingTheFile() throws Exception {
    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      commitBlocks(store, 3);
    }
    Path sst = flushToOneSstFile(temp, "txlog");

    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      List<RocksLedgerStore.TableFile> files = store.tableFiles();
      assertThat(files).extracting(RocksLedgerStore.TableFile::file).contains(sst);
      assertThat(files).allSatisfy(file -> assertThat(store.verifyTableFile(file)).isTrue());
    }
    flipByteInFirstDataBlock(sst);

    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      RocksLedgerStore.TableFile damaged =
          store.tableFiles().stream().filter(f -> f.file().equals(sst)).findFirst().orElseThrow();
      assertThatThrownBy(() -> store.verifyTableFile(damaged))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("Corruption")
          .hasMessageContaining(sst.getFileName().toString())
          .satisfies(e -> assertThat(((StorageException) e).corruption()).isTrue());
    }
  }

  @Test
  void verifyTableFile_ofAFileCompactedAway_isSkipped() throws Exception {
    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      commitBlocks(store, 2);
    }
    Path sst = flushToOneSstFile(temp, "blocks");
    try (RocksLedgerStore store = RocksLedgerStore.open(temp)) {
      Files.delete(sst);

      assertThat(store.verifyTableFile(new RocksLedgerStore.TableFile(sst, 1))).isFalse();
    }
  }

  @Test
  void close_isSafeTwice_andLaterCallsFailClearly() {
    RocksLedgerStore store = RocksLedgerStore.open(temp);
    store.close();
    store.close();

    assertThatThrownBy(() -> store.get(Bytes.EMPTY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The ledger store at " + temp + " is closed");
  }

  /**
   * Commits {@code count} blocks after the head (block 0 first on an empty store), two enrolments
   * each, block {@code h} in Raft entry {@code h + 1} of term 1, and records their state writes.
   */
  private List<Block> commitBlocks(RocksLedgerStore store, int count) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      PendingWrites writes = new PendingWrites(store);
      Block block =
          store
              .head()
              .map(head -> ledger.nextBlock(head, writes, 2))
              .orElseGet(() -> ledger.genesisBlock(writes));
      BlockHeader header = block.header();
      store.commitBlock(block, writes, TestLedger.note(header), 1, header.height() + 1);
      expectedState.putAll(writes.writes());
      blocks.add(block);
    }
    return blocks;
  }

  private void assertHolds(RocksLedgerStore store, List<Block> blocks) {
    BlockHeader last = blocks.get(blocks.size() - 1).header();
    assertThat(store.head()).contains(last);
    for (Block block : blocks) {
      BlockHeader header = block.header();
      assertThat(store.rawHeader(header.height())).contains(header.encode());
      assertThat(store.checkpoint(header.height())).contains(TestLedger.note(header));
      for (int i = 0; i < header.txCount(); i++) {
        Bytes encoded = block.transactions().get(i).encoded();
        assertThat(store.rawTransaction(header.firstLogIndex() + i)).contains(encoded);
        assertThat(store.leafIndex(Rfc6962.leafHash(encoded.toArray())))
            .contains(header.firstLogIndex() + i);
      }
    }
    assertThat(store.leafIndex(Rfc6962.leafHash(new byte[] {1}))).isEmpty();
    assertThat(store.rawHeader(last.height() + 1)).isEmpty();
    assertThat(store.rawTransaction(last.treeSize())).isEmpty();
    assertThat(stateOf(store)).containsExactlyElementsOf(expectedState.entrySet());
    expectedState.forEach((key, value) -> assertThat(store.get(key)).contains(value));
  }

  private static List<Map.Entry<Bytes, Bytes>> stateOf(RocksLedgerStore store) {
    try (Stream<Map.Entry<Bytes, Bytes>> entries = store.stateEntries()) {
      return entries.toList();
    }
  }

  /**
   * Flushes and compacts every column family of the closed database in {@code dir}, with plain
   * RocksDB, so that {@code family} ends up in exactly one SST file, and returns that file.
   */
  private static Path flushToOneSstFile(Path dir, String family) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors;
    try (Options options = new Options()) {
      descriptors =
          RocksDB.listColumnFamilies(options, dir.toString()).stream()
              .map(ColumnFamilyDescriptor::new)
              .toList();
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, handles);
      for (ColumnFamilyHandle handle : handles) {
        db.compactRange(handle);
      }
      Map<String, List<Path>> files =
          db.getLiveFilesMetaData().stream()
              .collect(
                  groupingBy(
                      file -> new String(file.columnFamilyName(), StandardCharsets.UTF_8),
                      mapping(file -> Path.of(file.path(), file.fileName()), toList())));
      handles.forEach(ColumnFamilyHandle::close);
      assertThat(files.get(family)).hasSize(1);
      return files.get(family).get(0);
    }
  }

  /** A block-based table starts with its first data block, which a checksum protects. */
  private static void flipByteInFirstDataBlock(Path sst) throws IOException {
    byte[] content = Files.readAllBytes(sst);
    content[8] ^= 0x40;
    Files.write(sst, content);
  }
}
