package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs {@link HavenCli#run} in this JVM and captures what it prints. The command line writes to
 * {@code System.out} and {@code System.err}, so those are swapped for the duration; tests in this
 * module run one at a time. Only what the calling thread writes is captured: threads that an
 * earlier test's servers left winding down (Ratis logs a stopped peer's retries for a few seconds
 * after a close) still write to the real streams, not into this command's output.
 */
record CliRun(int exitCode, String out, String err) {
  static CliRun run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    Thread caller = Thread.currentThread();
    try (PrintStream capturedOut =
            new PrintStream(
                new FromThread(caller, out, originalOut), true, StandardCharsets.UTF_8);
        PrintStream capturedErr =
            new PrintStream(
                new FromThread(caller, err, originalErr), true, StandardCharsets.UTF_8)) {
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

  /** Runs {@code args}, asserts the command succeeded, and returns what it printed. */
  static String succeed(String... args) {
    CliRun run = run(args);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run.out();
  }

  /**
   * Sends what {@code caller} writes to {@code captured}, and what other threads write elsewhere.
   */
  private static final class FromThread extends OutputStream {
    private final Thread caller;
    private final OutputStream captured;
    private final OutputStream elsewhere;

    FromThread(Thread caller, OutputStream captured, OutputStream elsewhere) {
      this.caller = caller;
      this.captured = captured;
      this.elsewhere = elsewhere;
    }

    private OutputStream target() {
      return Thread.currentThread() == caller ? captured : elsewhere;
    }

    @Override
    public void write(int b) throws IOException {
      target().write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      target().write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      target().flush();
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
  }
}
