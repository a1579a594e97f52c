package org.haven.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.haven.card.border.OfflineQueue;
import org.haven.card.bundle.BundleStore;
import org.haven.card.bundle.LedgerTrust;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.ledger.Genesis;
import org.haven.node.ConfigException;
import org.haven.node.GenesisFile;
import org.haven.node.auth.OfficerCredential;

/**
 * A border checkpoint's working directory: the ledger's genesis (whose member node keys sign the
 * bundles it trusts), the officer's sealed credential, the verifier bundle and the queue of checks
 * not yet on the ledger. The queue holds child numbers, so the directory must be protected like the
 * device.
 */
final class BorderDevice {
  static final String GENESIS = "genesis.json";
  static final String CREDENTIAL = "credential.json";
  static final String BUNDLE = "bundle";
  static final String QUEUE = "queue";

  private final Path directory;

  BorderDevice(Path directory) {
    this.directory = directory;
  }

  Path directory() {
    return directory;
  }

  Path genesisFile() {
    return directory.resolve(GENESIS);
  }

  Path credentialFile() {
    return directory.resolve(CREDENTIAL);
  }

  /**
   * Keeps the officer's credential file, their signing key sealed under their password, readable by
   * its owner only, in a device directory made owner-only if it is new: the directory will also
   * hold the queue of checks made offline, which name children.
   */
  void saveCredential(byte[] credential) throws IOException {
    OwnerOnlyFiles.createDirectories(directory);
    OwnerOnlyFiles.write(credentialFile(), credential);
  }

  /**
   * The member node keys the device trusts: those of the genesis it was prepared with.
   *
   * @throws ConfigException if the device was never prepared
   */
  Map<OrgId, Ed25519PublicKey> trustedNodeKeys() {
    Map<OrgId, Ed25519PublicKey> keys = new LinkedHashMap<>();
    for (Organisation member : genesis().members()) {
      keys.put(member.id(), member.nodeKey());
    }
    return keys;
  }

  /**
   * The genesis the device was prepared with.
   *
   * @throws ConfigException if the device was never prepared
   */
  private Genesis genesis() {
    if (!Files.exists(genesisFile())) {
      throw new ConfigException(
          "No ledger genesis in "
              + directory
              + ": prepare the device first with 'haven bundle export --dir "
              + directory
              + "' while online.");
    }
    return GenesisFile.read(genesisFile());
  }

  /**
   * The ledger the device signs crossings for: its genesis hash.
   *
   * @throws ConfigException if the device was never prepared
   */
  Hash chainId() {
    return genesis().hash();
  }

  BundleStore bundles() throws IOException {
    return BundleStore.open(directory.resolve(BUNDLE), LedgerTrust.of(genesis()));
  }

  OfflineQueue queue() throws IOException {
    return OfflineQueue.open(directory.resolve(QUEUE));
  }

  /**
   * The officer's credential, sealed under their password, as saved when the device was prepared.
   */
  OfficerCredential credential() throws IOException {
    if (!Files.exists(credentialFile())) {
      throw new ConfigException(
          "No officer credential in "
              + directory
              + ": prepare the device with 'haven bundle export --dir "
              + directory
              + "' while logged in.");
    }
    return OfficerCredential.fromJson(Files.readString(credentialFile()));
  }
}
