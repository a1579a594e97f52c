package org.haven.node.report;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.RecordAccess;
import org.haven.core.tx.SetAlert;

/**
 * The auditor's report: reads of personal data by the reading officer's organisation and by
 * purpose, and missing-child alerts raised and resolved by month, with the median and longest time
 * from raising to resolution. Times are those of the blocks that committed each change; an alert
 * resolved in the period but raised before it counts its whole time open.
 */
final class AuditReport {
  /** The organisation of an officer the ledger does not know, which a valid ledger never has. */
  static final String UNKNOWN_ORGANISATION = "UNKNOWN";

  private AuditReport() {}

  static List<ReportTable> tables(ReportLedger ledger, ReportPeriod period) {
    Map<String, Integer> byOrganisation = new TreeMap<>();
    Map<String, Integer> byPurpose = new TreeMap<>();
    Map<YearMonth, int[]> alerts = new TreeMap<>();
    Map<YearMonth, List<Long>> resolutions = new TreeMap<>();
    period.months().forEach(month -> alerts.put(month, new int[2]));
    period.months().forEach(month -> resolutions.put(month, new ArrayList<>()));
    Map<ChildNumber, Long> openSince = new HashMap<>();
    ledger.forEachFrom(
        Long.MIN_VALUE,
        entry -> {
          if (entry.atMillis() >= period.endMillis()) {
            return;
          }
          boolean inPeriod = period.contains(entry.atMillis());
          YearMonth month = ReportPeriod.monthOf(entry.atMillis());
          if (entry.payload() instanceof RecordAccess access && inPeriod) {
            String organisation =
                ledger
                    .organisationOf(entry.actor())
                    .map(Object::toString)
                    .orElse(UNKNOWN_ORGANISATION);
            for (RecordAccess.Read read : access.reads()) {
              byOrganisation.merge(organisation, 1, Integer::sum);
              byPurpose.merge(read.purpose(), 1, Integer::sum);
            }
          } else if (entry.payload() instanceof SetAlert alert) {
            if (alert.action() == AlertAction.RAISE) {
              openSince.put(alert.child(), entry.atMillis());
              if (inPeriod) {
                alerts.get(month)[0]++;
              }
            } else if (alert.action() == AlertAction.RESOLVE) {
              Long raised = openSince.remove(alert.child());
              if (inPeriod) {
                alerts.get(month)[1]++;
                if (raised != null) {
                  resolutions.get(month).add(entry.atMillis() - raised);
                }
              }
            }
          }
        });
    ReportTable.Builder organisations =
        new ReportTable.Builder("readsByOrganisation", "Personal-data reads by organisation")
            .column("organisation", "Organisation")
            .column("reads", "Reads");
    byOrganisation.forEach(organisations::row);
    ReportTable.Builder purposes =
        new ReportTable.Builder("readsByPurpose", "Personal-data reads by purpose")
            .column("purpose", "Purpose")
            .column("reads", "Reads");
    byPurpose.forEach(purposes::row);
    ReportTable.Builder alertTable =
        new ReportTable.Builder("alerts", "Missing-child alerts")
            .column("month", "Month")
            .column("raised", "Raised")
            .column("resolved", "Resolved")
            .column("medianHoursToResolution", "Median hours to resolution")
            .column("longestHoursToResolution", "Longest hours to resolution");
    alerts.forEach(
        (month, counts) -> {
          List<Long> times = resolutions.get(month);
          times.sort(null);
          alertTable.row(
              month.toString(),
              counts[0],
              counts[1],
              times.isEmpty() ? "" : Figures.hours(Figures.median(times)),
              times.isEmpty() ? "" : Figures.hours(times.get(times.size() - 1)));
        });
    return List.of(organisations.build(), purposes.build(), alertTable.build());
  }
}
