package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.LinkageToken;
import org.haven.core.registry.identity.TokenType;
import org.haven.core.tx.Transaction;
import org.haven.node.HavenNode;
import org.haven.storage.RocksLedgerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haven verify} replays into a state on disk, not into its heap: a ledger whose state alone,
 * counted in raw key and value bytes, is larger than the whole heap the verify process may use
 * still verifies. The ledger is built by a real node; each declaration carries the most linkage
 * tokens a record may, so that the state outgrows the heap after a few thousand transactions.
 */
class VerifyBoundedMemoryTest {
  /** The verify process's {@code -Xmx}: ample for one block at a time, not for the state. */
  private static final String HEAP = "32m";

  private static final long HEAP_BYTES = 32L << 20;
  private static final int DECLARATIONS = 12500;
  private static final int PER_SUBMISSION = 250;

  @TempDir Path root;

  @Test
  void verify_stateLargerThanTheHeap_passes() throws Exception {
    Path dataDir = root.resolve("node");
    DemoLedger ledger =
        DemoLedger.create(
            dataDir, List.of(new DemoLedger.Member("bench-org", "Benchmark Registry", "KE")), 0);
    Officer agent = ledger.newOfficer("memory.agent", "bench-org", Role.FIELD_AGENT, "KE");
    Random random = new Random(DECLARATIONS);
    try (HavenNode node = HavenNode.start(dataDir)) {
      BenchCommand.Ingest.commit(node, List.of(ledger.enrol(agent)), 1);
      for (int done = 0; done < DECLARATIONS; done += PER_SUBMISSION) {
        List<Transaction> declarations = new ArrayList<>();
        for (int i = 0; i < PER_SUBMISSION; i++) {
          declarations.add(declaration(ledger, agent, random));
        }
        BenchCommand.Ingest.commit(node, declarations, 1);
      }
    }
    assertThat(stateBytes(dataDir)).as("raw bytes of the state").isGreaterThan(HEAP_BYTES);

    try (HavenProcess verify =
        HavenProcess.start(
            HEAP,
            Map.of(),
            root.resolve("verify.stderr"),
            "verify",
            "--data-dir",
            dataDir.toString(),
            "--no-progress")) {
      verify.awaitLine(Pattern.compile("^Ledger OK: .*"));
      assertThat(verify.exitCode()).as(verify.stderr()).isZero();
    }
    assertThat(dataDir.toFile().list())
        .as("the scratch state is deleted")
        .noneMatch(name -> name.startsWith("verify-scratch"));
  }

  /** A declaration carrying {@link ChildRecord#MAX_LINKAGE_TOKENS} random tokens. */
  private static Transaction declaration(DemoLedger ledger, Officer agent, Random random) {
    ChildNumber child = ChildNumber.generate(random);
    List<LinkageToken> tokens = new ArrayList<>();
    for (int i = 0; i < ChildRecord.MAX_LINKAGE_TOKENS; i++) {
      byte[] value = new byte[32];
      random.nextBytes(value);
      tokens.add(
          new LinkageToken(TokenType.values()[i % TokenType.values().length], Hash.of(value)));
    }
    return Crossings.declaration(ledger, agent, child, tokens);
  }

  private static long stateBytes(Path dataDir) {
    long bytes = 0;
    try (RocksLedgerStore store =
            RocksLedgerStore.openReadOnly(dataDir.resolve(HavenNode.LEDGER_DIR));
        Stream<Map.Entry<Bytes, Bytes>> entries = store.stateEntries()) {
      Iterator<Map.Entry<Bytes, Bytes>> it = entries.iterator();
      while (it.hasNext()) {
        Map.Entry<Bytes, Bytes> entry = it.next();
        bytes += entry.getKey().size() + entry.getValue().size();
      }
    }
    return bytes;
  }
}
