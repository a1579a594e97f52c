package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.haven.core.identity.Role;
import org.haven.node.report.ExpectedBirths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports over real HTTP against a started node whose ledger this class alone writes: two
 * registrations, one border check, one alert raised and resolved and one audited read, so every
 * count is known. Then who may not read or set what: the wrong role, another jurisdiction, no
 * session, and input that is not a month, a format or a number.
 */
class ReportsApiTest {
  private static final String PASSWORD = RegistryScenarioTest.PASSWORD;
  private static final String ORG_NAME = "Kenya Civil Registration Services";

  @TempDir static Path root;

  private static SingleNodeLedger ledger;
  private static HavenNode node;
  private static ApiClient agent;
  private static ApiClient registrar;
  private static ApiClient caseWorker;
  private static ApiClient border;
  private static ApiClient auditor;
  private static final List<String> children = new ArrayList<>();
  private static String month;

  @BeforeAll
  static void start() throws Exception {
    ledger = SingleNodeLedger.writeTo(root);
    node =
        ledger.startWith(
            Map.of(
                "ke.agent.a", Role.FIELD_AGENT,
                "ke.registrar.r", Role.REGISTRAR,
                "ke.caseworker.c", Role.CASE_WORKER,
                "ke.border.b", Role.BORDER_OFFICER,
                "ke.auditor.x", Role.AUDITOR),
            PASSWORD);
    agent = new ApiClient(node.httpPort()).loggedIn("ke.agent.a", PASSWORD);
    registrar = new ApiClient(node.httpPort()).loggedIn("ke.registrar.r", PASSWORD);
    caseWorker = new ApiClient(node.httpPort()).loggedIn("ke.caseworker.c", PASSWORD);
    border = new ApiClient(node.httpPort()).loggedIn("ke.border.b", PASSWORD);
    auditor = new ApiClient(node.httpPort()).loggedIn("ke.auditor.x", PASSWORD);
    month = YearMonth.now(ZoneOffset.UTC).toString();
    for (String name : List.of("Amani", "Baraka")) {
      children.add(registered(name));
    }
    String child = children.get(0);
    ok(
        caseWorker.post(
            "/children/" + child + "/alert",
            Map.of("action", "RAISE", "priority", "HIGH", "contactPoint", "116 KE")));
    ok(
        caseWorker.post(
            "/children/" + child + "/alert",
            Map.of(
                "action",
                "RESOLVE",
                "priority",
                "HIGH",
                "contactPoint",
                "116 KE",
                "reason",
                "home")));
    Map<String, Object> check = new HashMap<>();
    check.put("childNumber", children.get(1));
    check.put("companion", Map.of("type", "NATIONAL_ID", "number", "A7654321", "country", "KE"));
    check.put("direction", "EXIT");
    check.put("checkpoint", "KE-NAMANGA");
    check.put("destination", "TZ");
    ok(border.post("/border/check", check));
    ok(registrar.get("/children/" + child + "/personal-data?purpose=monthly%20review"));
  }

  @AfterAll
  static void stop() throws IOException {
    if (node != null) {
      node.close();
    }
  }

  private static ApiClient.Answer ok(ApiClient.Answer answer) {
    assertThat(answer.status()).as("%s", answer).isBetween(200, 201);
    return answer;
  }

