package org.haven.node.report;

import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole UTC months a report covers, from {@code first} to {@code last}, both included.
 *
 * @param first the first month, for example 2026-01
 * @param last the last month, not before {@code first}
 */
public record ReportPeriod(YearMonth first, YearMonth last) {
  /** The most months one report covers: five years. */
  public static final int MAX_MONTHS = 60;

  /**
   * @throws IllegalArgumentException naming the field if {@code last} is before {@code first} or
   *     the period is longer than {@link #MAX_MONTHS}
   */
  public ReportPeriod {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
    if (last.isBefore(first)) {
      throw new IllegalArgumentException("to: must not be before from");
    }
    if (first.plusMonths(MAX_MONTHS).isBefore(last.plusMonths(1))) {
      throw new IllegalArgumentException("to: at most " + MAX_MONTHS + " months from 'from'");
    }
  }

  /**
   * The period from the texts {@code from} and {@code to} (YYYY-MM), each defaulting to {@code
   * current}'s month when absent.
   *
   * @throws IllegalArgumentException naming {@code from} or {@code to} if it is not a month
   */
  public static ReportPeriod parse(Optional<String> from, Optional<String> to, YearMonth current) {
    YearMonth first = from.map(text -> month("from", text)).orElse(current);
    YearMonth last = to.map(text -> month("to", text)).orElse(from.isPresent() ? first : current);
    return new ReportPeriod(first, last);
  }

  private static YearMonth month(String field, String text) {
    try {
      return YearMonth.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + ": must be a month as YYYY-MM, for example 2026-01; got '" + text + "'");
    }
  }

  /** The first millisecond of the period, UTC. */
  public long startMillis() {
    return first.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** The first millisecond after the period, UTC. */
  public long endMillis() {
    return last.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  public boolean contains(long millis) {
    return millis >= startMillis() && millis < endMillis();
  }

  /** Every month of the period, in order. */
  public List<YearMonth> months() {
    List<YearMonth> months = new ArrayList<>();
    for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
      months.add(month);
    }
    return months;
  }

  /** Every year the period touches, in order. */
  public List<Year> years() {
    List<Year> years = new ArrayList<>();
    for (int year = first.getYear(); year <= last.getYear(); year++) {
      years.add(Year.of(year));
    }
    return years;
  }

  /** How many of the period's months fall in {@code year}. */
  public int monthsIn(Year year) {
    return (int) months().stream().filter(month -> month.getYear() == year.getValue()).count();
  }

  /** The UTC month of {@code millis}. */
  public static YearMonth monthOf(long millis) {
    return YearMonth.from(java.time.Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC));
  }

  @Override
  public String toString() {
    return first.equals(last) ? first.toString() : first + " to " + last;
  }
}
