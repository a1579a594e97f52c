package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.haven.core.ledger.BlockHeader;
import org.haven.node.AdminSocket;
import org.haven.node.ConfigException;
import org.haven.node.HavenNode;
import org.haven.node.NodeConfig;
import org.haven.storage.CheckpointFiles;
import org.haven.storage.Directories;
import org.haven.storage.RocksLedgerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Takes a consistent backup of a running node. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back up a running node into one file: its ledger and its vault, copied consistently while"
          + " it runs, and its configuration (node.json, genesis.json, officers' credentials).",
      "The vault's records stay encrypted; the vault master key is never in a backup. With"
          + " --with-keys the node's signing, issuer, linkage and TLS keys are in it too: protect"
          + " such a file as you protect those keys (see docs/operations.md).",
      "Run it on the node's machine, as the user that runs the node."
    })
final class BackupCommand implements Callable<Integer> {
  /** What a backup never takes from the data directory; the databases come from the node's copy. */
  private static final Set<String> NOT_COPIED =
      Set.of(
          HavenNode.LEDGER_DIR,
          HavenNode.VAULT_DIR,
          HavenNode.RAFT_DIR,
          HavenNode.SESSIONS_DIR,
          HavenNode.BACKUP_STAGING_DIR,
          first(HavenNode.REPAIR_FILE),
          first(HavenNode.RESTORED_FILE),
          AdminSocket.FILE,
          NetworkCommand.PID_FILE,
          NetworkCommand.LOG_FILE);

  private static final String KEYS_DIR = first(HavenNode.NODE_KEY_FILE);

  @Spec CommandSpec spec;

  @Option(names = "--data-dir", required = true, description = "The node's data directory.")
  Path dataDir;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The new file.")
  Path out;

  @Option(
      names = "--with-keys",
      description = "Include keys/: the node's, the issuer's, the linkage and the TLS keys.")
  boolean withKeys;

  @Option(names = "--no-progress", description = "Do not show progress.")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    NodeConfig config = NodeConfig.read(dataDir);
    if (Files.exists(out)) {
      throw new ConfigException(
          out + " exists: a backup never replaces a file; choose a new name for this one.");
    }
    JsonNode copied = AdminClient.call(dataDir, AdminSocket.BACKUP, (done, total) -> {});
    Path staging = Path.of(copied.get("staging").asText());
    try {
      BlockHeader head;
      try (RocksLedgerStore ledger =
          RocksLedgerStore.openReadOnly(staging.resolve(HavenNode.LEDGER_DIR))) {
        head = ledger.head().orElseThrow(() -> new ConfigException("The node's ledger is empty"));
      }
      Map<String, Path> files = new TreeMap<>();
      addTree(files, staging, HavenNode.LEDGER_DIR);
      addTree(files, staging, HavenNode.VAULT_DIR);
      addConfiguration(files);
      ProgressBar bar =
          ProgressBar.on(spec.commandLine().getErr(), noProgress, "backing up", "bytes");
      BackupArchive.Manifest manifest =
          BackupArchive.write(
              out,
              files,
              new BackupArchive.Manifest(
                  BackupArchive.FORMAT,
                  Instant.now().toString(),
                  config.org(),
                  head.height(),
                  head.treeSize(),
                  head.logRoot().toBase64(),
                  copied.get("vaultMasterKeyId").asText(),
                  withKeys,
                  List.of()),
              bar::update);
      bar.finish();
      PrintWriter print = spec.commandLine().getOut();
      print.printf(
          "Backed up %s to %s: %d files, %d bytes%n"
              + "Ledger at block %d, tree size %d; vault under master key %s%n",
          config.org(),
          out,
          manifest.files().size(),
          Files.size(out),
          manifest.ledgerHeight(),
          manifest.treeSize(),
          manifest.vaultMasterKeyId());
      print.println(
          withKeys
              ? "The file holds the node's private keys: store it encrypted, where only the"
                  + " operators may read it."
              : "The node's keys are not in it (no --with-keys): keep keys/ in your key store.");
      print.println(
          "Keep the vault master key "
              + manifest.vaultMasterKeyId()
              + " as long as you keep this file: the vault in it opens with that key only.");
      return 0;
    } finally {
      Directories.deleteTree(staging);
    }
  }

  private void addConfiguration(Map<String, Path> files) throws IOException {
    try (Stream<Path> all = Files.walk(dataDir)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        Path relative = dataDir.relativize(file);
        String top = relative.getName(0).toString();
        if (NOT_COPIED.contains(top)
            || top.startsWith(HavenNode.LEDGER_DIR + ".")
            || (top.equals(KEYS_DIR) && !withKeys)) {
          continue;
        }
        files.put(archivePath(relative), file);
      }
    }
  }

  /** Adds the files of {@code staging/dir}, as {@code dir/...}, but not the checksum list. */
  private static void addTree(Map<String, Path> files, Path staging, String dir)
      throws IOException {
    try (Stream<Path> all = Files.walk(staging.resolve(dir))) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        if (!file.getFileName().toString().equals(CheckpointFiles.FILE)) {
          files.put(archivePath(staging.relativize(file)), file);
        }
      }
    }
  }

  private static String archivePath(Path relative) {
    return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
  }

  private static String first(String path) {
    return path.substring(0, path.indexOf('/'));
  }
}
