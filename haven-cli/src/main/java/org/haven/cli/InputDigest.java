package org.haven.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The SHA-256 of an import's input files, read as a stream: what its progress file refers to. */
final class InputDigest {
  private InputDigest() {}

  /**
   * The SHA-256, in hex, of the files in this order; for more than one file, each file's name and
   * length go in before its bytes, so that moving bytes from one file to another changes it.
   */
  static String of(List<Path> files) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    for (Path file : files) {
      if (files.size() > 1) {
        digest.update(
            (file.getFileName() + "\n" + Files.size(file) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
