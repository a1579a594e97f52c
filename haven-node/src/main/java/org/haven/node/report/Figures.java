package org.haven.node.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** The derived figures reports print: hours and percentages to one decimal. */
final class Figures {
  private static final long HOUR_MILLIS = 60L * 60 * 1000;

  private Figures() {}

  /** {@code millis} in hours, to one decimal. */
  static BigDecimal hours(long millis) {
    return BigDecimal.valueOf(millis)
        .divide(BigDecimal.valueOf(HOUR_MILLIS), 1, RoundingMode.HALF_UP);
  }

  /** {@code part} as a percentage of {@code whole}, to one decimal; {@code whole} is positive. */
  static BigDecimal percent(long part, long whole) {
    return BigDecimal.valueOf(part * 100L)
        .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
  }

  /**
   * The median of sorted {@code values}: the mean of the middle two when there are an even number.
   */
  static long median(List<Long> sorted) {
    int size = sorted.size();
    return size % 2 == 1
        ? sorted.get(size / 2)
        : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
  }
}
