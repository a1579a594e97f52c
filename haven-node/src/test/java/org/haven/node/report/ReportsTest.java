package org.haven.node.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.Evidence;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.DecideFoundChild;
import org.haven.core.tx.Payload;
import org.haven.core.tx.RecordAccess;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.RecordCrossing.Direction;
import org.haven.core.tx.RecordCrossing.Outcome;
import org.haven.core.tx.SetAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three reports counted over a small ledger written out here, whose every count is worked out
 * by hand in the comments: registrations by month, jurisdiction, timeliness and evidence with
 * completeness; checks by checkpoint, outcome and direction; reads by organisation and purpose and
 * alerts with their time to resolution. Then the same report as CSV and PDF.
 */
class ReportsTest {
  private static final Jurisdiction KE = new Jurisdiction("KE");
  private static final Jurisdiction UG = new Jurisdiction("UG");
  private static final OrgId REGISTRY = new OrgId("ke-civil-registry");
  private static final OrgId PROTECTION = new OrgId("ke-child-protection");
  private static final OfficerId REGISTRAR = new OfficerId("ke.registrar.r");
  private static final OfficerId CASE_WORKER = new OfficerId("ke.caseworker.c");
  private static final OfficerId BORDER = new OfficerId("ke.border.b");
  private static final ReportPeriod JAN_FEB =
      new ReportPeriod(YearMonth.of(2026, 1), YearMonth.of(2026, 2));

  @TempDir Path dataDir;

  private final SplittableRandom random = new SplittableRandom(16);
  private final KnownLedger ledger = new KnownLedger();

  /** A ledger held in lists: entries in log order, children and officers by id. */
  private static final class KnownLedger implements ReportLedger {
    private final List<ReportEntry> entries = new ArrayList<>();
    private final Map<ChildNumber, ChildRecord> children = new HashMap<>();
    private final Map<OfficerId, OrgId> officers =
        Map.of(REGISTRAR, REGISTRY, CASE_WORKER, PROTECTION, BORDER, REGISTRY);

    void add(String blockTime, OfficerId actor, Payload payload) {
      entries.add(new ReportEntry(Instant.parse(blockTime).toEpochMilli(), actor, payload));
      entries.sort(Comparator.comparingLong(ReportEntry::atMillis));
    }

    @Override
    public void forEachFrom(long millis, Consumer<ReportEntry> action) {
      entries.stream().filter(entry -> entry.atMillis() >= millis).forEach(action);
    }

    @Override
    public Optional<ChildRecord> child(ChildNumber number) {
      return Optional.ofNullable(children.get(number));
    }

    @Override
    public Optional<OrgId> organisationOf(OfficerId officer) {
      return Optional.ofNullable(officers.get(officer));
    }
  }

