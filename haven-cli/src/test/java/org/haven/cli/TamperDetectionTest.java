package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.haven.consensus.Receipt;
import org.haven.core.bytes.Bytes;
import org.haven.core.identity.Role;
import org.haven.core.ledger.BlockHeader;
import org.haven.node.HavenNode;
import org.haven.node.LedgerQueries;
import org.haven.storage.RocksLedgerStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * {@code haven verify} finds one flipped byte anywhere in a stopped node's ledger and names the
 * block it belongs to, or, when RocksDB itself detects the damage, the file. The ledger is built by
 * a real node; the bytes are then changed behind its back through RocksDB or on disk.
 */
class TamperDetectionTest {
  /** Rounds of enrolments, each submitted together and awaited: at least one block each. */
  private static final int ROUNDS = 6;

  private static final int ENROLMENTS_PER_ROUND = 4;

  /** The block that is tampered with: in the middle, so blocks before and after it are intact. */
  private static final long K = 3;

  @TempDir static Path pristineRoot;

  /** The ledger every test copies; its vault key lies beside it, in {@link #pristineRoot}. */
  private static Path pristine;

  private static BlockHeader blockK;
  private static BlockHeader head;

  @TempDir Path temp;

  private Path dataDir;

  @BeforeAll
  static void buildLedger() throws Exception {
    pristine = Files.createDirectories(pristineRoot.resolve("node"));
    DemoLedger ledger = DemoLedger.create(pristine, DemoCommand.MEMBERS, 0);
    try (HavenNode node = HavenNode.start(pristine)) {
      int officer = 0;
      for (int round = 0; round < ROUNDS; round++) {
        List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
        for (int i = 0; i < ENROLMENTS_PER_ROUND; i++) {
          DemoLedger.Member member = DemoCommand.MEMBERS.get(officer % DemoCommand.MEMBERS.size());
          receipts.add(
              node.submit(
                  ledger
                      .enrol(
                          ledger.newOfficer(
                              "officer-" + officer++,
                              member.id(),
                              Role.REGISTRAR,
                              member.country()))
                      .encoded()));
        }
        for (CompletableFuture<Receipt> receipt : receipts) {
          assertThat(receipt.get(30, TimeUnit.SECONDS).result().accepted()).isTrue();
        }
      }
    }
    try (RocksLedgerStore store = RocksLedgerStore.openReadOnly(ledgerDir(pristine))) {
      LedgerQueries queries = new LedgerQueries(store);
      head = queries.head();
      assertThat(head.height()).isGreaterThan(K);
      blockK = queries.header(K).orElseThrow();
    }
    assertThat(blockK.txCount()).isPositive();
  }

  @BeforeEach
  void copyLedger() throws IOException {
    dataDir = temp.resolve("node");
    try (Stream<Path> files = Files.walk(pristine)) {
      for (Path from : files.sorted(Comparator.naturalOrder()).toList()) {
        Files.copy(from, dataDir.resolve(pristine.relativize(from).toString()));
      }
    }
  }

