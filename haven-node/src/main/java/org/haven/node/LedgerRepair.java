package org.haven.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * What {@code haven repair} does to a stopped member whose ledger is damaged: it sets the ledger
 * and the Raft log (whose snapshots share the ledger's files) aside in {@code repair/}, for
 * forensics, and marks the repair as pending in {@value HavenNode#REPAIR_FILE}. The vault, keys,
 * credentials and the last checkpoint this member cosigned stay as they are.
 *
 * <p>At its next start the member begins with an empty ledger and Raft log; the leader brings it up
 * to date, from its snapshot (verified before it is installed) and its log, as it would a member
 * whose disk was replaced. Until the member has verified the ledger it received ({@link
 * LedgerVerifier#verifyReceived}: the header chain, the Merkle root from every transaction, and a
 * final checkpoint's quorum of cosignatures), it neither cosigns nor serves ledger data, and {@code
 * GET /ready} says why. The last checkpoint it cosigned still binds it: it cosigns nothing that is
 * not consistent with it.
 */
public final class LedgerRepair {
  /** Where the damaged ledger and Raft log are kept, in the data directory. */
  public static final String SET_ASIDE_DIR = "repair";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);

  private LedgerRepair() {}

  /**
   * Sets the ledger and Raft log of the stopped member in {@code dataDir} aside.
   *
   * @return the directory they were moved to
   * @throws ConfigException if {@code dataDir} is not a member's data directory, the member has no
   *     other member to rebuild from, or its node is running
   */
  public static Path setAside(Path dataDir, Clock clock) throws IOException {
    NodeConfig config = NodeConfig.read(dataDir);
    if (config.peers().size() < 2) {
      throw new ConfigException(
          "The node in "
              + dataDir
              + " is a network of one: there is no other member to rebuild its ledger from."
              + " Restore its data directory from a backup instead.");
    }
    Path ledger = dataDir.resolve(HavenNode.LEDGER_DIR);
    Path raft = dataDir.resolve(HavenNode.RAFT_DIR);
    if (!Files.isDirectory(ledger) && !Files.isDirectory(raft)) {
      throw new ConfigException(
          "The data directory "
              + dataDir
              + " holds no ledger and no Raft log to set aside; start the node and it receives the"
              + " ledger from the other members.");
    }
    requireStopped(ledger);
    Path aside =
        dataDir
            .resolve(SET_ASIDE_DIR)
            .resolve("set-aside-" + STAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    Files.createDirectories(aside);
    Path pending = dataDir.resolve(HavenNode.REPAIR_FILE);
    Files.createDirectories(pending.getParent());
    Files.writeString(
        pending,
        "Set aside by 'haven repair' at "
            + clock.instant()
            + " in "
            + aside
            + "; the node removes this file once it has verified the ledger it received.\n",
        StandardCharsets.UTF_8);
    moveIfPresent(ledger, aside.resolve(HavenNode.LEDGER_DIR));
    moveIfPresent(raft, aside.resolve(HavenNode.RAFT_DIR));
    return aside;
  }

  private static void moveIfPresent(Path from, Path to) throws IOException {
    if (Files.exists(from)) {
      Files.move(from, to);
    }
  }

  /**
   * Refuses while a node holds the ledger's RocksDB lock: moving a running node's files would lose
   * its writes.
   */
  private static void requireStopped(Path ledger) throws IOException {
    Path lockFile = ledger.resolve("LOCK");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        throw running(ledger);
      }
    } catch (NoSuchFileException e) {
      // No database, so no node has it open.
    } catch (java.nio.channels.OverlappingFileLockException e) {
      throw running(ledger);
    }
  }

  private static ConfigException running(Path ledger) {
    return new ConfigException(
        "A node is running on the ledger in "
            + ledger
            + "; stop it first (SIGTERM), then run 'haven repair' again.");
  }
}