  private static String registered(String givenNames) throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("evidence", "BIRTH_NOTIFICATION");
    body.put(
        "child",
        Map.of(
            "givenNames", givenNames,
            "familyNames", "Wanjiru",
            "dateOfBirth", "2026-01-14",
            "sex", "FEMALE"));
    body.put(
        "guardians",
        List.of(
            Map.of(
                "relationship",
                "MOTHER",
                "names",
                "Zawadi Wanjiru",
                "document",
                Map.of("type", "NATIONAL_ID", "number", "A7654321", "country", "KE"))));
    String number = ok(agent.post("/children", body)).body().get("childNumber").asText();
    ok(
        registrar.post(
            "/children/" + number + "/decision", Map.of("decision", "REGISTER", "reason", "seen")));
    return number;
  }

  private static JsonNode table(JsonNode report, String id) {
    for (JsonNode table : report.get("tables")) {
      if (table.get("id").asText().equals(id)) {
        return table;
      }
    }
    throw new AssertionError("no table " + id + " in " + report);
  }

  /** The row of {@code table} whose first cell is {@code key}, as texts. */
  private static List<String> row(JsonNode table, String key) {
    for (JsonNode row : table.get("rows")) {
      if (row.get(0).asText().equals(key)) {
        List<String> cells = new ArrayList<>();
        row.forEach(cell -> cells.add(cell.asText()));
        return cells;
      }
    }
    throw new AssertionError("no row " + key + " in " + table);
  }

  private static JsonNode problem(int status, ApiClient.Answer answer) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    return answer.body();
  }

  @Test
  void registrationReport_ofTheRegistrarsJurisdiction_countsThisMonth_andCompleteness()
      throws Exception {
    int year = YearMonth.now(ZoneOffset.UTC).getYear();
    JsonNode figure =
        ok(registrar.put("/reports/expected-births/KE/" + year, Map.of("births", 1200))).body();
    assertThat(figure.get("setBy").asText()).isEqualTo("ke.registrar.r");

    JsonNode report = ok(registrar.get("/reports/registrations")).body();

    assertThat(report.get("scope").asText()).isEqualTo("KE");
    assertThat(report.at("/organisation/name").asText()).isEqualTo(ORG_NAME);
    assertThat(report.get("from").asText()).isEqualTo(month);
    assertThat(row(table(report, "months"), month)).containsExactly(month, "2", "2", "0");
    assertThat(row(table(report, "evidence"), "BIRTH_NOTIFICATION"))
        .containsExactly("BIRTH_NOTIFICATION", "2");
    // 1,200 a year is 100 a month, of which two are registered on time: 2.0 %.
    assertThat(row(table(report, "completeness"), "KE"))
        .containsExactly(
            "KE", String.valueOf(year), "1", "1200", "100", "2", "2.0", "ke.registrar.r");
    JsonNode figures = ok(auditor.get("/reports/expected-births?jurisdiction=KE")).body();
    List<Long> births = new ArrayList<>();
    figures
        .get("years")
        .forEach(
            item -> {
              if (item.get("year").asInt() == year) {
                births.add(item.get("births").asLong());
              }
            });
    assertThat(births).containsExactly(1200L);
  }

  @Test
  void registrationReport_asCsvAndPdf_isAnAttachmentWithTheOrganisationAndTheFigures()
      throws Exception {
    ApiClient.Answer csv = ok(registrar.get("/reports/registrations?format=csv&from=" + month));
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"haven-registrations-ke-" + month + ".csv\"");
    String text = csv.response().body();
    assertThat(text).contains("# Organisation: " + ORG_NAME + " (ke-civil-registry)");
    List<CSVRecord> rows =
        CSVFormat.RFC4180
            .builder()
            .setCommentMarker('#')
            .get()
            .parse(new StringReader(text))
            .getRecords();
    assertThat(rows.get(0).values()).containsExactly("month", "registrations", "onTime", "late");
    assertThat(rows.get(1).values()).containsExactly(month, "2", "2", "0");

    HttpResponse<byte[]> pdf = registrar.download("/reports/registrations?format=pdf");
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
    try (PDDocument document = Loader.loadPDF(pdf.body())) {
      String content = new PDFTextStripper().getText(document);
      assertThat(content)
          .contains(ORG_NAME)
          .contains("Haven report: Registrations")
          .contains("Covers: KE, " + month)
          .containsPattern(month + "\\s+2\\s+2\\s+0");
    }
  }

  @Test
  void borderReport_countsTheCheckByCheckpointOutcomeAndDirection() throws Exception {
    JsonNode report = ok(border.get("/reports/border")).body();
    assertThat(report.get("scope").asText()).isEqualTo("KE");
    assertThat(row(table(report, "checkpoints"), "KE-NAMANGA"))
        .containsExactly("KE-NAMANGA", "1", "0", "1", "0");
    assertThat(row(table(report, "directions"), "EXIT"))
        .containsExactly("EXIT", "1", "0", "1", "0");
    assertThat(row(table(report, "outcomes"), "SECONDARY_INSPECTION"))
        .containsExactly("SECONDARY_INSPECTION", "1", "1", "0");
    JsonNode everywhere = ok(auditor.get("/reports/border")).body();
    assertThat(everywhere.get("scope").asText()).isEqualTo("all jurisdictions");
  }

  @Test
  void auditReport_countsTheReadAndTheResolvedAlert() throws Exception {
    JsonNode report = ok(auditor.get("/reports/audit?format=json")).body();
    // The node records reads in batches: wait for the read to reach the ledger.
    for (int i = 0; i < 100 && table(report, "readsByPurpose").get("rows").isEmpty(); i++) {
      Thread.sleep(100);
      report = ok(auditor.get("/reports/audit")).body();
    }
    assertThat(row(table(report, "readsByPurpose"), "monthly review"))
        .containsExactly("monthly review", "1");
    assertThat(row(table(report, "readsByOrganisation"), "ke-civil-registry"))
        .containsExactly("ke-civil-registry", "1");
    List<String> alerts = row(table(report, "alerts"), month);
    assertThat(alerts.subList(0, 3)).containsExactly(month, "1", "1");
    assertThat(Double.parseDouble(alerts.get(3))).isNotNegative();
  }

  @Test
  void reports_carryNoPersonalData_inAnyFormat() throws Exception {
    for (ApiClient client : List.of(registrar, auditor)) {
      for (String format : List.of("json", "csv")) {
        String body = ok(client.get("/reports/registrations?format=" + format)).response().body();
        String audit = auditor.get("/reports/audit?format=" + format).response().body();
        for (String text : List.of(body, audit)) {
          assertThat(text)
              .doesNotContain("Wanjiru")
              .doesNotContain("Amani")
              .doesNotContain("A7654321");
          for (String child : children) {
            assertThat(text).doesNotContain(child);
          }
        }
      }
    }
  }

  @Test
  void reports_refuseTheWrongRole() throws Exception {
    assertThat(problem(403, agent.get("/reports/registrations")).get("reason").asText())
        .isEqualTo("ROLE_NOT_PERMITTED");
    assertThat(problem(403, registrar.get("/reports/border")).get("reason").asText())
        .isEqualTo("ROLE_NOT_PERMITTED");
    assertThat(problem(403, border.get("/reports/audit")).get("reason").asText())
        .isEqualTo("ROLE_NOT_PERMITTED");
    assertThat(problem(403, registrar.get("/reports/audit")).get("reason").asText())
        .isEqualTo("ROLE_NOT_PERMITTED");
    assertThat(
            problem(403, auditor.put("/reports/expected-births/KE/2026", Map.of("births", 5)))
                .get("reason")
                .asText())
        .isEqualTo("ROLE_NOT_PERMITTED");
  }

  @Test
  void reports_refuseAnotherJurisdiction_andLeaveItsFiguresUnset() throws Exception {
    JsonNode registrations = problem(403, registrar.get("/reports/registrations?jurisdiction=UG"));
    assertThat(registrations.get("reason").asText()).isEqualTo("OUTSIDE_JURISDICTION");
    assertThat(registrations.get("detail").asText()).contains("ke.registrar.r");
    assertThat(problem(403, border.get("/reports/border?country=UG")).get("reason").asText())
        .isEqualTo("OUTSIDE_JURISDICTION");
    assertThat(
            problem(403, registrar.put("/reports/expected-births/UG/2026", Map.of("births", 9)))
                .get("reason")
                .asText())
        .isEqualTo("OUTSIDE_JURISDICTION");
    assertThat(
            problem(403, registrar.get("/reports/expected-births?jurisdiction=UG"))
                .get("reason")
                .asText())
        .isEqualTo("OUTSIDE_JURISDICTION");
    assertThat(ok(auditor.get("/reports/expected-births?jurisdiction=UG")).body().get("years"))
        .isEmpty();
  }

  @Test
  void reports_refuseWithoutASession() throws Exception {
    ApiClient anonymous = new ApiClient(node.httpPort());
    for (String path :
        List.of(
            "/reports/registrations",
            "/reports/registrations?format=pdf",
            "/reports/border",
            "/reports/audit?format=csv",
            "/reports/expected-births")) {
      problem(401, anonymous.get(path));
    }
    problem(401, anonymous.put("/reports/expected-births/KE/2026", Map.of("births", 5)));
  }

  @Test
  void reports_refuseBadInput_namingTheField_andChangeNothing() throws Exception {
    ok(registrar.put("/reports/expected-births/KE/2025", Map.of("births", 1100)));
    byte[] before = Files.readAllBytes(ledger.dataDir().resolve(ExpectedBirths.FILE));
    assertThat(
            problem(400, registrar.get("/reports/registrations?from=2026-13"))
                .at("/errors/0/field")
                .asText())
        .isEqualTo("from");
    assertThat(
            problem(400, registrar.get("/reports/registrations?from=2026-03&to=2026-01"))
                .at("/errors/0/field")
                .asText())
        .isEqualTo("to");
    assertThat(
            problem(400, registrar.get("/reports/registrations?format=xls"))
                .at("/errors/0/field")
                .asText())
        .isEqualTo("format");
    assertThat(
            problem(400, registrar.get("/reports/registrations?jurisdiction=Kenya"))
                .at("/errors/0/field")
                .asText())
        .isEqualTo("jurisdiction");
    JsonNode births = registrar.put("/reports/expected-births/KE/2026", Map.of("births", 0)).body();
    assertThat(births.at("/errors/0/field").asText()).isEqualTo("births");
    assertThat(
            problem(400, registrar.put("/reports/expected-births/KE/20x6", Map.of("births", 5)))
                .at("/errors/0/field")
                .asText())
        .isEqualTo("year");
    assertThat(Files.readAllBytes(ledger.dataDir().resolve(ExpectedBirths.FILE))).isEqualTo(before);
  }
}