  private ChildNumber child(Jurisdiction where, Optional<ChildRecord.Declaration> declaration) {
    ChildNumber number = ChildNumber.generate(random::nextLong);
    ledger.children.put(
        number,
        new ChildRecord(
            number,
            REGISTRY,
            where,
            ChildStatus.REGISTERED,
            Hash.sha256(number.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            List.of(),
            1,
            declaration));
    return number;
  }

  private ChildNumber declared(Jurisdiction where, boolean late, Evidence evidence) {
    return child(where, Optional.of(new ChildRecord.Declaration(REGISTRAR, late, evidence)));
  }

  private void registered(String at, ChildNumber child) {
    ledger.add(
        at, REGISTRAR, new DecideDeclaration(child, DecideDeclaration.Decision.REGISTER, "seen"));
  }

  /**
   * In January A (KE, on time, birth notification) and B (KE, late, two witnesses); in February C
   * (UG, on time, document) and the found child D (KE) as new. Outside the period E (December) and
   * F (March); G's declaration rejected in January.
   */
  private void registrations() {
    registered("2026-01-10T09:00:00Z", declared(KE, false, Evidence.BIRTH_NOTIFICATION));
    registered("2026-01-20T09:00:00Z", declared(KE, true, Evidence.TWO_WITNESSES));
    registered("2026-02-05T09:00:00Z", declared(UG, false, Evidence.DOCUMENT));
    ChildNumber found = child(KE, Optional.empty());
    ledger.add(
        "2026-02-07T09:00:00Z",
        REGISTRAR,
        new DecideFoundChild(
            found, DecideFoundChild.Decision.REGISTER_NEW, Optional.empty(), "no match"));
    registered("2025-12-31T23:59:59Z", declared(KE, false, Evidence.BIRTH_NOTIFICATION));
    registered("2026-03-01T00:00:00Z", declared(KE, false, Evidence.BIRTH_NOTIFICATION));
    ledger.add(
        "2026-01-15T09:00:00Z",
        REGISTRAR,
        new DecideDeclaration(
            declared(KE, false, Evidence.DOCUMENT), DecideDeclaration.Decision.REJECT, "not seen"));
  }

  @Test
  void registrations_everyJurisdiction_countsByMonthRegionTimelinessAndEvidence()
      throws IOException {
    registrations();
    List<ReportTable> tables =
        RegistrationReport.tables(
            ledger, JAN_FEB, where -> true, java.util.Set.of(), ExpectedBirths.open(dataDir));
    Report report = report(Report.Kind.REGISTRATIONS, "all jurisdictions", tables);

    ReportTable months = report.table("months");
    assertThat(months.rows()).hasSize(2);
    assertThat(months.rows().get(0)).containsExactly("2026-01", 2, 1, 1);
    assertThat(months.rows().get(1)).containsExactly("2026-02", 2, 1, 1);
    ReportTable regions = report.table("regions");
    assertThat(regions.rows()).containsExactly(List.of("KE", 3, 1, 2), List.of("UG", 1, 1, 0));
    ReportTable evidence = report.table("evidence");
    assertThat(evidence.cell("BIRTH_NOTIFICATION", "registrations")).isEqualTo(1);
    assertThat(evidence.cell("DOCUMENT", "registrations")).isEqualTo(1);
    assertThat(evidence.cell("TWO_WITNESSES", "registrations")).isEqualTo(1);
    assertThat(evidence.cell("COMMUNITY_LEADER", "registrations")).isEqualTo(0);
    assertThat(evidence.cell("FOUND_CHILD", "registrations")).isEqualTo(1);
    assertThat(report.table("completeness").cell("KE", "completeness")).isEqualTo("");
  }

  @Test
  void registrations_oneJurisdiction_measuresCompletenessProRata() throws IOException {
    registrations();
    ExpectedBirths expected = ExpectedBirths.open(dataDir);
    expected.set(KE, Year.of(2026), 1200, REGISTRAR, 0);

    List<ReportTable> tables =
        RegistrationReport.tables(ledger, JAN_FEB, KE::equals, java.util.Set.of(KE), expected);

    ReportTable months = tables.get(0);
    assertThat(months.rows())
        .containsExactly(List.of("2026-01", 2, 1, 1), List.of("2026-02", 1, 0, 1));
    ReportTable completeness = tables.get(3);
    assertThat(completeness.rows()).hasSize(1);
    // 1,200 a year is 200 in two months; one on-time registration (A) is 0.5 %.
    assertThat(completeness.cell("KE", "expectedBirths")).isEqualTo(1200L);
    assertThat(completeness.cell("KE", "expectedInPeriod")).isEqualTo(200L);
    assertThat(completeness.cell("KE", "onTime")).isEqualTo(1);
    assertThat(completeness.cell("KE", "completeness")).isEqualTo(new BigDecimal("0.5"));
    assertThat(completeness.cell("KE", "setBy")).isEqualTo(REGISTRAR.value());
  }

  private RecordCrossing crossing(
      String checkpoint,
      Jurisdiction country,
      Direction direction,
      Outcome outcome,
      String checkedAt) {
    return new RecordCrossing(
        Optional.empty(),
        direction,
        checkpoint,
        country,
        direction == Direction.EXIT ? UG : country,
        outcome,
        List.of("CARD_NOT_PRESENTED"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        1,
        Instant.parse(checkedAt).toEpochMilli());
  }

  @Test
  void border_countsChecksByCheckpointOutcomeAndDirection_atTheTimeOfTheCheck() {
    ledger.add(
        "2026-01-05T10:00:00Z",
        BORDER,
        crossing("KE-NAMANGA", KE, Direction.EXIT, Outcome.PASS, "2026-01-05T10:00:00Z"));
    ledger.add(
        "2026-01-06T10:00:00Z",
        BORDER,
        crossing("KE-NAMANGA", KE, Direction.ENTRY, Outcome.ALERT, "2026-01-06T10:00:00Z"));
    // Made offline on 31 January, uploaded on 1 February: counts in the period all the same.
    ledger.add(
        "2026-02-01T02:00:00Z",
        BORDER,
        crossing(
            "KE-BUSIA", KE, Direction.EXIT, Outcome.SECONDARY_INSPECTION, "2026-01-31T23:00:00Z"));
    ledger.add(
        "2026-02-03T10:00:00Z",
        BORDER,
        crossing("UG-MALABA", UG, Direction.ENTRY, Outcome.PASS, "2026-02-03T10:00:00Z"));
    // Made in December, uploaded in January: before the period.
    ledger.add(
        "2026-01-02T10:00:00Z",
        BORDER,
        crossing("KE-NAMANGA", KE, Direction.EXIT, Outcome.PASS, "2025-12-31T10:00:00Z"));

    List<ReportTable> tables = BorderReport.tables(ledger, JAN_FEB, KE::equals);

    ReportTable checkpoints = tables.get(0);
    assertThat(checkpoints.rows())
        .containsExactly(List.of("KE-BUSIA", 1, 0, 1, 0), List.of("KE-NAMANGA", 2, 1, 0, 1));
    ReportTable outcomes = tables.get(1);
    assertThat(outcomes.rows())
        .containsExactly(
            List.of("PASS", 1, 1, 0),
            List.of("SECONDARY_INSPECTION", 1, 1, 0),
            List.of("ALERT", 1, 0, 1));
    ReportTable directions = tables.get(2);
    assertThat(directions.rows())
        .containsExactly(List.of("EXIT", 2, 1, 1, 0), List.of("ENTRY", 1, 0, 0, 1));
  }

  private void alert(String at, ChildNumber child, AlertAction action) {
    ledger.add(
        at,
        CASE_WORKER,
        action == AlertAction.RESOLVE
            ? new SetAlert(child, action, AlertPriority.HIGH, "Desk 4", "found safe")
            : new SetAlert(child, action, AlertPriority.HIGH, "Desk 4"));
  }

  /**
   * Reads: two by the registry in January, one by child protection in February, one in December.
   * Alerts: X raised 31 December noon and resolved 1 January noon (24 h); Y raised and resolved on
   * 10 January (6 h), raised again 2 February and resolved in March; Z raised 1 February.
   */
  @Test
  void audit_countsReadsByOrganisationAndPurpose_andAlertsWithTimeToResolution() {
    ChildNumber x = declared(KE, false, Evidence.DOCUMENT);
    ChildNumber y = declared(KE, false, Evidence.DOCUMENT);
    ChildNumber z = declared(KE, false, Evidence.DOCUMENT);
    ledger.add(
        "2026-01-03T08:00:00Z",
        REGISTRAR,
        new RecordAccess(
            List.of(
                new RecordAccess.Read(x, "registration review"),
                new RecordAccess.Read(y, "registration review"))));
    ledger.add(
        "2026-02-03T08:00:00Z",
        CASE_WORKER,
        new RecordAccess(List.of(new RecordAccess.Read(z, "alert follow-up"))));
    ledger.add(
        "2025-12-03T08:00:00Z",
        CASE_WORKER,
        new RecordAccess(List.of(new RecordAccess.Read(z, "alert follow-up"))));
    alert("2025-12-31T12:00:00Z", x, AlertAction.RAISE);
    alert("2026-01-01T12:00:00Z", x, AlertAction.RESOLVE);
    alert("2026-01-10T00:00:00Z", y, AlertAction.RAISE);
    alert("2026-01-10T03:00:00Z", y, AlertAction.UPDATE);
    alert("2026-01-10T06:00:00Z", y, AlertAction.RESOLVE);
    alert("2026-02-01T00:00:00Z", z, AlertAction.RAISE);
    alert("2026-02-02T00:00:00Z", y, AlertAction.RAISE);
    alert("2026-03-01T00:00:00Z", y, AlertAction.RESOLVE);

    List<ReportTable> tables = AuditReport.tables(ledger, JAN_FEB);

    assertThat(tables.get(0).rows())
        .containsExactly(List.of("ke-child-protection", 1), List.of("ke-civil-registry", 2));
    assertThat(tables.get(1).rows())
        .containsExactly(List.of("alert follow-up", 1), List.of("registration review", 2));
    ReportTable alerts = tables.get(2);
    // January: Y raised; X and Y resolved after 24 h and 6 h, whose median is 15 h.
    assertThat(alerts.rows().get(0))
        .containsExactly("2026-01", 1, 2, new BigDecimal("15.0"), new BigDecimal("24.0"));
    assertThat(alerts.rows().get(1)).containsExactly("2026-02", 2, 0, "", "");
  }

  @Test
  void csvAndPdf_carryTheOrganisationTheDateAndTheFigures() throws IOException {
    registrations();
    Report report =
        report(
            Report.Kind.REGISTRATIONS,
            "KE",
            RegistrationReport.tables(
                ledger, JAN_FEB, KE::equals, java.util.Set.of(KE), ExpectedBirths.open(dataDir)));

    String csv = ReportCsv.of(report);
    assertThat(csv)
        .startsWith("# Haven report: Registrations")
        .contains("# Organisation: Kenya Civil Registry (ke-civil-registry)")
        .contains("# Generated: 2026-03-02T08:00:00Z");
    List<CSVRecord> records =
        CSVFormat.RFC4180
            .builder()
            .setCommentMarker('#')
            .get()
            .parse(new StringReader(csv))
            .getRecords();
    assertThat(records.get(0).values()).containsExactly("month", "registrations", "onTime", "late");
    assertThat(records.get(1).values()).containsExactly("2026-01", "2", "1", "1");
    assertThat(records.get(2).values()).containsExactly("2026-02", "1", "0", "1");

    String text;
    try (PDDocument pdf = Loader.loadPDF(ReportPdf.of(report))) {
      text = new PDFTextStripper().getText(pdf);
    }
    assertThat(text)
        .contains("Kenya Civil Registry")
        .contains("Haven report: Registrations")
        .contains("2 March 2026")
        .contains("Covers: KE, 2026-01 to 2026-02")
        .containsPattern("2026-01\\s+2\\s+1\\s+1")
        .containsPattern("FOUND_CHILD\\s+1");
    assertThat(report.fileName("pdf")).isEqualTo("haven-registrations-ke-2026-01-to-2026-02.pdf");
  }

  @Test
  void csv_printsAPurposeWrittenAsAFormula_asText() throws IOException {
    ChildNumber child = declared(KE, false, Evidence.DOCUMENT);
    ledger.add(
        "2026-01-03T08:00:00Z",
        REGISTRAR,
        new RecordAccess(List.of(new RecordAccess.Read(child, "=HYPERLINK(\"http://x\")"))));
    Report report =
        report(Report.Kind.AUDIT, "all organisations", AuditReport.tables(ledger, JAN_FEB));

    List<CSVRecord> records =
        CSVFormat.RFC4180
            .builder()
            .setCommentMarker('#')
            .get()
            .parse(new StringReader(ReportCsv.of(report)))
            .getRecords();

    assertThat(records)
        .anySatisfy(
            row -> assertThat(row.values()).containsExactly("'=HYPERLINK(\"http://x\")", "1"));
  }

  @Test
  void period_refusesMonthsOutOfOrderOrTooMany_namingTheField() {
    assertThatThrownBy(
            () ->
                ReportPeriod.parse(
                    Optional.of("2026-03"), Optional.of("2026-01"), YearMonth.of(2026, 3)))
        .hasMessageStartingWith("to: must not be before from");
    assertThatThrownBy(
            () ->
                ReportPeriod.parse(Optional.of("2026-3"), Optional.empty(), YearMonth.of(2026, 3)))
        .hasMessageStartingWith("from: must be a month as YYYY-MM");
    assertThatThrownBy(
            () ->
                ReportPeriod.parse(
                    Optional.of("2020-01"), Optional.of("2025-01"), YearMonth.of(2026, 3)))
        .hasMessageStartingWith("to: at most 60 months");
    assertThat(
            ReportPeriod.parse(
                    Optional.of("2020-01"), Optional.of("2024-12"), YearMonth.of(2026, 3))
                .months())
        .hasSize(60);
    assertThat(ReportPeriod.parse(Optional.empty(), Optional.empty(), YearMonth.of(2026, 3)))
        .isEqualTo(new ReportPeriod(YearMonth.of(2026, 3), YearMonth.of(2026, 3)));
  }

  @Test
  void expectedBirths_keepWhoSetThem_acrossReopening_andRefuseNonsense() throws IOException {
    ExpectedBirths expected = ExpectedBirths.open(dataDir);
    expected.set(KE, Year.of(2026), 1_500_000, REGISTRAR, 42);
    assertThatThrownBy(() -> expected.set(KE, Year.of(2026), 0, REGISTRAR, 43))
        .hasMessageStartingWith("births: must be 1 to");

    ExpectedBirths reopened = ExpectedBirths.open(dataDir);
    assertThat(reopened.figure(KE, Year.of(2026)))
        .contains(new ExpectedBirths.Figure(1_500_000, REGISTRAR.value(), 42));
    assertThat(reopened.figure(UG, Year.of(2026))).isEmpty();
  }

  private static Report report(Report.Kind kind, String scope, List<ReportTable> tables) {
    return new Report(
        kind,
        REGISTRY,
        "Kenya Civil Registry",
        scope,
        JAN_FEB,
        Instant.parse("2026-03-02T08:00:00Z"),
        tables);
  }
}
