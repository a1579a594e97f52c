package org.haven.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.registry.identity.LinkageKey;

/**
 * A secret key on disk as base64, readable by the owner only: a node's Ed25519 seeds, its TLS key
 * and the consortium's linkage key. The file permissions are the protection; officers' keys are
 * kept encrypted under their passwords instead (see docs/authentication.md).
 */
public final class KeyFile {
  private KeyFile() {}

  public static void write(Path file, Ed25519PrivateKey key) throws IOException {
    writeSecret(file, key.seed());
  }

  /** Writes {@code secret} as base64 to a new owner-only file, replacing any old one. */
  public static void writeSecret(Path file, Bytes secret) throws IOException {
    writeSecretText(file, secret.toBase64() + "\n");
  }

  /**
   * Writes {@code text}, such as a PEM private key, to a new owner-only file, replacing any old
   * one.
   */
  public static void writeSecretText(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Reads the consortium's linkage key.
   *
   * @throws ConfigException if the file is missing or does not hold base64 of 32 bytes
   */
  public static LinkageKey readLinkageKey(Path file) {
    try {
      return LinkageKey.of(readBase64(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "Cannot read the consortium's linkage key "
              + file
              + ": "
              + e.getMessage()
              + ". Every member needs the same key, from the genesis ceremony; copy it from the"
              + " founding member's keys/linkage.key.",
          e);
    }
  }

  /**
   * Reads a key file.
   *
   * @throws ConfigException if the file is missing or does not hold a 32-byte base64 seed
   */
  public static Ed25519PrivateKey read(Path file) {
    try {
      return Ed25519PrivateKey.fromSeed(readBase64(file));
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

  /**
   * Reads this member's TLS private key (PKCS#8 DER); {@code MemberTls} checks that it is one.
   *
   * @throws ConfigException if the file is missing or does not hold base64
   */
  public static Bytes readTlsKey(Path file) {
    try {
      return readBase64(file);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "Cannot read this member's TLS key "
              + file
              + ": "
              + e.getMessage()
              + ". 'haven init' writes it; a member that lost it makes a new key and certificate"
              + " with 'haven init' in a new directory, and the consortium lists the new"
              + " certificate in genesis.",
          e);
    }
  }

  /**
   * Reads this member's TLS certificate (X.509 DER) if the file exists: {@code haven init} writes
   * it, and a member admitted after genesis needs it until the ledger lists it.
   *
   * @throws ConfigException if the file exists but does not hold base64
   */
  public static Optional<Bytes> readTlsCertificate(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(readBase64(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "Cannot read this member's TLS certificate "
              + file
              + ": "
              + e.getMessage()
              + ". It must hold the base64 DER certificate 'haven init' printed.",
          e);
    }
  }

  private static Bytes readBase64(Path file) throws IOException {
    return Bytes.fromBase64(Files.readString(file, StandardCharsets.US_ASCII).strip());
  }
}
