package org.haven.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that hold a secret (a session token, an officer's sealed key): readable by their owner
 * only, {@code rw-------}, in a directory made {@code rwx------} if it has to be made. A file is
 * created with those permissions before anything is written to it, and replaced in one step, so no
 * other user can open it even for a moment and a reader sees the old content or the new.
 */
final class OwnerOnlyFiles {
  private OwnerOnlyFiles() {}

  /** Creates {@code dir} and its missing parents as {@code rwx------}; an existing one is kept. */
  static void createDirectories(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
  }

  /** Writes {@code content} to {@code file} as {@code rw-------}, replacing any old file. */
  static void write(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    createDirectories(dir);
    Path temp =
        Files.createTempFile(
            dir,
            "." + file.getFileName(),
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(temp, content);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
