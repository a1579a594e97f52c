package org.haven.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.haven.storage.Directories;
import org.haven.storage.RocksLedgerStore;
import org.haven.vault.MasterKey;
import org.haven.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrative tasks a running node does for the command line over its {@link AdminSocket}:
 * the consistent copy of its databases behind {@code haven backup}, and the rotation of the vault's
 * master key behind {@code haven vault rotate-master-key}. One runs at a time.
 */
final class NodeAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAdmin.class);

  /** The socket's protocol is one line per answer. */
  private static final ObjectMapper ONE_LINE = new ObjectMapper();

  private final Path dataDir;
  private final RocksLedgerStore store;
  private final Vault vault;
  private final MasterKeyFiles keys;

  NodeAdmin(Path dataDir, RocksLedgerStore store, Vault vault, MasterKeyFiles keys) {
    this.dataDir = dataDir;
    this.store = store;
    this.vault = vault;
    this.keys = keys;
  }

  /** The commands for {@link AdminSocket#start}. */
  Map<String, AdminSocket.Command> commands() {
    return Map.of(
        AdminSocket.BACKUP,
        reply -> backup(),
        AdminSocket.ROTATE_MASTER_KEY,
        this::rotateMasterKey);
  }

  /** Deletes a backup's copies that a failed {@code haven backup} left behind. */
  void deleteBackupLeftovers() throws IOException {
    Directories.deleteTree(dataDir.resolve(HavenNode.BACKUP_STAGING_DIR));
  }

  /**
   * Copies the ledger, then the vault, into {@value HavenNode#BACKUP_STAGING_DIR}: in that order,
   * the vault holds the data of every child the copied ledger names (a declaration is written to
   * the vault before its block commits), and an erasure the ledger commits later is applied again
   * after a restore.
   */
  synchronized String backup() throws IOException {
    Path staging = dataDir.resolve(HavenNode.BACKUP_STAGING_DIR);
    deleteBackupLeftovers();
    Files.createDirectories(staging);
    store.checkpointTo(staging.resolve(HavenNode.LEDGER_DIR));
    vault.checkpointTo(staging.resolve(HavenNode.VAULT_DIR));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("staging", staging.toString());
    result.put("vaultMasterKeyId", vault.masterKeyId());
    return json(result);
  }

  /**
   * Re-wraps every record of the vault under the key in {@link MasterKeyFiles#nextKeyFile}, then
   * moves the keys' files (see {@link MasterKeyFiles#promoteIfRotated}).
   */
  synchronized String rotateMasterKey(AdminSocket.Reply reply) throws IOException {
    keys.keyFile();
    if (!vault.rotating() && Files.exists(keys.oldKeyFile())) {
      throw new ConfigException(
          "The key of an earlier rotation is still at "
              + keys.oldKeyFile()
              + ": destroy it (or move it to where you keep the keys of old backups) before the next"
              + " rotation.");
    }
    MasterKey next = keys.next();
    String from = vault.masterKeyId();
    vault.rotateMasterKey(next, reply::progress);
    keys.promoteIfRotated(vault);
    LOG.info("The vault's master key was rotated from {} to {}", from, next.id());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("masterKeyId", next.id());
    result.put("keyFile", keys.keyFile().toString());
    result.put("oldKeyFile", keys.oldKeyFile().toString());
    return json(result);
  }

  /**
   * At start: finishes a rotation a crash interrupted, and moves the keys' files if it finished but
   * they were not moved.
   */
  synchronized void finishInterruptedRotation() {
    if (vault.rotating()) {
      LOG.info(
          "The rotation of the vault's master key ({}) was interrupted; finishing it",
          vault.masterKeyId());
      vault.finishRotation((done, total) -> {});
      LOG.info("The rotation of the vault's master key is finished: {}", vault.masterKeyId());
    }
    if (keys.promoteIfRotated(vault)) {
      LOG.info(
          "Moved the vault's new master key to {} and the old one to {}: destroy the old one once"
              + " no backup you keep needs it",
          keys.keyFile(),
          keys.oldKeyFile());
    }
  }

  private static String json(Map<String, Object> result) {
    try {
      return ONE_LINE.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }
}
