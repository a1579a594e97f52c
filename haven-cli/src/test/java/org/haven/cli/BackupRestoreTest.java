package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.haven.node.HavenNode;
import org.haven.storage.Directories;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup and restore drill on a node alone in its group, each step a real process as an
 * operator runs it: back up the running node, write more and erase a child, destroy the data
 * directory, refuse a truncated and a damaged copy of the backup, restore, start again. The erased
 * child stays erased although the restored ledger predates the erasure; the ledger verifies; the
 * node writes again after the restore. A stolen backup file holds neither the vault's master key
 * nor any personal data in clear.
 */
class BackupRestoreTest {

  @TempDir Path temp;

  @AutoClose private LocalNodes nodes;

  @Test
  void aloneNode_restoredAfterItsDirectoryIsDestroyed_keepsTheErasureMadeAfterTheBackup()
      throws Exception {
    nodes = new LocalNodes(temp);
    LoneNode lone = LoneNode.create(temp.resolve("node"), "registrar.backup");
    Path dataDir = lone.dataDir();
    String org = lone.registrar().org().value();
    HavenProcess first = nodes.startNode(dataDir, "first");
    RegistrarSession session = lone.enrolAndLogIn();
    String amani = session.declare("Amani");
    String baraka = session.declare("Baraka");

    Path backup = temp.resolve("node-backup.zip");
    CliRun backedUp = backup(dataDir, backup);
    assertThat(backedUp.exitCode()).as(backedUp.toString()).isZero();
    assertThat(backedUp.out()).contains("Backed up " + org + " to " + backup);
    assertThat(dataDir.resolve(HavenNode.BACKUP_STAGING_DIR)).doesNotExist();
    CliRun again = backup(dataDir, backup);
    assertThat(again.exitCode()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(again.err()).contains("a backup never replaces a file");

    String afterBackup = session.declare("Chausiku");
    session.erase(amani);
    session.assertErased(amani);
    assertThat(first.terminate()).as("the node stops on SIGTERM").isTrue();

    Path vaultKey = HavenNode.defaultVaultKeyFile(dataDir);
    assertStolenBackupRevealsNothing(backup, vaultKey, List.of("Amani", "Baraka", "Wanjiru"));

    Directories.deleteTree(dataDir);
    assertRefusedAndNothingWritten(truncated(backup), dataDir);
    assertRefusedAndNothingWritten(damaged(backup), dataDir);

    CliRun restored = restore(backup, dataDir);
    assertThat(restored.exitCode()).as(restored.toString()).isZero();
    assertThat(restored.out()).contains("alone in its group");

    HavenProcess second = nodes.startNode(dataDir, "second");
    RegistrarSession afterRestore = lone.logIn();
    afterRestore.assertErased(amani);
    assertThat(afterRestore.givenNames(baraka)).isEqualTo("Baraka");
    assertThat(afterRestore.record(afterBackup).statusCode())
        .as("a lone node's writes after its last backup are lost with its data directory")
        .isEqualTo(404);
    String declaredAfterRestore = afterRestore.declare("Dalia");
    assertThat(afterRestore.givenNames(declaredAfterRestore)).isEqualTo("Dalia");
    assertThat(nodes.log("second"))
        .contains("applied the ledger's erasures to the vault again (1 children erased from it)");
    assertThat(dataDir.resolve(HavenNode.RESTORED_FILE)).doesNotExist();
    assertThat(second.terminate()).as("the node stops on SIGTERM").isTrue();

    CliRun verified = CliRun.run("verify", "--data-dir", dataDir.toString(), "--no-progress");
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    assertThat(verified.out()).startsWith("Ledger OK: ");
  }

  /**
   * A stolen backup: the vault's records inside it are sealed, the master key is not there, and no
   * personal data is in any file of it in clear.
   */
  private static void assertStolenBackupRevealsNothing(
      Path backup, Path vaultKeyFile, List<String> personalData) throws IOException {
    byte[] keyBase64 = Files.readString(vaultKeyFile).strip().getBytes(StandardCharsets.US_ASCII);
    byte[] key = Base64.getDecoder().decode(keyBase64);
    List<byte[]> secrets = new ArrayList<>(List.of(keyBase64, key));
    personalData.forEach(text -> secrets.add(text.getBytes(StandardCharsets.UTF_8)));
    int entries = 0;
    try (ZipFile zip = new ZipFile(backup.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        byte[] content;
        try (InputStream in = zip.getInputStream(entry)) {
          content = in.readAllBytes();
        }
        entries++;
        for (byte[] secret : secrets) {
          assertThat(SessionRestartTest.indexOf(content, secret))
              .as("%s holds a secret or personal data in clear", entry.getName())
              .isEqualTo(-1);
        }
      }
    }
    assertThat(entries).as("files in the backup").isGreaterThan(10);
  }

  private void assertRefusedAndNothingWritten(Path badBackup, Path dataDir) throws IOException {
    CliRun refused = restore(badBackup, dataDir);
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(refused.err())
        .contains(badBackup + " is not a complete, intact Haven backup")
        .contains("nothing was restored");
    assertThat(dataDir).doesNotExist();
    assertThat(dataDir.resolveSibling(dataDir.getFileName() + ".restoring"))
        .as("the restore's staging directory")
        .doesNotExist();
  }

  /** The first half of the backup, as an interrupted copy leaves it. */
  private Path truncated(Path backup) throws IOException {
    byte[] content = Files.readAllBytes(backup);
    return Files.write(temp.resolve("truncated.zip"), Arrays.copyOf(content, content.length / 2));
  }

  /**
   * The backup with one byte of its largest vault file flipped, the archive otherwise well formed
   * (its CRCs recomputed), as a bad copy or a deliberate edit leaves it: only the manifest's
   * SHA-256 can tell.
   */
  private Path damaged(Path backup) throws IOException {
    Path damaged = temp.resolve("damaged.zip");
    try (ZipFile zip = new ZipFile(backup.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(damaged))) {
      ZipEntry largest =
          Collections.list(zip.entries()).stream()
              .filter(entry -> entry.getName().startsWith(HavenNode.VAULT_DIR + "/"))
              .max(Comparator.comparingLong(ZipEntry::getSize))
              .orElseThrow();
      for (ZipEntry entry : Collections.list(zip.entries())) {
        byte[] content;
        try (InputStream in = zip.getInputStream(entry)) {
          content = in.readAllBytes();
        }
        if (entry.getName().equals(largest.getName())) {
          content[content.length / 2] ^= 0x40;
        }
        out.putNextEntry(new ZipEntry(entry.getName()));
        out.write(content);
        out.closeEntry();
      }
    }
    return damaged;
  }

  static CliRun backup(Path dataDir, Path out) {
    return CliRun.run(
        "backup",
        "--data-dir",
        dataDir.toString(),
        "--out",
        out.toString(),
        "--with-keys",
        "--no-progress");
  }

  static CliRun restore(Path backup, Path dataDir) {
    return CliRun.run(
        "restore", backup.toString(), "--data-dir", dataDir.toString(), "--no-progress");
  }
}
