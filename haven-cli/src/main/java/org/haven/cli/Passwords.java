package org.haven.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.haven.node.ConfigException;

/** Reads a password from a file or from the terminal, never from the command line itself. */
final class Passwords {
  private Passwords() {}

  /**
   * The file's text without its final line break, so that {@code echo secret > file} works.
   *
   * @throws ConfigException if the file cannot be read or the password is empty
   */
  static String fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("the password file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new ConfigException("cannot read the password file " + file + ": " + e.getMessage(), e);
    }
    String password = text.replaceFirst("\\r?\\n$", "");
    if (password.isEmpty()) {
      throw new ConfigException("the password file " + file + " is empty");
    }
    return password;
  }

  /**
   * Asks on the terminal without echoing what is typed.
   *
   * @return empty if there is no terminal to ask on
   * @throws ConfigException if the input ends or the password is empty
   */
  static Optional<String> fromTerminal(String prompt) {
    Console console = System.console();
    if (console == null) {
      return Optional.empty();
    }
    char[] typed = console.readPassword("%s", prompt);
    if (typed == null || typed.length == 0) {
      throw new ConfigException("no password given");
    }
    String password = new String(typed);
    Arrays.fill(typed, '\0');
    return Optional.of(password);
  }

  /**
   * A password being set: from {@code file} (given with {@code fileOption}) if given, else from
   * {@code environmentVariable} if it is named and set, else typed twice on the terminal.
   *
   * @throws ConfigException if there is no source, or the two typed passwords differ
   */
  static String newPassword(
      Path file, String fileOption, Optional<String> environmentVariable, String whose) {
    if (file != null) {
      return fromFile(file);
    }
    Optional<String> fromEnvironment =
        environmentVariable.map(System::getenv).filter(value -> !value.isEmpty());
    if (fromEnvironment.isPresent()) {
      return fromEnvironment.get();
    }
    String noTerminal =
        "no password for "
            + whose
            + ": give "
            + fileOption
            + " FILE"
            + environmentVariable.map(name -> ", set " + name).orElse("")
            + ", or run in a terminal";
    String password =
        fromTerminal("Password for " + whose + ": ")
            .orElseThrow(() -> new ConfigException(noTerminal));
    String again =
        fromTerminal("The same again: ").orElseThrow(() -> new ConfigException(noTerminal));
    if (!password.equals(again)) {
      throw new ConfigException("the two passwords differ; nothing was changed");
    }
    return password;
  }

  /**
   * An existing password, to log in or unlock a key: from {@code file} (given with {@code
   * --password-file}) if given, else from {@code environmentVariable}, else asked on the terminal.
   *
   * @param whose named in the prompt
   * @throws ConfigException if there is no source
   */
  static String existing(Path file, String environmentVariable, String whose) {
    if (file != null) {
      return fromFile(file);
    }
    String fromEnvironment = System.getenv(environmentVariable);
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      return fromEnvironment;
    }
    return fromTerminal("Password for " + whose + ": ")
        .orElseThrow(
            () ->
                new ConfigException(
                    "no password: give --password-file FILE, set "
                        + environmentVariable
                        + ", or run in a terminal"));
  }
}
