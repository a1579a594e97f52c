package org.haven.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The peak memory of another JVM on this machine while it works: its heap in use, sampled by the
 * JDK's {@code jstat -gc} every quarter second (from the JVM's performance counters, without
 * stopping it), and the peak resident set size the kernel recorded for the process ({@code VmHWM}
 * in {@code /proc/<pid>/status}, Linux only).
 */
final class JvmMemoryWatch {
  private static final String SAMPLE_MILLIS = "250";

  /** The used-space columns of {@code jstat -gc}, in KiB: survivors, eden and old generation. */
  private static final List<String> USED = List.of("S0U", "S1U", "EU", "OU");

  private final long pid;
  private final Process jstat;
  private final Thread reader;
  private volatile long peakUsedKib = -1;

  /** Starts sampling the JVM of process {@code pid}. */
  JvmMemoryWatch(long pid) throws IOException {
    this.pid = pid;
    jstat =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
                "-gc",
                Long.toString(pid),
                SAMPLE_MILLIS)
            .redirectErrorStream(true)
            .start();
    reader = new Thread(this::read, "jstat-" + pid);
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> columns = List.of();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        List<String> fields = Arrays.asList(line.trim().split("\\s+"));
        if (fields.containsAll(USED)) {
          columns = fields;
        } else if (columns.size() == fields.size()) {
          double used = 0;
          for (String column : USED) {
            used += Double.parseDouble(fields.get(columns.indexOf(column)));
          }
          peakUsedKib = Math.max(peakUsedKib, (long) used);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // The watched JVM ended or jstat said something else: the samples so far stand.
    }
  }

  /** Stops sampling. */
  void stop() throws InterruptedException {
    jstat.destroy();
    reader.join(5000);
  }

  /** The most heap in use seen in a sample, in bytes; empty if no sample was read. */
  OptionalLong peakHeapUsedBytes() {
    long peak = peakUsedKib;
    return peak < 0 ? OptionalLong.empty() : OptionalLong.of(peak * 1024);
  }

  /** The process's peak resident set size so far, in bytes; empty where the kernel does not say. */
  OptionalLong peakResidentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
        }
      }
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}
