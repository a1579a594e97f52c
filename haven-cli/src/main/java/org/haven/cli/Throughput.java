package org.haven.cli;

import java.util.Locale;

/**
 * The rate of a long task since it started and the time it has left at that rate, as a note for a
 * {@link ProgressBar}: {@code ", 1,234 blocks/s, 2 min 10 s left"}. The note is rebuilt at most
 * once a second, so calling it for every unit done costs nothing.
 */
final class Throughput {
  private static final long REFRESH_NANOS = 1_000_000_000L;

  private final long total;
  private final String unit;
  private final long started = System.nanoTime();
  private long refreshed = started;
  private String note = "";

  /** For a task of {@code total} units, counted in {@code unit}s. */
  Throughput(long total, String unit) {
    this.total = total;
    this.unit = unit;
  }

  /** The note after {@code done} units. */
  String note(long done) {
    long now = System.nanoTime();
    if (now - refreshed >= REFRESH_NANOS || done >= total) {
      refreshed = now;
      double perSecond = done / ((now - started) / 1e9);
      note =
          String.format(Locale.ROOT, ", %,.0f %s/s", perSecond, unit)
              + (done < total && perSecond > 0
                  ? ", " + duration((long) ((total - done) / perSecond)) + " left"
                  : "");
    }
    return note;
  }

  /** {@code seconds} as "1 h 02 min", "2 min 10 s" or "9 s". */
  static String duration(long seconds) {
    if (seconds >= 3600) {
      return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
    if (seconds >= 60) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return seconds + " s";
  }
}
