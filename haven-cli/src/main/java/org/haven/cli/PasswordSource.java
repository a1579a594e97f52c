package org.haven.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.haven.node.ConfigException;

/** Where a command gets a password: a file, an environment variable, or the console. */
final class PasswordSource {
  private PasswordSource() {}

  /**
   * Reads a password from {@code file} (its first line) if given, else from the environment
   * variable, else asks twice on the console.
   *
   * @throws ConfigException if none of them gives one
   */
  static char[] read(Path file, String environmentVariable, String whose) {
    if (file != null) {
      try {
        String first =
            Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        return first.toCharArray();
      } catch (IOException e) {
        throw new ConfigException("Cannot read the password file " + file + ": " + e.getMessage());
      }
    }
    String fromEnvironment = System.getenv(environmentVariable);
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      return fromEnvironment.toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      throw new ConfigException(
          "No "
              + whose
              + " password: give a password file, set "
              + environmentVariable
              + ", or run in a terminal to be asked.");
    }
    char[] first = console.readPassword("%s password: ", whose);
    char[] again = console.readPassword("Repeat the %s password: ", whose);
    if (first == null || again == null || !Arrays.equals(first, again)) {
      throw new ConfigException("The two passwords differ; run the command again.");
    }
    Arrays.fill(again, '\0');
    return first;
  }
}
