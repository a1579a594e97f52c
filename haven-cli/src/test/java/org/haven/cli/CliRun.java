package org.haven.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs {@link HavenCli#run} in this JVM and captures what it prints. The command line writes to
 * {@code System.out} and {@code System.err}, so those are swapped for the duration; tests in this
 * module run one at a time.
 */
record CliRun(int exitCode, String out, String err) {
  static CliRun run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(capturedOut);
      System.setErr(capturedErr);
      exitCode = HavenCli.run(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new CliRun(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
  }
}
