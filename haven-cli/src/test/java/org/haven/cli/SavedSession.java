package org.haven.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A session file as {@code haven login} leaves it, written by hand so tests can start logged in.
 */
final class SavedSession {
  static final String OFFICER = "ke.registrar.otieno";
  static final String TOKEN = "token-of-otieno";

  private SavedSession() {}

  /** A session at {@code node} that lasts another hour. */
  static Path at(Path file, String node) throws IOException {
    return write(file, node, System.currentTimeMillis() + Duration.ofHours(1).toMillis());
  }

  static Path write(Path file, String node, long expiresAt) throws IOException {
    return Files.writeString(
        file,
        "{\"node\": \""
            + node
            + "\", \"officer\": \""
            + OFFICER
            + "\", \"token\": \""
            + TOKEN
            + "\", \"expiresAt\": "
            + expiresAt
            + "}");
  }
}
