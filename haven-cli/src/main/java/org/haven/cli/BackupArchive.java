package org.haven.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.haven.node.ConfigException;

/**
 * A backup file: a ZIP archive of data-directory files, each at its path relative to the data
 * directory, followed by {@value #MANIFEST}, which describes the backup and lists every file with
 * its size and SHA-256. ZIP's own CRC-32 catches most damage, the manifest's digests the rest; a
 * truncated file has no central directory and no manifest. {@link #extract} checks every byte
 * before anything leaves its staging directory.
 */
final class BackupArchive {
  static final String MANIFEST = "haven-backup.json";
  static final int FORMAT = 1;
  private static final int BUFFER = 1 << 16;

  private BackupArchive() {}

  /** One file of a backup. */
  record Entry(String path, long size, String sha256) {}

  /**
   * What a backup holds.
   *
   * @param format {@value #FORMAT}
   * @param createdAt when the databases were copied, ISO 8601
   * @param org the member whose node it is
   * @param ledgerHeight the copied ledger's last block
   * @param treeSize its log's size
   * @param logRoot its log's root hash, base64
   * @param vaultMasterKeyId the id of the master key the vault's records are wrapped under; the key
   *     itself is never in a backup
   * @param withKeys whether {@code keys/} is in it
   */
  record Manifest(
      @JsonProperty(required = true) int format,
      String createdAt,
      String org,
      long ledgerHeight,
      long treeSize,
      String logRoot,
      String vaultMasterKeyId,
      boolean withKeys,
      @JsonProperty(required = true) List<Entry> files) {
    Manifest {
      files = List.copyOf(files);
    }

    long bytes() {
      return files.stream().mapToLong(Entry::size).sum();
    }

    Manifest withFiles(List<Entry> entries) {
      return new Manifest(
          format,
          createdAt,
          org,
          ledgerHeight,
          treeSize,
          logRoot,
          vaultMasterKeyId,
          withKeys,
          entries);
    }
  }

  /**
   * Writes {@code files} (archive path to file) and the manifest to {@code out}, through a
   * temporary file beside it that only its owner may read, renamed into place once complete.
   *
   * @return the manifest written
   */
  static Manifest write(
      Path out, Map<String, Path> files, Manifest description, AdminClient.Progress progress)
      throws IOException {
    if (Files.exists(out)) {
      throw new ConfigException(
          out + " exists: a backup never replaces a file; choose a new name for this one.");
    }
    Path parent = out.toAbsolutePath().getParent();
    Path temp =
        Files.createTempFile(
            parent,
            "." + out.getFileName(),
            ".partial",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      long total = 0;
      for (Path file : files.values()) {
        total += Files.size(file);
      }
      List<Entry> entries = new ArrayList<>();
      long done = 0;
      progress.update(0, total);
      Manifest manifest;
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          ZipOutputStream zip = new ZipOutputStream(Channels.newOutputStream(channel))) {
        byte[] buffer = new byte[BUFFER];
        for (Map.Entry<String, Path> file : files.entrySet()) {
          zip.putNextEntry(new ZipEntry(file.getKey()));
          MessageDigest digest = sha256();
          long size = 0;
          try (InputStream in = Files.newInputStream(file.getValue())) {
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
              digest.update(buffer, 0, read);
              zip.write(buffer, 0, read);
              size += read;
              done += read;
              progress.update(done, total);
            }
          }
          zip.closeEntry();
          entries.add(new Entry(file.getKey(), size, hex(digest)));
        }
        manifest = description.withFiles(entries);
        zip.putNextEntry(new ZipEntry(MANIFEST));
        zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        zip.closeEntry();
        zip.finish();
        zip.flush();
        channel.force(true);
      }
      Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
      return manifest;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Checks {@code archive} and extracts it into {@code target}, which must not exist: every file
   * the manifest lists must be there with its size and SHA-256, and no other.
   *
   * @return the manifest
   * @throws ConfigException naming the problem if the archive is truncated, damaged or not a Haven
   *     backup; {@code target} may then hold part of it, and the caller deletes it
   */
  static Manifest extract(Path archive, Path target, AdminClient.Progress progress)
      throws IOException {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      Manifest manifest = readManifest(zip, archive);
      Map<String, Entry> listed = new LinkedHashMap<>();
      for (Entry entry : manifest.files()) {
        listed.put(entry.path(), entry);
      }
      Set<String> present = new HashSet<>();
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (!name.equals(MANIFEST) && !listed.containsKey(name)) {
          throw damaged(archive, "it holds " + name + ", which its manifest does not list");
        }
        present.add(name);
      }
      long total = manifest.bytes();
      long done = 0;
      progress.update(0, total);
      byte[] buffer = new byte[BUFFER];
      for (Entry entry : listed.values()) {
        if (!present.contains(entry.path())) {
          throw damaged(archive, entry.path() + " is missing");
        }
        Path file = target.resolve(entry.path()).normalize();
        if (!file.startsWith(target)) {
          throw damaged(archive, "the path " + entry.path() + " leads out of the data directory");
        }
        Files.createDirectories(file.getParent());
        MessageDigest digest = sha256();
        long size = 0;
        try (InputStream in =
                new DigestInputStream(zip.getInputStream(zip.getEntry(entry.path())), digest);
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
          for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
            out.write(buffer, 0, read);
            size += read;
            done += read;
            progress.update(done, total);
          }
        } catch (ZipException e) {
          throw damaged(archive, entry.path() + " is damaged (" + e.getMessage() + ")");
        }
        if (size != entry.size() || !hex(digest).equals(entry.sha256())) {
          throw damaged(archive, entry.path() + " does not match its SHA-256 in the manifest");
        }
      }
      return manifest;
    } catch (ZipException e) {
      throw damaged(archive, "it is not a complete ZIP archive (" + e.getMessage() + ")");
    }
  }

  private static Manifest readManifest(ZipFile zip, Path archive) throws IOException {
    ZipEntry entry = zip.getEntry(MANIFEST);
    if (entry == null) {
      throw damaged(archive, "it has no " + MANIFEST);
    }
    Manifest manifest;
    try (InputStream in = zip.getInputStream(entry)) {
      manifest = Json.MAPPER.readValue(in, Manifest.class);
    } catch (JsonProcessingException | ZipException e) {
      throw damaged(archive, "its " + MANIFEST + " cannot be read");
    }
    if (manifest.format() != FORMAT) {
      throw new ConfigException(
          archive
              + " is a backup of format "
              + manifest.format()
              + "; this haven reads format "
              + FORMAT
              + ". Restore it with the release that made it.");
    }
    return manifest;
  }

  private static ConfigException damaged(Path archive, String problem) {
    return new ConfigException(
        archive
            + " is not a complete, intact Haven backup: "
            + problem
            + ". It may be truncated or damaged; nothing was restored. Restore from another copy.");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }
}
