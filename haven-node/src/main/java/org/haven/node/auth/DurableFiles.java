package org.haven.node.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Owner-only files that are replaced whole or not at all and are on disk when a write returns, for
 * the node's credentials and sessions. Needs a POSIX file system.
 */
public final class DurableFiles {
  private static final String OWNER_ONLY_DIRECTORY = "rwx------";
  private static final String OWNER_ONLY_FILE = "rw-------";

  private DurableFiles() {}

  /** Creates {@code directory} owner-only ({@code rwx------}) if it does not exist. */
  static void createDirectory(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(
          directory,
          PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString(OWNER_ONLY_DIRECTORY)));
    }
  }

  /**
   * Replaces {@code file} with {@code content}, through an owner-only temporary file in the same
   * directory whose name starts with {@code temporaryPrefix}, which must start with a dot.
   */
  public static void replace(Path file, byte[] content, String temporaryPrefix) throws IOException {
    Path directory = file.getParent();
    Path temporary =
        Files.createTempFile(
            directory,
            temporaryPrefix,
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY_FILE)));
    try {
      writeAndSync(temporary, content);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(directory);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Deletes {@code file} durably, if it exists. */
  static void delete(Path file) throws IOException {
    if (Files.deleteIfExists(file)) {
      syncDirectory(file.getParent());
    }
  }

  private static void writeAndSync(Path file, byte[] content) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  /** Makes a rename or deletion durable: until the directory is synced, a power cut may undo it. */
  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
