package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haven.cli.Output.text;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code haven report}: the node's reports printed as tables, saved as CSV or PDF, and help. */
class ReportCommandTest extends LoggedInTest {
  private static final String REPORT =
      "{\"report\": \"registrations\", \"title\": \"Registrations\","
          + " \"organisation\": {\"id\": \"ke-civil-registry\", \"name\": \"Kenya Civil Registry\"},"
          + " \"scope\": \"KE\", \"from\": \"2026-01\", \"to\": \"2026-02\","
          + " \"generatedAt\": \"2026-03-02T08:00:00Z\", \"tables\": [{\"id\": \"months\","
          + " \"title\": \"Registrations by month\", \"columns\": [{\"id\": \"month\", \"label\":"
          + " \"Month\"}, {\"id\": \"registrations\", \"label\": \"Registrations\"}], \"rows\":"
          + " [[\"2026-01\", 2], [\"2026-02\", 11]]}, {\"id\": \"evidence\", \"title\": \"Registrations"
          + " by evidence\", \"columns\": [{\"id\": \"evidence\", \"label\": \"Evidence\"}], \"rows\": []}]}";

  @Test
  void registrations_asksForTheMonthsAndJurisdiction_andPrintsEachTable() {
    node.answer("GET", "/reports/registrations", 200, REPORT);

    CliRun run =
        CliRun.run(
            "report",
            "registrations",
            "--jurisdiction",
            "KE",
            "--from",
            "2026-01",
            "--to",
            "2026-02",
            "--session-file",
            sessionFile.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    FakeNode.Request request = node.onlyRequest();
    assertThat(request.rawPath()).isEqualTo("/api/v1/reports/registrations");
    assertThat(request.rawQuery()).isEqualTo("jurisdiction=KE&from=2026-01&to=2026-02");
    assertThat(text(run.out()))
        .isEqualTo(
            "Registrations: Kenya Civil Registry, KE, 2026-01 to 2026-02\n"
                + "\n"
                + "Registrations by month\n"
                + "month    registrations\n"
                + "2026-01  2\n"
                + "2026-02  11\n"
                + "\n"
                + "Registrations by evidence\n"
                + "none\n");
  }

  @Test
  void border_withCsv_savesTheNodesCsv() throws Exception {
    String csv = "# Haven report: Border checks\ncheckpoint,checks\nKE-NAMANGA,3\n";
    node.answer("GET", "/reports/border", 200, "text/csv; charset=utf-8", csv);
    Path file = temp.resolve("border.csv");

    CliRun run =
        CliRun.run(
            "report", "border", "--csv", file.toString(), "--session-file", sessionFile.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(node.onlyRequest().rawQuery()).isEqualTo("format=csv");
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(csv);
    assertThat(text(run.out())).isEqualTo("Saved the border report to " + file + ".\n");
  }

  @Test
  void audit_refusedByTheNode_saysWhyAndSavesNothing() {
    node.answer(
        "GET",
        "/reports/audit",
        403,
        "application/problem+json",
        "{\"type\": \"about:blank\", \"title\": \"Forbidden\", \"status\": 403, \"detail\":"
            + " \"ke.border.b (BORDER_OFFICER of ke-civil-registry in KE) may not read the audit"
            + " report of personal-data reads and alerts; an AUDITOR may\", \"reason\":"
            + " \"ROLE_NOT_PERMITTED\"}");
    Path file = temp.resolve("audit.pdf");

    CliRun run =
        CliRun.run(
            "report", "audit", "--pdf", file.toString(), "--session-file", sessionFile.toString());

    assertThat(run.exitCode()).as(run.toString()).isNotZero();
    assertThat(run.err()).contains("may not read the audit report").contains("an AUDITOR may");
    assertThat(file).doesNotExist();
  }

  @Test
  void expectedBirths_setsAYearsFigure() throws Exception {
    node.answer(
        "PUT",
        "/reports/expected-births/KE/2026",
        200,
        "{\"jurisdiction\": \"KE\", \"year\": 2026, \"births\": 1500000, \"setBy\":"
            + " \"ke.registrar.r\", \"setAtMillis\": 0}");

    CliRun run =
        CliRun.run(
            "report",
            "expected-births",
            "--jurisdiction",
            "KE",
            "--year",
            "2026",
            "--births",
            "1500000",
            "--session-file",
            sessionFile.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(node.onlyRequest().method()).isEqualTo("PUT");
    assertThat(node.onlyRequest().json().get("births").asInt()).isEqualTo(1_500_000);
    assertThat(text(run.out())).contains("births").contains("1500000").contains("ke.registrar.r");
  }

  @Test
  void help_namesEveryReportAndTheFormats() {
    CliRun run = CliRun.run("report", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("registrations")
        .contains("border")
        .contains("audit")
        .contains("expected-births")
        .contains("--csv FILE or --pdf FILE");
  }
}
