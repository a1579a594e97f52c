package org.haven.node.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OfficerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open sessions of a node on disk, so that a restart does not log officers out. One file per
 * session, named by the lowercase hex SHA-256 of its bearer token, in one owner-only directory:
 *
 * <pre>
 * magic "HVS1" | opened at (8 bytes) | last used at (8 bytes) | nonce (12) | sealed (n + 16)
 * </pre>
 *
 * Times are big-endian milliseconds since the epoch, in clear so that expired sessions can be
 * deleted without their token. The sealed part is AES-256-GCM ({@link KeySeal}) of {@code signing
 * key seed (32) | CSRF token (43 ASCII) | officer id (UTF-8)}, with the file's first 20 bytes and
 * the token's SHA-256 as associated data, under a key derived from the token itself by HKDF-Expand
 * (RFC 5869 section 2.3, SHA-256, the token's ASCII as the pseudorandom key, info {@value #INFO}).
 *
 * <p>Why the token and not a node key: the node never stores the token, only its hash, so the files
 * alone, or with every key file of the node, unlock nothing. Only someone who already holds a
 * token, and so the session, can open that session's file. An altered time, a file renamed to
 * another session's name, or any flipped byte fails the tag.
 *
 * <p>Failures never stop the node: a file that cannot be read or fails its tag is logged, deleted
 * when possible, and its officer logs in again; one that cannot be written is logged and the
 * session lives in memory only.
 */
final class SessionFiles {
  private static final Logger LOG = LoggerFactory.getLogger(SessionFiles.class);

  static final String INFO = "haven session file v1";
  private static final byte[] MAGIC = "HVS1".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_SIZE = MAGIC.length + 2 * Long.BYTES;
  private static final int SEED_SIZE = Ed25519PrivateKey.SEED_SIZE;
  private static final String TEMPORARY_PREFIX = ".session.";
  private static final HexFormat HEX = HexFormat.of();

  private final Path directory;
  private final SecureRandom random;

  /** What a session file holds sealed. {@link #toString()} shows neither key nor CSRF token. */
  record Secrets(OfficerId officer, Ed25519PrivateKey signingKey, String csrfToken) {
    @Override
    public String toString() {
      return "Secrets[officer=" + officer + "]";
    }
  }

  /** A session file's clear part: which session, and its times. */
  record Stored(Hash id, Instant openedAt, Instant lastUsedAt) {}

  private SessionFiles(Path directory, SecureRandom random) {
    this.directory = directory;
    this.random = random;
  }

  /**
   * Opens the session files in {@code directory}, creating it owner-only if it does not exist.
   *
   * @throws CredentialException if the directory cannot be created
   */
  static SessionFiles open(Path directory, SecureRandom random) {
    try {
      DurableFiles.createDirectory(directory);
    } catch (IOException e) {
      throw new CredentialException(
          "Cannot create the session directory "
              + directory
              + ": "
              + e
              + ". Make it writable by the node's user, or remove what stands in its place.",
          e);
    }
    return new SessionFiles(directory, random);
  }

  /**
   * Returns the clear part of every session file. Deletes what is not a session file: temporary
   * files of an interrupted write, and files whose clear part is malformed.
   */
  List<Stored> load() {
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.toList();
    } catch (IOException e) {
      LOG.warn(
          "Cannot list the session directory {}: {}; officers must log in again", directory, e);
      return List.of();
    }
    List<Stored> stored = new ArrayList<>();
    for (Path file : files) {
      Optional<Hash> id = idOf(file);
      Optional<Stored> header = id.flatMap(this::readHeader);
      if (header.isPresent()) {
        stored.add(header.get());
      } else {
        LOG.warn("{} is not a session file; deleting it", file);
        delete(file);
      }
    }
    return stored;
  }

  /** Writes the session {@code token} addresses; on failure logs and keeps going. */
  void write(String token, Secrets secrets, Instant openedAt, Instant lastUsedAt) {
    Hash id = Sessions.key(token);
    byte[] header =
        ByteBuffer.allocate(HEADER_SIZE)
            .put(MAGIC)
            .putLong(openedAt.toEpochMilli())
            .putLong(lastUsedAt.toEpochMilli())
            .array();
    byte[] nonce = new byte[KeySeal.NONCE_SIZE];
    random.nextBytes(nonce);
    byte[] plaintext = plaintext(secrets);
    Bytes sealed;
    try {
      sealed =
          KeySeal.seal(sealingKey(token), Bytes.of(nonce), plaintext, associatedData(header, id));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
    byte[] content =
        ByteBuffer.allocate(HEADER_SIZE + nonce.length + sealed.size())
            .put(header)
            .put(nonce)
            .put(sealed.toArray())
            .array();
    try {
      DurableFiles.replace(file(id), content, TEMPORARY_PREFIX);
    } catch (IOException e) {
      LOG.warn(
          "Cannot write the session of officer {} to {}: {}; it will not outlive a restart",
          secrets.officer(),
          directory,
          e);
    }
  }

  /**
   * Opens the file of the session {@code token} addresses. Empty, with a log line, if the file is
   * gone, unreadable or fails its tag; a file that fails its tag is deleted.
   */
  Optional<Secrets> read(String token) {
    Hash id = Sessions.key(token);
    Path file = file(id);
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      LOG.warn("Session file {} is gone; its officer must log in again", file);
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("Cannot read session file {}: {}; its officer must log in again", file, e);
      return Optional.empty();
    }
    Optional<Secrets> secrets = unseal(token, id, content);
    if (secrets.isEmpty()) {
      LOG.warn(
          "Session file {} was altered or is damaged; deleting it, its officer must log in again",
          file);
      delete(file);
    }
    return secrets;
  }

  /** Deletes the file of the session with {@code id}; on failure logs and keeps going. */
  void delete(Hash id) {
    delete(file(id));
  }

  private Optional<Secrets> unseal(String token, Hash id, byte[] content) {
    int sealedStart = HEADER_SIZE + KeySeal.NONCE_SIZE;
    if (content.length < sealedStart + KeySeal.TAG_SIZE) {
      return Optional.empty();
    }
    byte[] header = Arrays.copyOfRange(content, 0, HEADER_SIZE);
    Bytes nonce = Bytes.of(Arrays.copyOfRange(content, HEADER_SIZE, sealedStart));
    Bytes sealed = Bytes.of(Arrays.copyOfRange(content, sealedStart, content.length));
    byte[] plaintext;
    try {
      plaintext = KeySeal.open(sealingKey(token), nonce, sealed, associatedData(header, id));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    }
    try {
      return secretsOf(plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static byte[] plaintext(Secrets secrets) {
    byte[] seed = secrets.signingKey().seed().toArray();
    byte[] csrf = secrets.csrfToken().getBytes(StandardCharsets.US_ASCII);
    byte[] officer = secrets.officer().value().getBytes(StandardCharsets.UTF_8);
    byte[] plaintext =
        ByteBuffer.allocate(seed.length + csrf.length + officer.length)
            .put(seed)
            .put(csrf)
            .put(officer)
            .array();
    Arrays.fill(seed, (byte) 0);
    return plaintext;
  }

  /** Empty if the plaintext, though authentic, does not parse: a file of another format. */
  private static Optional<Secrets> secretsOf(byte[] plaintext) {
    int csrfEnd = SEED_SIZE + Sessions.TOKEN_LENGTH;
    if (plaintext.length <= csrfEnd) {
      return Optional.empty();
    }
    byte[] seed = Arrays.copyOfRange(plaintext, 0, SEED_SIZE);
    try {
      return Optional.of(
          new Secrets(
              new OfficerId(
                  new String(
                      plaintext, csrfEnd, plaintext.length - csrfEnd, StandardCharsets.UTF_8)),
              Ed25519PrivateKey.fromSeed(Bytes.of(seed)),
              new String(plaintext, SEED_SIZE, Sessions.TOKEN_LENGTH, StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  private Optional<Stored> readHeader(Hash id) {
    byte[] header = new byte[HEADER_SIZE];
    try (var in = Files.newInputStream(file(id))) {
      if (in.readNBytes(header, 0, HEADER_SIZE) < HEADER_SIZE) {
        return Optional.empty();
      }
    } catch (IOException e) {
      LOG.warn("Cannot read session file {}: {}", file(id), e);
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(header);
    byte[] magic = new byte[MAGIC.length];
    buffer.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      return Optional.empty();
    }
    return Optional.of(
        new Stored(
            id, Instant.ofEpochMilli(buffer.getLong()), Instant.ofEpochMilli(buffer.getLong())));
  }

  /** The session id a file's name gives, if it is a session file's name. */
  private static Optional<Hash> idOf(Path file) {
    String name = file.getFileName().toString();
    if (name.length() != 2 * Hash.SIZE || !name.chars().allMatch(HexFormat::isHexDigit)) {
      return Optional.empty();
    }
    return Optional.of(Hash.of(HEX.parseHex(name)));
  }

  private Path file(Hash id) {
    return directory.resolve(id.toHex());
  }

  private static void delete(Path file) {
    try {
      DurableFiles.delete(file);
    } catch (IOException e) {
      LOG.warn("Cannot delete session file {}: {}", file, e);
    }
  }

  private static byte[] associatedData(byte[] header, Hash id) {
    return ByteBuffer.allocate(header.length + Hash.SIZE).put(header).put(id.toArray()).array();
  }

  /** HKDF-Expand (RFC 5869 section 2.3) to one SHA-256 block: T(1) = HMAC(PRK, info | 0x01). */
  private static Bytes sealingKey(String token) {
    byte[] prk = token.getBytes(StandardCharsets.US_ASCII);
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(prk, "HmacSHA256"));
      hmac.update(INFO.getBytes(StandardCharsets.US_ASCII));
      hmac.update((byte) 1);
      byte[] key = hmac.doFinal();
      try {
        return Bytes.of(key);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is missing from this JVM: " + e, e);
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }
}
