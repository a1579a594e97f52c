package org.haven.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.tx.Kind;
import org.haven.core.tx.Transaction;
import org.haven.node.HavenNode;
import org.haven.storage.RocksLedgerStore;

/** Reads the ledger of a stopped node from its data directory, for tests. */
final class StoppedLedger {
  private StoppedLedger() {}

  /** How many transactions of {@code kind} the ledger in {@code dataDir} holds. */
  static long transactionsOf(Path dataDir, Kind kind) throws Exception {
    long count = 0;
    try (RocksLedgerStore store =
        RocksLedgerStore.openReadOnly(dataDir.resolve(HavenNode.LEDGER_DIR))) {
      for (long i = 0; ; i++) {
        Optional<Bytes> raw = store.rawTransaction(i);
        if (raw.isEmpty()) {
          return count;
        }
        if (Transaction.decode(raw.get()).kind() == kind) {
          count++;
        }
      }
    }
  }
}
