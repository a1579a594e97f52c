package org.haven.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.haven.node.ConfigException;
import org.haven.node.HavenNode;
import org.haven.node.NodeConfig;
import org.haven.storage.AppliedIndex;
import org.haven.storage.Directories;
import org.haven.storage.RocksLedgerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Restores a backup into a new data directory. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a backup made by 'haven backup' into a data directory that does not exist or is"
          + " empty. Every file is checked against the backup's SHA-256 list first: a truncated"
          + " or damaged backup is refused and nothing is written.",
      "At its next start the node applies every erasure on its ledger to the restored vault"
          + " again, then catches up: from the other members, or, alone, from the backup's ledger.",
    })
final class RestoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The backup file.")
  Path backup;

  @Option(names = "--data-dir", required = true, description = "The data directory to create.")
  Path dataDir;

  @Option(names = "--no-progress", description = "Do not show progress.")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(backup)) {
      throw new ConfigException("No backup file at " + backup);
    }
    requireEmpty(dataDir);
    Path absolute = dataDir.toAbsolutePath().normalize();
    Path staging = absolute.resolveSibling(absolute.getFileName() + ".restoring");
    Directories.deleteTree(staging);
    BackupArchive.Manifest manifest;
    NodeConfig config;
    try {
      Files.createDirectories(
          staging,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      ProgressBar bar =
          ProgressBar.on(spec.commandLine().getErr(), noProgress, "restoring", "bytes");
      manifest = BackupArchive.extract(backup, staging, bar::update);
      bar.finish();
      config = NodeConfig.read(staging);
      if (config.peers().size() == 1) {
        startNewRaftLog(staging);
      }
      Path marker = staging.resolve(HavenNode.RESTORED_FILE);
      Files.createDirectories(marker.getParent());
      Files.writeString(marker, manifest.createdAt() + "\n");
      Files.deleteIfExists(absolute);
      Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Directories.deleteTree(staging);
      throw e;
    }
    report(manifest, config);
    return 0;
  }

  /**
   * A node alone in its group starts a new Raft log, since its old one is not in the backup: the
   * ledger forgets the Raft index it had applied, so that the new log's entries apply after its
   * last block instead of being taken for entries it already holds. A member of a group keeps the
   * index, which is the group's, and receives the log after it from the others.
   */
  private static void startNewRaftLog(Path staging) {
    try (RocksLedgerStore ledger = RocksLedgerStore.open(staging.resolve(HavenNode.LEDGER_DIR))) {
      ledger.commitApplied(AppliedIndex.NONE.term(), AppliedIndex.NONE.index());
    }
  }

  private void report(BackupArchive.Manifest manifest, NodeConfig config) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Restored %s from %s (taken %s) into %s%n"
            + "Ledger at block %d, tree size %d; vault under master key %s%n",
        manifest.org(),
        backup,
        manifest.createdAt(),
        dataDir,
        manifest.ledgerHeight(),
        manifest.treeSize(),
        manifest.vaultMasterKeyId());
    out.println(
        "The vault opens with master key "
            + manifest.vaultMasterKeyId()
            + " only: "
            + (config.vaultKeyFile() == null
                ? "set HAVEN_VAULT_MASTER_KEY to it."
                : "put it at " + config.vaultKeyFile() + " (vaultKeyFile in node.json)."));
    if (!manifest.withKeys()) {
      out.println(
          "The node's keys are not in this backup: copy keys/ from your key store into "
              + dataDir.resolve("keys")
              + " before starting the node.");
    }
    out.println(
        config.peers().size() == 1
            ? "This node is alone in its group: it resumes from the backup's ledger. Whatever was"
                + " written after the backup was lost with the old data directory."
            : "Start the node: it catches up from the other members, and applies their erasures"
                + " to the vault as it does.");
  }

  private static void requireEmpty(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    boolean empty;
    try (Stream<Path> entries = Files.list(dir)) {
      empty = entries.findAny().isEmpty();
    }
    if (!empty) {
      throw new ConfigException(
          dir
              + " is not empty: restore never writes over a data directory. Stop its node and"
              + " move the directory away, or restore into a new one.");
    }
  }
}
