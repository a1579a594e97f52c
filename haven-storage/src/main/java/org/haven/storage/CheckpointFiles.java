package org.haven.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;

/**
 * The checksums of a ledger checkpoint's files, written when the checkpoint is taken and checked
 * before it is used. A checkpoint's table files ({@code .sst}) are hard links to the live ledger's,
 * so a damaged disk block damages both; RocksDB keeps a checksum of every block of a table file,
 * and this class checks every one of them. The other files (the manifest, options, the log tail)
 * are copies: their SHA-256 is recorded, one line per file in {@value #FILE}: {@code <sha-256 hex
 * or "table"> <size> <name>}.
 */
public final class CheckpointFiles {
  /** The checksums file in each checkpoint. */
  public static final String FILE = "checksums";

  private static final String TABLE_SUFFIX = ".sst";
  private static final String TABLE = "table";

  private CheckpointFiles() {}

  /** Writes {@value #FILE} listing every file now in {@code checkpoint}. */
  static void write(Path checkpoint) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (Path file : files(checkpoint)) {
      String name = file.getFileName().toString();
      lines
          .append(name.endsWith(TABLE_SUFFIX) ? TABLE : sha256(file))
          .append(' ')
          .append(Files.size(file))
          .append(' ')
          .append(name)
          .append('\n');
    }
    Files.writeString(checkpoint.resolve(FILE), lines, StandardCharsets.UTF_8);
  }

  /**
   * Checks a checkpoint before it is used: {@value #FILE} lists every RocksDB file in it and no
   * other, each has its listed size, each copied file its SHA-256, and every block of every table
   * file passes RocksDB's checksum.
   *
   * @param rocksFile which names in the directory are the database's; others (the Raft index, the
   *     digests Ratis writes beside received files) belong to whoever put them there
   * @return what is wrong, naming the file, or empty if nothing is
   */
  public static Optional<String> check(Path checkpoint, Predicate<String> rocksFile) {
    Path list = checkpoint.resolve(FILE);
    if (!Files.isRegularFile(list)) {
      return Optional.of("it has no " + FILE + " file, so its files cannot be checked");
    }
    try {
      Map<String, String[]> listed = new TreeMap<>();
      for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
        String[] fields = line.split(" ", 3);
        if (fields.length != 3) {
          return Optional.of(FILE + " holds a malformed line");
        }
        listed.put(fields[2], fields);
      }
      for (Path file : files(checkpoint)) {
        String name = file.getFileName().toString();
        if (rocksFile.test(name) && !name.equals(FILE) && !listed.containsKey(name)) {
          return Optional.of("the file " + name + " is not in " + FILE);
        }
      }
      for (String[] fields : listed.values()) {
        Optional<String> problem = checkFile(checkpoint.resolve(fields[2]), fields);
        if (problem.isPresent()) {
          return problem;
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("its files cannot be read: " + e.getMessage());
    }
  }

  private static Optional<String> checkFile(Path file, String[] fields) throws IOException {
    String name = fields[2];
    if (!Files.isRegularFile(file)) {
      return Optional.of("the file " + name + " is missing");
    }
    long size = Files.size(file);
    if (!Long.toString(size).equals(fields[1])) {
      return Optional.of("the file " + name + " has " + size + " bytes, not " + fields[1]);
    }
    if (fields[0].equals(TABLE)) {
      try (Options options = new Options();
          SstFileReader reader = new SstFileReader(options)) {
        reader.open(file.toString());
        reader.verifyChecksum();
      } catch (RocksDBException e) {
        return Optional.of("the table file " + name + " is corrupt: " + RocksResources.describe(e));
      }
    } else if (!sha256(file).equals(fields[0])) {
      return Optional.of("the file " + name + " does not match its SHA-256 in " + FILE);
    }
    return Optional.empty();
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().equals(FILE))
          .sorted()
          .toList();
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
