package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.Sex;
import org.haven.node.HavenNode;
import org.haven.node.MasterKeyFiles;
import org.haven.vault.Commitment;
import org.haven.vault.MasterKey;
import org.haven.vault.PersonalData;
import org.haven.vault.ReadResult;
import org.haven.vault.Vault;
import org.haven.vault.VaultException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haven vault rotate-master-key} against a running node that is killed with SIGKILL in the
 * middle of the rotation: the vault then holds records under both keys and opens with neither key
 * alone; the restarted node finishes the rotation by itself and moves the key files; every record
 * reads under the new key alone, and the node runs, and reads, with the old key destroyed.
 */
class MasterKeyRotationTest {
  private static final Pattern PROGRESS = Pattern.compile("re-wrapping: (\\d+)/(\\d+) records");

  /** Enough records that the rotation takes many synced batches, so the kill lands inside it. */
  private static final int RECORDS = 2_000;

  private static final Duration POLL = Duration.ofMillis(5);

  @TempDir Path temp;

  @AutoClose private LocalNodes nodes;

  @Test
  void killNineDuringRotation_losesNoRecord_andTheOldKeyCanBeDestroyed() throws Exception {
    nodes = new LocalNodes(temp);
    LoneNode lone = LoneNode.create(temp.resolve("node"), "registrar.keys");
    Path dataDir = lone.dataDir();
    Path keyFile = HavenNode.defaultVaultKeyFile(dataDir);
    MasterKey oldKey = MasterKey.fromFile(keyFile);
    List<ChildNumber> stored = fillVault(dataDir.resolve(HavenNode.VAULT_DIR), oldKey);

    HavenProcess first = nodes.startNode(dataDir, "first");
    RegistrarSession session = lone.enrolAndLogIn();
    String declared = session.declare("Imani");

    HavenProcess rotation =
        nodes.start("rotate", "vault", "rotate-master-key", "--data-dir", dataDir.toString());
    Path cliLog = nodes.stderr("rotate");
    long reached = awaitProgressInTheMiddle(cliLog);
    first.killHard();
    assertThat(rotation.exitCode()).as("the command line sees the node die").isEqualTo(3);

    MasterKey newKey = MasterKey.fromFile(keyFile.resolveSibling(keyFile.getFileName() + ".next"));
    assertThatThrownBy(() -> Vault.open(dataDir.resolve(HavenNode.VAULT_DIR), oldKey).close())
        .as("killed after %d of %d records: the vault is between the keys", reached, RECORDS)
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("is being rotated from " + oldKey.id() + " to " + newKey.id());

    HavenProcess second = nodes.startNode(dataDir, "second");
    awaitKeyFilesMoved(keyFile, newKey, second);
    RegistrarSession again = lone.logIn();
    assertThat(again.givenNames(declared)).isEqualTo("Imani");
    assertThat(second.terminate()).as("the node stops on SIGTERM").isTrue();

    try (Vault vault = Vault.open(dataDir.resolve(HavenNode.VAULT_DIR), newKey)) {
      for (int i = 0; i < stored.size(); i++) {
        assertThat(vault.read(stored.get(i)))
            .as("record %d of %d under the new key alone", i, stored.size())
            .isInstanceOfSatisfying(
                ReadResult.Found.class,
                found -> assertThat(found.data().givenNames()).startsWith("Rotated "));
      }
    }

    Path oldKeyFile = keyFile.resolveSibling(keyFile.getFileName() + MasterKeyFiles.OLD_SUFFIX);
    assertThat(MasterKey.fromFile(oldKeyFile).id()).isEqualTo(oldKey.id());
    Files.delete(oldKeyFile);
    HavenProcess third = nodes.startNode(dataDir, "third");
    RegistrarSession afterDestruction = lone.logIn();
    assertThat(afterDestruction.givenNames(declared)).isEqualTo("Imani");
    assertThat(third.terminate()).as("the node stops on SIGTERM").isTrue();
  }

  /** Stores {@link #RECORDS} children in the vault before the node first starts. */
  private static List<ChildNumber> fillVault(Path vaultDir, MasterKey key) {
    SecureRandom random = new SecureRandom();
    List<ChildNumber> stored = new ArrayList<>();
    try (Vault vault = Vault.open(vaultDir, key)) {
      for (int i = 0; i < RECORDS; i++) {
        ChildNumber child = ChildNumber.generate(random);
        vault.put(
            child,
            new PersonalData(
                "Rotated " + i,
                "Child",
                LocalDate.of(2020, 1, 1),
                "",
                Sex.NOT_KNOWN,
                List.of(),
                Optional.empty(),
                ""),
            Commitment.newSalt(random));
        stored.add(child);
      }
    }
    return stored;
  }

  /**
   * Waits for the command line to report progress past the start and short of the end.
   *
   * @return the records re-wrapped by then
   */
  private static long awaitProgressInTheMiddle(Path cliLog) throws Exception {
    long deadline = System.nanoTime() + HavenProcess.PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(cliLog)) {
        Matcher progress = PROGRESS.matcher(Files.readString(cliLog));
        while (progress.find()) {
          long done = Long.parseLong(progress.group(1));
          if (done > 0 && done < Long.parseLong(progress.group(2))) {
            return done;
          }
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new AssertionError(
        "no progress in the middle of the rotation:\n" + Files.readString(cliLog));
  }

  /** Waits until the restarted node has finished the rotation and made the new key the key file. */
  private static void awaitKeyFilesMoved(Path keyFile, MasterKey newKey, HavenProcess node)
      throws Exception {
    Path next = keyFile.resolveSibling(keyFile.getFileName() + MasterKeyFiles.NEXT_SUFFIX);
    long deadline = System.nanoTime() + HavenProcess.PATIENCE.toNanos();
    while (Files.exists(next) || !Files.exists(keyFile)) {
      assertThat(System.nanoTime())
          .as("the restarted node finishes the rotation; its log:%n%s", node.stderr())
          .isLessThan(deadline);
      Thread.sleep(POLL.toMillis() * 20);
    }
    assertThat(MasterKey.fromFile(keyFile).id()).isEqualTo(newKey.id());
  }
}
