package org.haven.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.InvalidChildNumberException;

/**
 * The child numbers this node's organisation erased, one per line, appended and synced as each
 * erasure commits, in a file outside the data directory: beside the vault master key file, {@code
 * <key file>.erasures}, which a restore needs anyway and so survives the loss of the data
 * directory. A node alone in its group loses the ledger written after its last backup together with
 * its data directory, erasures included; after a restore it erases every child listed here from the
 * restored vault, so that even then no erased child comes back. Child numbers are pseudonymous and
 * on the ledger anyway; a line that is not one (a torn last write) is skipped.
 */
final class ErasureJournal {
  static final String SUFFIX = ".erasures";

  private final Path file;

  ErasureJournal(Path file) {
    this.file = file;
  }

  /** The journal beside {@code keyFile}. */
  static ErasureJournal besideKeyFile(Path keyFile) {
    return new ErasureJournal(keyFile.resolveSibling(keyFile.getFileName() + SUFFIX));
  }

  Path file() {
    return file;
  }

  /**
   * Appends {@code child} and syncs.
   *
   * @throws IOException if the journal cannot be written
   */
  synchronized void append(ChildNumber child) throws IOException {
    FileAttribute<?>[] ownerOnly =
        file.getFileSystem().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    try (FileChannel channel =
        FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
            ownerOnly)) {
      channel.write(ByteBuffer.wrap((child + "\n").getBytes(StandardCharsets.US_ASCII)));
      channel.force(true);
    }
  }

  /**
   * Every child number in the journal; none if it does not exist.
   *
   * @throws IOException if it cannot be read
   */
  List<ChildNumber> read() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<ChildNumber> children = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      try {
        children.add(ChildNumber.fromCanonical(line.strip()));
      } catch (InvalidChildNumberException e) {
        // A torn last line: its erasure is on the ledger, which is applied too.
      }
    }
    return children;
  }
}
