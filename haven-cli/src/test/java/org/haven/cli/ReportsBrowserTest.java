package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * A registrar's monthly report (docs/reports.md): the Reports page shows this month's registrations
 * of the registrar's jurisdiction with a bar chart, and downloads the node's CSV and PDF, whose
 * rows and text carry the same figure and the organisation's name.
 */
class ReportsBrowserTest extends BrowserTestBase {

  @Test
  void aRegistrarsMonthlyReport_showsTheChart_andDownloadsAsCsvAndPdf() throws Exception {
    Officer registrar = loginAs(Role.REGISTRAR);
    String month = YearMonth.now(ZoneOffset.UTC).toString();
    String organisation =
        demo.node().queries().organisation(registrar.org()).map(Organisation::name).orElseThrow();
    JsonNode answer =
        nodeAs(registrar.id().value())
            .get(
                NodeClient.Route.of("reports", "registrations")
                    .query("from", month)
                    .query("to", month));
    JsonNode months = answer.at("/tables/0");
    assertThat(months.get("id").asText()).isEqualTo("months");
    String registrations = months.at("/rows/0/1").asText();
    assertThat(Integer.parseInt(registrations))
        .as("the demo registers children today")
        .isPositive();

    driver.findElement(By.cssSelector("nav a[href='reports.html']")).click();
    awaitText(By.id("report-heading"), organisation);
    await(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("svg.report-chart.months rect")));

    assertThat(driver.findElement(By.id("report-heading")).getText())
        .contains(registrar.jurisdiction().code())
        .contains(month);
    assertThat(driver.findElement(By.cssSelector("#table-months tbody tr")).getText())
        .isEqualTo(
            String.join(
                " ",
                month,
                registrations,
                months.at("/rows/0/2").asText(),
                months.at("/rows/0/3").asText()));
    assertThat(
            js("return document.querySelector('svg.report-chart.months rect title').textContent;"))
        .isEqualTo(month + ": " + registrations);

    String name =
        "haven-registrations-"
            + registrar.jurisdiction().code().toLowerCase(Locale.ROOT)
            + "-"
            + month;
    Files.deleteIfExists(downloads().resolve(name + ".csv"));
    Files.deleteIfExists(downloads().resolve(name + ".pdf"));

    driver.findElement(By.id("report-csv")).click();
    String csv = Files.readString(awaitDownload(name + ".csv"), StandardCharsets.UTF_8);
    assertThat(csv).contains("# Organisation: " + organisation);
    List<CSVRecord> rows =
        CSVFormat.RFC4180
            .builder()
            .setCommentMarker('#')
            .get()
            .parse(new StringReader(csv))
            .getRecords();
    assertThat(rows.get(0).values()).containsExactly("month", "registrations", "onTime", "late");
    assertThat(rows.get(1).get(0)).isEqualTo(month);
    assertThat(rows.get(1).get(1)).isEqualTo(registrations);

    driver.findElement(By.id("report-pdf")).click();
    try (PDDocument pdf = Loader.loadPDF(awaitDownload(name + ".pdf").toFile())) {
      assertThat(new PDFTextStripper().getText(pdf))
          .contains(organisation)
          .contains("Haven report: Registrations")
          .containsPattern(month + "\\s+" + registrations + "\\s");
    }
  }

  /** The x of the evidence chart's first and last bars, in CSS px. */
  private static final String FIRST_AND_LAST_BAR =
      "const rects = [...document.querySelectorAll('svg.report-chart.evidence rect')];"
          + "return [rects[0].getBoundingClientRect().x,"
          + "    rects[rects.length - 1].getBoundingClientRect().x];";

  @Test
  void theReportsChart_runsRightToLeft_inArabic() {
    loginAs(Role.REGISTRAR);
    driver.get(baseUrl + "/app/reports.html");
    By bars = By.cssSelector("svg.report-chart.evidence rect");
    await(ExpectedConditions.visibilityOfElementLocated(bars));
    List<?> english = (List<?>) js(FIRST_AND_LAST_BAR);
    assertThat(((Number) english.get(0)).doubleValue())
        .as("in English the first kind of evidence is on the left")
        .isLessThan(((Number) english.get(1)).doubleValue());

    new Select(driver.findElement(By.id("language"))).selectByValue("ar");
    await(ExpectedConditions.attributeToBe(By.tagName("html"), "dir", "rtl"));
    driver.findElement(By.id("report-show")).click();
    awaitText(By.cssSelector("[data-table='evidence'] h3"), "التسجيلات حسب نوع الإثبات");

    List<?> arabic = (List<?>) js(FIRST_AND_LAST_BAR);
    assertThat(((Number) arabic.get(0)).doubleValue())
        .as("in Arabic the first kind of evidence is on the right")
        .isGreaterThan(((Number) arabic.get(1)).doubleValue());
  }

  @Test
  void aBorderOfficer_isOfferedTheBorderReportOnly() throws IOException {
    loginAs(Role.BORDER_OFFICER);
    driver.get(baseUrl + "/app/reports.html");
    await(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#report-tables [data-table='checkpoints']")));

    assertThat(
            driver.findElements(By.cssSelector("#report-kind option")).stream()
                .map(option -> option.getAttribute("value"))
                .toList())
        .containsExactly("border");
    assertThat(driver.findElement(By.id("expected")).isDisplayed()).isFalse();
  }
}
