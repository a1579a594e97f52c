package org.haven.node.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.haven.core.identity.OrgId;

/**
 * A report as every format shows it: counts computed from the committed ledger, for the
 * organisation of the officer who asked, over whole months. It holds no personal data: no child
 * number, name or date of birth, only counts by month, place, outcome, organisation or purpose.
 *
 * @param scope what the counts cover, for example {@code KE} or {@code all jurisdictions}
 * @param organisationName the asking officer's organisation, as the ledger names it
 * @param generatedAt when the node computed it
 */
public record Report(
    Kind kind,
    OrgId organisation,
    String organisationName,
    String scope,
    ReportPeriod period,
    Instant generatedAt,
    List<ReportTable> tables) {
  /** The reports there are, each with its route name and English title. */
  public enum Kind {
    REGISTRATIONS("registrations", "Registrations"),
    BORDER("border", "Border checks"),
    AUDIT("audit", "Personal-data reads and alerts");

    private final String path;
    private final String title;

    Kind(String path, String title) {
      this.path = path;
      this.title = title;
    }

    /** The report's name in routes and files, for example {@code registrations}. */
    public String path() {
      return path;
    }

    public String title() {
      return title;
    }
  }

  public Report {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(organisationName, "organisationName");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(generatedAt, "generatedAt");
    tables = List.copyOf(tables);
  }

  /** The table named {@code id}. */
  public ReportTable table(String id) {
    return tables.stream()
        .filter(table -> table.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no table " + id + " in " + kind));
  }

  /** A file name for this report in {@code extension}, for example {@code csv}. */
  public String fileName(String extension) {
    return "haven-"
        + kind.path()
        + "-"
        + scope.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(java.util.Locale.ROOT)
        + "-"
        + period.first()
        + (period.first().equals(period.last()) ? "" : "-to-" + period.last())
        + "."
        + extension;
  }
}
