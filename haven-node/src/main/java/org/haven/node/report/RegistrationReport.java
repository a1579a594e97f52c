package org.haven.node.report;

import java.time.Year;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.Evidence;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.DecideFoundChild;
import org.haven.core.tx.Payload;

/**
 * The registrar's report: registrations by month, by jurisdiction, on time or late, and by
 * evidence, and completeness against the expected births (docs/reports.md).
 *
 * <p>A registration is a registrar's decision to register a declared child, or a found child as
 * new, counted in the month of the block that committed it. It is late when the declaration said
 * so; a found child, whose birth date is not known, counts as late. Completeness is the on-time
 * registrations of the period's months in a year over that year's expected births, pro rata for
 * those months: a month's report compares against a twelfth of the year's figure.
 */
final class RegistrationReport {
  /** How a registration was made; its evidence and timeliness come from the child's record. */
  private record Registration(Jurisdiction where, YearMonth month, boolean late, String evidence) {}

  /** The evidence of a record stored before declarations kept theirs. */
  static final String NOT_RECORDED = "NOT_RECORDED";

  private RegistrationReport() {}

  /**
   * The report's tables.
   *
   * @param inScope the jurisdictions whose registrations count
   * @param shown jurisdictions listed even when nothing was registered there, such as the
   *     registrar's own
   */
  static List<ReportTable> tables(
      ReportLedger ledger,
      ReportPeriod period,
      Predicate<Jurisdiction> inScope,
      Set<Jurisdiction> shown,
      ExpectedBirths expected) {
    Map<YearMonth, int[]> months = new TreeMap<>();
    period.months().forEach(month -> months.put(month, new int[3]));
    Map<String, int[]> regions = new TreeMap<>();
    shown.forEach(jurisdiction -> regions.put(jurisdiction.code(), new int[3]));
    Map<String, Integer> evidence = new TreeMap<>();
    Map<String, Map<Year, Integer>> onTime = new TreeMap<>();
    ledger.forEachFrom(
        period.startMillis(),
        entry -> {
          if (!period.contains(entry.atMillis())) {
            return;
          }
          registration(entry, ledger)
              .filter(registration -> inScope.test(registration.where()))
              .ifPresent(
                  registration -> {
                    count(months.get(registration.month()), registration.late());
                    count(
                        regions.computeIfAbsent(registration.where().code(), code -> new int[3]),
                        registration.late());
                    evidence.merge(registration.evidence(), 1, Integer::sum);
                    if (!registration.late()) {
                      onTime
                          .computeIfAbsent(registration.where().code(), code -> new TreeMap<>())
                          .merge(Year.of(registration.month().getYear()), 1, Integer::sum);
                    }
                  });
        });
    ReportTable.Builder byMonth = counted("months", "Registrations by month", "month", "Month");
    months.forEach(
        (month, counts) -> byMonth.row(month.toString(), counts[0], counts[1], counts[2]));
    ReportTable.Builder byRegion =
        counted("regions", "Registrations by jurisdiction", "jurisdiction", "Jurisdiction");
    regions.forEach((region, counts) -> byRegion.row(region, counts[0], counts[1], counts[2]));
    ReportTable.Builder evidenceTable =
        new ReportTable.Builder("evidence", "Registrations by evidence")
            .column("evidence", "Evidence")
            .column("registrations", "Registrations");
    for (Evidence kind : Evidence.values()) {
      evidenceTable.row(kind.name(), evidence.getOrDefault(kind.name(), 0));
    }
    if (evidence.containsKey(NOT_RECORDED)) {
      evidenceTable.row(NOT_RECORDED, evidence.get(NOT_RECORDED));
    }
    return List.of(
        byMonth.build(),
        byRegion.build(),
        evidenceTable.build(),
        completeness(period, new TreeSet<>(regions.keySet()), onTime, expected));
  }

  private static ReportTable.Builder counted(String id, String title, String key, String label) {
    return new ReportTable.Builder(id, title)
        .column(key, label)
        .column("registrations", "Registrations")
        .column("onTime", "On time")
        .column("late", "Late");
  }

  private static void count(int[] counts, boolean late) {
    counts[0]++;
    counts[late ? 2 : 1]++;
  }

  private static Optional<Registration> registration(ReportEntry entry, ReportLedger ledger) {
    Payload payload = entry.payload();
    YearMonth month = ReportPeriod.monthOf(entry.atMillis());
    if (payload instanceof DecideDeclaration decision
        && decision.decision() == DecideDeclaration.Decision.REGISTER) {
      return ledger
          .child(decision.child())
          .map(
              record ->
                  new Registration(
                      record.jurisdiction(),
                      month,
                      record.declaration().map(ChildRecord.Declaration::late).orElse(false),
                      record
                          .declaration()
                          .map(declaration -> declaration.evidence().name())
                          .orElse(NOT_RECORDED)));
    }
    if (payload instanceof DecideFoundChild decision
        && decision.decision() == DecideFoundChild.Decision.REGISTER_NEW) {
      return ledger
          .child(decision.child())
          .map(
              record ->
                  new Registration(
                      record.jurisdiction(), month, true, Evidence.FOUND_CHILD.name()));
    }
    return Optional.empty();
  }

  private static ReportTable completeness(
      ReportPeriod period,
      Set<String> regions,
      Map<String, Map<Year, Integer>> onTime,
      ExpectedBirths expected) {
    ReportTable.Builder table =
        new ReportTable.Builder("completeness", "Completeness against expected births")
            .column("jurisdiction", "Jurisdiction")
            .column("year", "Year")
            .column("months", "Months in the report")
            .column("expectedBirths", "Expected births in the year")
            .column("expectedInPeriod", "Expected births in these months")
            .column("onTime", "Registered on time")
            .column("completeness", "Completeness (%)")
            .column("setBy", "Expected births set by");
    for (String region : regions) {
      for (Year year : period.years()) {
        int months = period.monthsIn(year);
        int registered = onTime.getOrDefault(region, Map.of()).getOrDefault(year, 0);
        Optional<ExpectedBirths.Figure> figure = expected.figure(new Jurisdiction(region), year);
        long inPeriod = figure.map(f -> Math.round(f.births() * months / 12.0)).orElse(0L);
        table.row(
            region,
            year.getValue(),
            months,
            figure.<Object>map(ExpectedBirths.Figure::births).orElse(""),
            figure.isPresent() ? (Object) inPeriod : "",
            registered,
            inPeriod > 0 ? Figures.percent(registered, inPeriod) : "",
            figure.map(ExpectedBirths.Figure::setBy).orElse(""));
      }
    }
    return table.build();
  }
}
