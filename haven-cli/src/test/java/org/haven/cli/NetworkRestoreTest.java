package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.haven.node.HavenNode;
import org.haven.node.NodeConfig;
import org.haven.storage.Directories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup and restore drill on one member of a consortium of three node processes started by
 * {@code haven network up}: back up the member while it runs; write more and erase a child there;
 * kill it and destroy its data directory, and its erasure journal too; restore; start it. It
 * catches up from the other members, applies the erasure it learns from them to its restored vault,
 * holds every acknowledged transaction, and its ledger verifies. Personal data stored after the
 * backup is lost: the vault has no other copy (see docs/operations.md).
 */
class NetworkRestoreTest {
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final String MEMBER = "ke-civil-registry";
  private static final String REGISTRAR = "ke.registrar.otieno";

  @TempDir Path temp;
  @AutoClose private LocalNodes nodes;

  @AfterEach
  void down() {
    CliRun.run("network", "down", "--dir", temp.resolve("net").toString());
  }

  @Test
  void memberRestoredFromABackup_catchesUp_andAppliesTheErasureItMissed() throws Exception {
    nodes = new LocalNodes(temp);
    Path net = temp.resolve("net");
    CliRun up = CliRun.run("network", "up", "--members", "3", "--dir", net.toString());
    assertThat(up.exitCode()).as(up.toString()).isZero();
    Path dataDir = net.resolve(MEMBER);
    int port = NodeConfig.read(dataDir).httpPort();
    // network up serves HTTPS; the member's certificate is restored with its keys, so its pin
    // holds.
    NodeHttp http =
        new NodeHttp(
            "https://127.0.0.1:" + port,
            NodeClient.httpClient(new NodeTrust(null, List.of(NetworkCommand.Up.pinOf(dataDir)))));
    RegistrarSession registrar = new RegistrarSession(http, REGISTRAR, DemoCommand.DEMO_PASSWORD);
    String amani = registrar.declare("Amani");
    String baraka = registrar.declare("Baraka");

    Path backup = temp.resolve("member-backup.zip");
    CliRun backedUp = BackupRestoreTest.backup(dataDir, backup);
    assertThat(backedUp.exitCode()).as(backedUp.toString()).isZero();

    String afterBackup = registrar.declare("Chausiku");
    registrar.erase(amani);
    long treeSize = http.status().get("treeSize").asLong();

    long pid = Long.parseLong(Files.readString(dataDir.resolve(NetworkCommand.PID_FILE)).strip());
    ProcessHandle member = ProcessHandle.of(pid).orElseThrow();
    assertThat(member.destroyForcibly()).isTrue();
    member.onExit().get();
    Directories.deleteTree(dataDir);
    Files.delete(erasureJournal(dataDir));

    CliRun restored = BackupRestoreTest.restore(backup, dataDir);
    assertThat(restored.exitCode()).as(restored.toString()).isZero();
    assertThat(restored.out()).contains("catches up from the other members");
    nodes.start("restored", "node", "--data-dir", dataDir.toString());
    awaitTreeSize(http, treeSize);

    RegistrarSession afterRestore =
        new RegistrarSession(http, REGISTRAR, DemoCommand.DEMO_PASSWORD);
    assertThat(afterRestore.givenNames(baraka)).isEqualTo("Baraka");
    assertThat(afterRestore.record(afterBackup).statusCode())
        .as("the declaration acknowledged after the backup, received from the others")
        .isEqualTo(200);
    // The vault is this member's alone: data it stored after its last backup is gone with it.
    assertThat(afterRestore.read(afterBackup).body())
        .contains("This node's vault holds no personal data for child");
    afterRestore.assertErased(amani);
    String nodeLog = nodes.log("restored");
    assertThat(nodeLog)
        .contains("applied the ledger's erasures to the vault again (0 children erased from it)")
        .contains("Erased child " + amani + " from the vault");

    CliRun verified = CliRun.run("verify", "--data-dir", dataDir.toString(), "--no-progress");
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
  }

  private static Path erasureJournal(Path dataDir) {
    Path keyFile = HavenNode.defaultVaultKeyFile(dataDir);
    return keyFile.resolveSibling(keyFile.getFileName() + ".erasures");
  }

  /** Waits until the restored member's log holds {@code treeSize} entries or more. */
  private static void awaitTreeSize(NodeHttp http, long treeSize) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    long reached = -1;
    while (reached < treeSize) {
      assertThat(System.nanoTime())
          .as("the restored member reaches tree size %d (at %d)", treeSize, reached)
          .isLessThan(deadline);
      Thread.sleep(200);
      try {
        reached = http.status().get("treeSize").asLong();
      } catch (IOException e) {
        // Not listening yet.
      }
    }
  }
}