  @Test
  void verify_untouchedLedger_passes() {
    CliRun verify = verify();

    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.out())
        .startsWith("Ledger OK: " + (head.height() + 1) + " blocks, " + head.treeSize());
  }

  /** Byte 0 is the encoding version, byte 40 lies in the body, the last is in the signature. */
  @ParameterizedTest(name = "byte {0} of the first transaction")
  @ValueSource(ints = {0, 40, -1})
  void verify_tamperedTransaction_namesItsBlock(int position) throws Exception {
    flipByte("txlog", u64(blockK.firstLogIndex()), position);

    assertFailsAtBlock(K);
  }

  /**
   * Offsets into {@link BlockHeader#encode()}: height [0, 8), previous [8, 40), timestamp [40, 48),
   * first log index [48, 56), transaction count [56, 60), log root [60, 92), state hash [92, 124).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "height, 7",
    "previous block hash, 20",
    "first log index, 55",
    "transaction count, 59",
    "log root, 70",
    "state hash, 100"
  })
  void verify_tamperedHeader_namesItsBlock(String field, int position) throws Exception {
    flipByte("blocks", u64(K), position);

    assertFailsAtBlock(K);
  }

  /**
   * The timestamp is an input to the block, replayed as stored, so the replay cannot object; the
   * signed checkpoint names the block's hash, which no longer matches. Byte 41 holds bits 48 to 55,
   * which are zero in any timestamp of this century, so the flip moves it forward.
   */
  @Test
  void verify_tamperedTimestamp_isCaughtByTheSignedCheckpoint() throws Exception {
    flipByte("blocks", u64(K), 41);

    CliRun verify = verify();

    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(HavenCli.EXIT_LEDGER_INVALID);
    assertThat(verify.err())
        .startsWith("haven verify: FAILED at block " + K + ": ")
        .contains("checkpoint");
  }

  /**
   * Offsets into the note {@code haven.example/demo\n<size>\n<root>\n\n— <signer> <signature>\n}.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"origin, 0", "tree size, 19", "root hash, 30", "signature, -2"})
  void verify_tamperedCheckpoint_namesItsBlock(String line, int position) throws Exception {
    flipByte("checkpoints", u64(K), position);

    assertFailsAtBlock(K);
  }

  @Test
  void verify_checkpointWithAnotherValidBase64Signature_namesItsBlock() throws Exception {
    rewrite(
        "checkpoints",
        u64(K),
        note -> {
          int at = note.length - 10;
          note[at] = (byte) (note[at] == 'A' ? 'B' : 'A');
        });

    assertFailsAtBlock(K);
    assertThat(verify().err()).contains("is not validly signed by the node key");
  }

  /** The checkpoint's extension line carries the block hash, so the newest header is signed too. */
  @Test
  void verify_tamperedHeadTimestamp_isDetected() throws Exception {
    flipByte("blocks", u64(head.height()), 41);

    assertFailsAtBlock(head.height());
  }

  /** The scratch directory must be new: one that exists (another run's, or a mistake) is left. */
  @Test
  void verify_intoAnExistingScratchDirectory_isRefusedAndLeavesItAlone() throws Exception {
    Path scratch = Files.createDirectories(temp.resolve("scratch"));
    Path kept = Files.writeString(scratch.resolve("kept.txt"), "someone's file");

    CliRun verify =
        CliRun.run(
            "verify",
            "--data-dir",
            dataDir.toString(),
            "--scratch",
            scratch.toString(),
            "--no-progress");

    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(verify.err())
        .contains("The scratch directory " + scratch + " exists already")
        .doesNotContain("Exception");
    assertThat(kept).hasContent("someone's file");
  }

  /**
   * The state replayed from genesis is compared with the stored one key by key after the last
   * block: an entry planted in the stored state is named.
   */
  @Test
  void verify_plantedStateEntry_isNamed() throws Exception {
    byte[] planted = "planted".getBytes(StandardCharsets.UTF_8);
    try (RawLedger raw = new RawLedger(ledgerDir(dataDir))) {
      raw.db().put(raw.handle("state"), planted, new byte[] {1});
    }

    CliRun verify = verify();

    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(HavenCli.EXIT_LEDGER_INVALID);
    assertThat(verify.err())
        .startsWith("haven verify: FAILED at block " + head.height() + ": ")
        .contains("the stored state holds key " + Bytes.of(planted) + ", which the state replayed");
  }

  /** An entry deleted from the stored state is named too. */
  @Test
  void verify_deletedStateEntry_isNamed() throws Exception {
    byte[] deleted;
    try (RawLedger raw = new RawLedger(ledgerDir(dataDir));
        RocksIterator first = raw.db().newIterator(raw.handle("state"))) {
      first.seekToFirst();
      deleted = first.key();
      raw.db().delete(raw.handle("state"), deleted);
    }

    CliRun verify = verify();

    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(HavenCli.EXIT_LEDGER_INVALID);
    assertThat(verify.err())
        .startsWith("haven verify: FAILED at block " + head.height() + ": ")
        .contains("the stored state lacks key " + Bytes.of(deleted) + ", which the state replayed");
  }

  /** A node checks its newest block at start and will not serve a ledger whose head is damaged. */
  @Test
  void node_withTamperedHeadTransaction_refusesToStartNamingTheBlock() throws Exception {
    flipByte("txlog", u64(head.treeSize() - 1), 40);

    CliRun node = CliRun.run("node", "--data-dir", dataDir.toString());

    assertThat(node.exitCode()).as(node.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(node.err())
        .as(node.toString())
        .contains("is damaged and this node will not serve it: block " + head.height())
        .contains("does not match its Merkle leaf")
        .doesNotContain("Exception");
  }

  /** The start check follows every header's hash link, not only the newest block's. */
  @Test
  void node_withTamperedOldHeader_refusesToStartNamingTheBlock() throws Exception {
    flipByte("blocks", u64(K), 20);

    CliRun node = CliRun.run("node", "--data-dir", dataDir.toString());

    assertThat(node.exitCode()).as(node.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(node.err())
        .as(node.toString())
        .contains("is damaged and this node will not serve it: block " + K + ": ")
        .contains("previous-block hash")
        .doesNotContain("Exception");
  }

  /** RocksDB's block checksum catches a flipped bit in the file that holds the block headers. */
  @Test
  void node_withCorruptHeaderTableFile_refusesToStartNamingTheFile() throws Exception {
    flushEverythingToTableFiles();
    Path table = tableFileOf("blocks");
    flipByteInFile(table, 64);

    CliRun node = CliRun.run("node", "--data-dir", dataDir.toString());

    assertThat(node.exitCode()).as(node.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(node.err())
        .as(node.toString())
        .contains("is damaged and this node will not serve it: its files are corrupt: ")
        .contains("Corruption", table.getFileName().toString())
        .doesNotContain("Exception");
  }

  @Test
  void verify_corruptTableFile_namesTheFileInOneLine() throws Exception {
    flushEverythingToTableFiles();
    Path table = largestFile(".sst");
    flipByteInFile(table, 64);

    CliRun verify = verify();

    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(HavenCli.EXIT_LEDGER_INVALID);
    assertThat(verify.err().strip()).as(verify.toString()).doesNotContain("\n");
    assertThat(verify.err())
        .startsWith("haven verify: FAILED: the ledger's files are corrupt: ")
        .contains("Corruption", table.getFileName().toString())
        .doesNotContain("Exception");
  }

  private void assertFailsAtBlock(long height) {
    CliRun verify = verify();

    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(HavenCli.EXIT_LEDGER_INVALID);
    assertThat(verify.err()).startsWith("haven verify: FAILED at block " + height + ": ");
    assertThat(verify.err().strip()).as("one line").doesNotContain("\n");
    assertThat(verify.out()).isEmpty();
  }

  private CliRun verify() {
    return CliRun.run("verify", "--data-dir", dataDir.toString(), "--no-progress");
  }

  private static Path ledgerDir(Path dataDir) {
    return dataDir.resolve(HavenNode.LEDGER_DIR);
  }

  private static byte[] u64(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  /**
   * Rewrites one value of a column family with one byte flipped, as an attacker with write access
   * to the files could; a negative position counts from the end.
   */
  private void flipByte(String family, byte[] key, int position) throws RocksDBException {
    rewrite(
        family,
        key,
        value -> {
          int at = position >= 0 ? position : value.length + position;
          value[at] ^= 0x01;
        });
  }

  private void rewrite(String family, byte[] key, Consumer<byte[]> change) throws RocksDBException {
    try (RawLedger raw = new RawLedger(ledgerDir(dataDir))) {
      byte[] value = raw.db().get(raw.handle(family), key);
      assertThat(value).as("%s value to tamper with", family).isNotNull();
      change.accept(value);
      raw.db().put(raw.handle(family), key, value);
    }
  }

  private void flushEverythingToTableFiles() throws RocksDBException {
    try (RawLedger raw = new RawLedger(ledgerDir(dataDir));
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      raw.db().flush(flush, raw.handles());
    }
  }

  /** The one table file of a column family, after {@link #flushEverythingToTableFiles}. */
  private Path tableFileOf(String family) throws RocksDBException {
    try (RawLedger raw = new RawLedger(ledgerDir(dataDir))) {
      List<String> files =
          raw.db().getLiveFilesMetaData().stream()
              .filter(f -> new String(f.columnFamilyName(), StandardCharsets.UTF_8).equals(family))
              .map(f -> f.fileName())
              .toList();
      assertThat(files).as("table files of %s", family).hasSize(1);
      return ledgerDir(dataDir).resolve(files.get(0).replaceFirst("^/", ""));
    }
  }

  private Path largestFile(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(ledgerDir(dataDir))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(suffix))
          .max(Comparator.comparingLong(TamperDetectionTest::size))
          .orElseThrow(() -> new AssertionError("no " + suffix + " file in " + dataDir));
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void flipByteInFile(Path file, int position) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[position] ^= 0x01;
    Files.write(file, bytes);
  }
}
