package org.haven.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code haven verify} run on a data directory in a JVM of its own, with a heap limit, as an
 * auditor runs it: its wall time and the peak resident set size of its process (heap, RocksDB's
 * native memory and the JVM's own), which Linux keeps as {@code VmHWM} in {@code
 * /proc/<pid>/status}. The child writes to this process's stdout and stderr: its progress lines
 * show as it runs.
 */
record VerifyRun(int exitCode, double seconds, long peakRssBytes) {
  private static final long POLL_MILLIS = 200;

  static VerifyRun run(Path dataDir, String maxHeap) throws IOException, InterruptedException {
    List<String> command =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-Xmx" + maxHeap,
            "-cp",
            System.getProperty("java.class.path"),
            HavenCli.class.getName(),
            "verify",
            "--data-dir",
            dataDir.toString());
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    long peak = 0;
    while (process.isAlive()) {
      peak = Math.max(peak, highWaterMark(status));
      Thread.sleep(POLL_MILLIS);
    }
    int exit = process.waitFor();
    double seconds = (System.nanoTime() - started) / 1e9;
    return new VerifyRun(exit, seconds, peak);
  }

  /** The process's peak resident set, in bytes, or 0 once it is gone. */
  private static long highWaterMark(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
