package org.haven.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;

/**
 * A private key on disk: the base64 Ed25519 seed, readable by the owner only. A later issue wraps
 * keys under the node's master key; until then the file permissions are the protection.
 */
public final class KeyFile {
  private KeyFile() {}

  public static void write(Path file, Ed25519PrivateKey key) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, key.seed().toBase64() + "\n", StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Reads a key file.
   *
   * @throws ConfigException if the file is missing or does not hold a 32-byte base64 seed
   */
  public static Ed25519PrivateKey read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return Ed25519PrivateKey.fromSeed(Bytes.fromBase64(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "Cannot read key file "
              + file
              + ": "
              + e.getMessage()
              + ". It must hold the base64 of a 32-byte Ed25519 seed.",
          e);
    }
  }
}
