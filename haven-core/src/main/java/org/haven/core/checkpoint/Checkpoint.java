package org.haven.core.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;

/**
 * The note text of a c2sp.org/tlog-checkpoint: the log's origin, its tree size and the RFC 6962
 * Merkle root hash at that size, one per line, then optional extension lines. Haven uses one
 * extension line to bind the checkpoint to the block header it follows.
 */
public record Checkpoint(String origin, long treeSize, Hash rootHash, List<String> extensions) {
  /** A checkpoint without extension lines. */
  public Checkpoint(String origin, long treeSize, Hash rootHash) {
    this(origin, treeSize, rootHash, List.of());
  }

  /**
   * @throws NoteFormatException if {@code origin} is empty or contains a newline or control
   *     character
   * @throws IllegalArgumentException if {@code treeSize} is negative
   */
  public Checkpoint {
    requireValidOrigin(origin);
    if (treeSize < 0) {
      throw new IllegalArgumentException("the tree size must not be negative, got " + treeSize);
    }
    Objects.requireNonNull(rootHash, "rootHash");
    extensions = List.copyOf(extensions);
    extensions.forEach(Checkpoint::requireValidExtension);
  }

  /** The note text: origin, decimal tree size and base64 root hash, each ending in a newline. */
  public String body() {
    StringBuilder body = new StringBuilder();
    body.append(origin).append('\n').append(treeSize).append('\n');
    body.append(rootHash.toBase64()).append('\n');
    extensions.forEach(line -> body.append(line).append('\n'));
    return body.toString();
  }

  /**
   * Parses a note text that {@link #body()} produced.
   *
   * @throws NoteFormatException naming the line if {@code body} is not exactly three lines of
   *     origin, canonical decimal tree size and canonical base64 of a 32-byte root hash
   */
  public static Checkpoint parseBody(String body) {
    if (!body.endsWith("\n")) {
      throw new NoteFormatException("a checkpoint body must end with a newline");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new NoteFormatException(
          lines.length + 1,
          lines.length == 1 ? "the tree size is missing" : "the root hash is missing");
    }
    String origin = NoteFormatException.onLine(1, () -> requireValidOrigin(lines[0]));
    long treeSize = NoteFormatException.onLine(2, () -> parseTreeSize(lines[1]));
    Hash rootHash = NoteFormatException.onLine(3, () -> parseRootHash(lines[2]));
    List<String> extensions = new ArrayList<>();
    for (int i = 3; i < lines.length; i++) {
      String line = lines[i];
      extensions.add(NoteFormatException.onLine(i + 1, () -> requireValidExtension(line)));
    }
    return new Checkpoint(origin, treeSize, rootHash, extensions);
  }

  private static String requireValidExtension(String line) {
    if (line.isEmpty()) {
      throw new NoteFormatException("an extension line must not be empty");
    }
    if (line.codePoints().anyMatch(c -> c == '\n' || NoteSyntax.isForbidden(c))) {
      throw new NoteFormatException("an extension line contains a newline or a control character");
    }
    return line;
  }

  private static String requireValidOrigin(String origin) {
    if (origin.isEmpty()) {
      throw new NoteFormatException("the origin is empty");
    }
    if (origin.codePoints().anyMatch(c -> c == '\n' || NoteSyntax.isForbidden(c))) {
      throw new NoteFormatException("the origin contains a newline or a control character");
    }
    return origin;
  }

  /** The spec allows only ASCII digits without leading zeros, so each size has one spelling. */
  private static long parseTreeSize(String line) {
    if (line.isEmpty() || !line.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NoteFormatException("the tree size must be ASCII decimal digits, without a sign");
    }
    if (line.length() > 1 && line.charAt(0) == '0') {
      throw new NoteFormatException("the tree size must not have leading zeros");
    }
    try {
      return Long.parseLong(line);
    } catch (NumberFormatException e) {
      throw new NoteFormatException("the tree size is larger than " + Long.MAX_VALUE);
    }
  }

  private static Hash parseRootHash(String line) {
    Bytes root = NoteSyntax.decodeBase64("the root hash", line);
    if (root.size() != Hash.SIZE) {
      throw new NoteFormatException(
          "the root hash is " + root.size() + " bytes, but a SHA-256 hash is " + Hash.SIZE);
    }
    return Hash.of(root);
  }
}
