package org.haven.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's vault master key: 32 random bytes for AES-256, which wrap every child's data key. It is
 * kept apart from the vault, in a key file or in the environment variable {@value
 * #ENVIRONMENT_VARIABLE}, as standard base64, so that a copy of the data directory alone decrypts
 * nothing.
 *
 * <p>Losing the master key loses every record in the vault; keep a copy offline. {@link
 * #toString()} shows only the key's {@link #id()}.
 */
public final class MasterKey {
  public static final String ENVIRONMENT_VARIABLE = "HAVEN_VAULT_MASTER_KEY";

  private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final byte[] ID_LABEL =
      "haven/vault/master-key-id/v1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int ID_SIZE = 8;

  private final SecretKey key;
  private final String id;

  private MasterKey(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
    this.id = HexFormat.of().formatHex(Arrays.copyOf(hmac(key), ID_SIZE));
  }

  /** A new random key. */
  public static MasterKey generate(SecureRandom random) {
    byte[] key = new byte[Aead.KEY_SIZE];
    random.nextBytes(key);
    return new MasterKey(key);
  }

  /**
   * Reads a key file holding the key in base64; surrounding whitespace is ignored. Logs a warning
   * if anyone but the owner may read or write the file.
   *
   * @throws VaultException if the file cannot be read or does not hold base64 of 32 bytes
   */
  public static MasterKey fromFile(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new VaultException("Failed to read the master key file " + file + ": " + e, e);
    }
    warnUnlessOwnerOnly(file);
    return parse(new String(content, StandardCharsets.US_ASCII), "The master key file " + file);
  }

  /**
   * Reads the key from {@value #ENVIRONMENT_VARIABLE} in {@code environment}, usually {@link
   * System#getenv()}.
   *
   * @return empty if the variable is unset or blank, so the caller can fall back to a key file
   * @throws VaultException if the variable is set but does not hold base64 of 32 bytes
   */
  public static Optional<MasterKey> fromEnvironment(Map<String, String> environment) {
    String value = environment.get(ENVIRONMENT_VARIABLE);
    return value == null || value.isBlank()
        ? Optional.empty()
        : Optional.of(parse(value, ENVIRONMENT_VARIABLE));
  }

  private static MasterKey parse(String base64, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      // Not chained: the decoder's message quotes a character of the key.
      throw new VaultException(source + " is not base64 of 32 bytes");
    }
    if (key.length != Aead.KEY_SIZE) {
      throw new VaultException(
          source + " is not base64 of 32 bytes: it decodes to " + key.length + " bytes");
    }
    return new MasterKey(key);
  }

  private static void warnUnlessOwnerOnly(Path file) {
    if (!isPosix(file)) {
      return;
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(permissions)) {
        LOG.warn(
            "The master key file {} has permissions {}: whoever can read it can decrypt the"
                + " vault. Restrict it to its owner with: chmod 600 {}",
            file,
            PosixFilePermissions.toString(permissions),
            file);
      }
    } catch (IOException e) {
      LOG.warn("Could not check the permissions of the master key file {}: {}", file, e.toString());
    }
  }

  /**
   * Writes the key in base64 to a new file that only its owner may read and write ({@code
   * rw-------} where the file system has POSIX permissions), and syncs it.
   *
   * @throws VaultException if {@code file} exists, because replacing a master key makes every
   *     record sealed under it unreadable, or if the file cannot be written
   */
  public void writeTo(Path file) {
    FileAttribute<?>[] attributes =
        isPosix(file)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    byte[] encoded = Base64.getEncoder().encode(key.getEncoded());
    ByteBuffer content = ByteBuffer.allocate(encoded.length + 1).put(encoded).put((byte) '\n');
    content.flip();
    try (FileChannel channel =
        FileChannel.open(
            file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
      while (content.hasRemaining()) {
        channel.write(content);
      }
      channel.force(true);
    } catch (FileAlreadyExistsException e) {
      throw new VaultException(
          "Refusing to overwrite the master key file "
              + file
              + ": every vault record sealed under the key it holds would become unreadable",
          e);
    } catch (IOException e) {
      throw new VaultException("Failed to write the master key file " + file + ": " + e, e);
    } finally {
      Arrays.fill(encoded, (byte) 0);
    }
  }

  /**
   * A fingerprint that names the key without revealing it: the first 8 bytes, in hex, of
   * HMAC-SHA-256 under the key of {@code "haven/vault/master-key-id/v1\n"}. The vault records it to
   * tell a wrong key from tampered data.
   */
  public String id() {
    return id;
  }

  SecretKey secretKey() {
    return key;
  }

  private static byte[] hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(ID_LABEL);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform must provide HmacSHA256", e);
    }
  }

  private static boolean isPosix(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  @Override
  public String toString() {
    return "MasterKey[id=" + id + "]";
  }
}
