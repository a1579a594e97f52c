package org.haven.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code haven} command line run in a child JVM, as an operator runs it: {@code java -cp ...
 * org.haven.cli.HavenCli args}. Its stdout is read line by line; its stderr (the node's log) goes
 * to a file that failure messages quote. Close it to make sure it is gone.
 */
final class HavenProcess implements AutoCloseable {
  /**
   * How long to wait for a line or an exit before giving up: a safety net, not an assertion. On the
   * shared two-core machine under load a node has taken over 90 s to start.
   */
  static final Duration PATIENCE = Duration.ofSeconds(300);

  private static final int STDERR_LINES_QUOTED = 60;
  private static final String END_OF_OUTPUT = "\u0000end-of-output";

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private HavenProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(this::pump, "haven-process-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code haven args} with this JVM's test classpath, so the child runs exactly the classes
   * under test.
   *
   * @param stderr the file that receives the child's stderr
   */
  static HavenProcess start(Path stderr, String... args) throws IOException {
    return start(Map.of(), stderr, args);
  }

  /** Starts {@code haven args} as {@link #start(Path, String...)} does, with {@code env} added. */
  static HavenProcess start(Map<String, String> env, Path stderr, String... args)
      throws IOException {
    return start("512m", env, stderr, args);
  }

  /**
   * Starts {@code haven args} as {@link #start(Map, Path, String...)} does, in a JVM whose heap may
   * grow to {@code maxHeap} ({@code -Xmx}) and no further.
   */
  static HavenProcess start(String maxHeap, Map<String, String> env, Path stderr, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.add("-cp");
    command.add(testClasspath());
    command.add(HavenCli.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    return new HavenProcess(process, stderr);
  }

  /**
   * Surefire may run tests from a manifest-only jar, in which case {@code java.class.path} names
   * that jar alone; it publishes the real classpath separately.
   */
  private static String testClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  private void pump() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // The process was killed; what it printed before is already queued.
    } finally {
      lines.add(END_OF_OUTPUT);
    }
  }

  /**
   * Waits for a stdout line matching {@code pattern} and returns its match.
   *
   * @throws AssertionError if the process ends, or {@link #PATIENCE} passes, without printing one
   */
  Matcher awaitLine(Pattern pattern) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(END_OF_OUTPUT)) {
        throw new AssertionError(
            "haven printed no line matching /"
                + pattern
                + "/"
                + (line == null ? " within " + PATIENCE : " before its output ended")
                + ". Its stdout was:\n"
                + String.join("\n", seen)
                + "\nIts stderr was:\n"
                + stderr());
      }
      seen.add(line);
      Matcher matcher = pattern.matcher(line);
      if (matcher.find()) {
        return matcher;
      }
    }
  }

  /**
   * Waits for the process to end by itself and returns its exit code.
   *
   * @throws AssertionError if it still runs after {@link #PATIENCE}
   */
  int exitCode() throws InterruptedException {
    if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("haven did not exit within " + PATIENCE + "; stderr:\n" + stderr());
    }
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGKILL, as {@code kill -9} does, and waits for the process to be gone. */
  void killHard() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Sends SIGTERM, as Ctrl-C or {@code kill} does, and waits for the process to exit.
   *
   * @return whether it exited within {@link #PATIENCE}
   */
  boolean terminate() throws InterruptedException {
    return terminate(PATIENCE);
  }

  /**
   * Sends SIGTERM and waits up to {@code patience} for the process to exit.
   *
   * @return whether it exited in time
   */
  boolean terminate(Duration patience) throws InterruptedException {
    process.destroy();
    return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The last lines the process wrote to stderr, for failure messages. */
  String stderr() {
    try {
      List<String> log = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      return String.join(
          "\n", log.subList(Math.max(0, log.size() - STDERR_LINES_QUOTED), log.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the process if it still runs, and waits for it to be gone. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
