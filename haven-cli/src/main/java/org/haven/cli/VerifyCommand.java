package org.haven.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.haven.node.LedgerVerifier;
import org.haven.storage.RocksLedgerStore;
import org.haven.storage.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Replays the ledger on disk and re-checks everything. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a node's ledger from disk and re-check every signature, rule, hash link, Merkle root,"
          + " state hash and checkpoint.",
      "Exit 0 with a summary if all is well; exit 1 naming the first bad block, or the damaged"
          + " file when RocksDB finds the corruption; exit 2 if the data directory cannot be read.",
      "Safe to run while the node is running: it opens the ledger read-only."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data-dir", required = true, description = "The node's data directory.")
  Path dataDir;

  @Option(
      names = "--scratch",
      paramLabel = "DIR",
      description =
          "A directory, which must not exist yet, to replay the state into: it needs room for a"
              + " copy of the ledger's state and is deleted at the end (default: a new directory"
              + " verify-scratch-<pid> in the data directory).")
  Path scratch;

  @Option(
      names = "--no-progress",
      description =
          "Do not show progress (blocks done, blocks and transactions per second, time left).")
  boolean noProgress;

  @Override
  public Integer call() {
    try {
      return verify();
    } catch (StorageException e) {
      if (!e.corruption()) {
        throw e;
      }
      spec.commandLine()
          .getErr()
          .println("haven verify: FAILED: the ledger's files are corrupt: " + e.getMessage());
      return HavenCli.EXIT_LEDGER_INVALID;
    }
  }

  private int verify() {
    long started = System.nanoTime();
    try (RocksLedgerStore store =
        RocksLedgerStore.openReadOnly(dataDir.resolve(HavenNode.LEDGER_DIR))) {
      LedgerVerifier verifier =
          new LedgerVerifier(store, GenesisFile.read(dataDir.resolve(HavenNode.GENESIS_FILE)));
      ProgressBar bar =
          ProgressBar.on(spec.commandLine().getErr(), noProgress, "verifying", "blocks");
      Throughput rate = new Throughput(store.head().map(h -> h.height() + 1).orElse(0L), "blocks");
      LedgerVerifier.Report report =
          verifier.verify(
              scratch != null
                  ? scratch
                  : dataDir.resolve("verify-scratch-" + ProcessHandle.current().pid()),
              (height, last) -> bar.update(height + 1, last + 1, rate.note(height + 1)));
      bar.finish();
      double seconds = (System.nanoTime() - started) / 1e9;
      PrintWriter out = spec.commandLine().getOut();
      if (!report.ok()) {
        spec.commandLine()
            .getErr()
            .println(
                "haven verify: FAILED at block "
                    + report.badBlock().map(String::valueOf).orElse("?")
                    + ": "
                    + report.problem());
        return HavenCli.EXIT_LEDGER_INVALID;
      }
      out.printf(
          "Ledger OK: %d blocks, %d transactions, %d checkpoints verified in %.1f s%n"
              + "Merkle root %s at tree size %d%n",
          report.blocks(),
          report.transactions(),
          report.checkpoints(),
          seconds,
          report.logRoot().toBase64(),
          report.transactions());
      return 0;
    }
  }
}
