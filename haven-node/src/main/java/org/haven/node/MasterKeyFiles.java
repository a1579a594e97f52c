package org.haven.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.haven.vault.MasterKey;
import org.haven.vault.Vault;
import org.haven.vault.VaultException;

/**
 * Where a node's vault master keys are: the key from {@value MasterKey#ENVIRONMENT_VARIABLE} if it
 * is set, else the configured key file ({@code vaultKeyFile} in {@code node.json}), which must lie
 * outside the data directory. A rotation of the master key (see docs/operations.md) uses two more
 * files beside the key file: {@code <key file>.next}, the new key, written by {@code haven vault
 * rotate-master-key}; and {@code <key file>.old}, where the old key is moved once every record is
 * re-wrapped, until the operator destroys it. A node opens its vault with every key among these
 * files, so a rotation interrupted at any point, files included, finishes at the next start.
 */
public final class MasterKeyFiles {
  public static final String NEXT_SUFFIX = ".next";
  public static final String OLD_SUFFIX = ".old";

  private final Optional<MasterKey> fromEnvironment;
  private final Optional<Path> file;

  private MasterKeyFiles(Optional<MasterKey> fromEnvironment, Optional<Path> file) {
    this.fromEnvironment = fromEnvironment;
    this.file = file;
  }

  /**
   * The master keys configured for the node in {@code dataDir}.
   *
   * @throws ConfigException if there is no key, the key file is inside the data directory, or the
   *     variable is set to something other than a key
   */
  public static MasterKeyFiles of(Path dataDir, NodeConfig config, Map<String, String> env) {
    try {
      Optional<MasterKey> fromEnvironment = MasterKey.fromEnvironment(env);
      if (fromEnvironment.isPresent()) {
        return new MasterKeyFiles(fromEnvironment, Optional.empty());
      }
    } catch (VaultException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    if (config.vaultKeyFile() == null) {
      throw new ConfigException(
          "No vault master key: set "
              + MasterKey.ENVIRONMENT_VARIABLE
              + " or \"vaultKeyFile\" in "
              + dataDir.resolve(NodeConfig.FILE_NAME)
              + ".");
    }
    Path file = Path.of(config.vaultKeyFile()).toAbsolutePath().normalize();
    if (file.startsWith(dataDir.toAbsolutePath().normalize())) {
      throw new ConfigException(
          "The vault master key file "
              + file
              + " is inside the data directory; move it elsewhere and update vaultKeyFile, so"
              + " that a copy of the data directory cannot decrypt the vault.");
    }
    return new MasterKeyFiles(Optional.empty(), Optional.of(file));
  }

  /**
   * The key file, for a rotation.
   *
   * @throws ConfigException if the key comes from the environment, whose rotation is not built
   */
  public Path keyFile() {
    return file.orElseThrow(
        () ->
            new ConfigException(
                "The vault master key comes from "
                    + MasterKey.ENVIRONMENT_VARIABLE
                    + ": rotating it is built for a key file only. Write the key to a file outside"
                    + " the data directory (mode 600), set \"vaultKeyFile\" in node.json, unset the"
                    + " variable, restart the node, and rotate then."));
  }

  /** The key file, or empty when the key comes from the environment. */
  public Optional<Path> keyFileIfAny() {
    return file;
  }

  /** Where a rotation's new key is written. */
  public Path nextKeyFile() {
    return sibling(NEXT_SUFFIX);
  }

  /** Where the old key waits, after a rotation, for the operator to destroy it. */
  public Path oldKeyFile() {
    return sibling(OLD_SUFFIX);
  }

  private Path sibling(String suffix) {
    Path key = keyFile();
    return key.resolveSibling(key.getFileName() + suffix);
  }

  /**
   * Every key the vault may need: the configured one, and the new and old keys of a rotation whose
   * files exist.
   *
   * @throws ConfigException if a key cannot be read
   */
  public List<MasterKey> candidates() {
    if (fromEnvironment.isPresent()) {
      return List.of(fromEnvironment.get());
    }
    try {
      List<MasterKey> keys = new ArrayList<>();
      // The key file is missing only after a crash in the middle of promoteIfRotated.
      for (Path candidate : List.of(keyFile(), nextKeyFile(), oldKeyFile())) {
        if (Files.exists(candidate)) {
          keys.add(MasterKey.fromFile(candidate));
        }
      }
      if (keys.isEmpty()) {
        keys.add(MasterKey.fromFile(keyFile()));
      }
      return keys;
    } catch (VaultException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /**
   * The new key of a rotation, from {@link #nextKeyFile}.
   *
   * @throws ConfigException if the file is missing or holds no key
   */
  public MasterKey next() {
    Path next = nextKeyFile();
    if (!Files.exists(next)) {
      throw new ConfigException(
          "No new master key at " + next + ": 'haven vault rotate-master-key' writes it there");
    }
    try {
      return MasterKey.fromFile(next);
    } catch (VaultException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /**
   * After the vault has finished a rotation to the key in {@link #nextKeyFile}: moves the old key
   * to {@link #oldKeyFile} and the new one to the key file. Does nothing unless the new key file
   * exists and holds the vault's key, so that it may run at every start: a crash between the two
   * moves leaves the key file missing, which this repairs.
   *
   * @return whether the files were moved
   * @throws ConfigException if a file cannot be moved
   */
  public boolean promoteIfRotated(Vault vault) {
    if (file.isEmpty() || !Files.exists(nextKeyFile()) || vault.rotating()) {
      return false;
    }
    try {
      if (!MasterKey.fromFile(nextKeyFile()).id().equals(vault.masterKeyId())) {
        return false;
      }
      if (Files.exists(keyFile())) {
        Files.move(keyFile(), oldKeyFile(), StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(nextKeyFile(), keyFile(), StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException | VaultException e) {
      throw new ConfigException(
          "The vault now uses the master key in "
              + nextKeyFile()
              + ", but it could not be moved to "
              + keyFile()
              + " (the old key to "
              + oldKeyFile()
              + "): "
              + e.getMessage()
              + ". Move them by hand before the next start.",
          e);
    }
  }
}
