package org.haven.cli;

import java.io.PrintWriter;

/**
 * A progress bar on stderr: on a terminal, one line redrawn in place; elsewhere (a log, a cron
 * job), a plain line at every tenth of the way, so that a long task leaves a trace; nothing with
 * {@code --no-progress}.
 */
final class ProgressBar {
  private static final int WIDTH = 40;
  private static final int LINE_STEP_PERCENT = 10;

  /** How a bar is drawn. */
  enum Mode {
    BAR,
    LINES,
    NONE
  }

  private final PrintWriter err;
  private final Mode mode;
  private final String label;
  private final String unit;
  private int drawn = -1;

  ProgressBar(PrintWriter err, Mode mode, String label, String unit) {
    this.err = err;
    this.mode = mode;
    this.label = label;
    this.unit = unit;
  }

  /** A bar on a terminal, lines elsewhere, or none if {@code noProgress}. */
  static ProgressBar on(PrintWriter err, boolean noProgress, String label, String unit) {
    Mode mode = noProgress ? Mode.NONE : System.console() != null ? Mode.BAR : Mode.LINES;
    return new ProgressBar(err, mode, label, unit);
  }

  /** Shows that {@code done} of {@code total} are done. */
  void update(long done, long total) {
    update(done, total, "");
  }

  /** Shows that {@code done} of {@code total} are done, followed by {@code note}. */
  void update(long done, long total, String note) {
    int percent = total <= 0 ? 100 : (int) (100 * Math.min(done, total) / total);
    if (mode == Mode.NONE
        || percent == drawn
        || (mode == Mode.LINES
            && drawn >= 0
            && percent < drawn + LINE_STEP_PERCENT
            && percent < 100)) {
      return;
    }
    drawn = percent;
    if (mode == Mode.BAR) {
      int filled = percent * WIDTH / 100;
      err.printf(
          "\r%s [%s%s] %3d%% %d/%d %s%s",
          label, "#".repeat(filled), " ".repeat(WIDTH - filled), percent, done, total, unit, note);
    } else {
      err.printf("%s: %d/%d %s (%d%%)%s%n", label, done, total, unit, percent, note);
    }
    err.flush();
  }

  /** Ends the bar's line. */
  void finish() {
    if (mode == Mode.BAR && drawn >= 0) {
      err.println();
    }
  }
}
