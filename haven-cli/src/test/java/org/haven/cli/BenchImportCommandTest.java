package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haven bench import} writes one register in both formats: every row of each is valid for
 * {@code haven import} with the mapping written beside it, the CSV row and the FHIR Patient of the
 * same child make the same declaration, and the register has twins, siblings and injected
 * duplicates.
 */
class BenchImportCommandTest {
  private static final Pattern SUMMARY =
      Pattern.compile("([0-9,]+) children: ([0-9,]+) pairs of twins, ([0-9,]+) injected");

  @TempDir Path out;

  @Test
  void bothFormats_holdTheSameChildren_everyRowValid_withTwinsSiblingsAndDuplicates()
      throws Exception {
    CliRun run = CliRun.run("bench", "import", "--children", "1500", "--out", out.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Matcher summary = SUMMARY.matcher(run.out());
    assertThat(summary.find()).as(run.out()).isTrue();
    int children = Integer.parseInt(summary.group(1).replace(",", ""));
    assertThat(children).isBetween(1500, 1520);
    assertThat(Integer.parseInt(summary.group(2))).isPositive();
    assertThat(Integer.parseInt(summary.group(3))).isEqualTo(7 * (1500 / 200));
    List<JsonNode> fromCsv =
        declarations(
            CsvRegister.open(out.resolve("register.csv")),
            ImportMapping.read(out.resolve("mapping.json")));
    List<JsonNode> fromFhir =
        declarations(
            FhirRegister.open(out.resolve("fhir"), BenchImportCommand.SOURCE_ID_SYSTEM),
            ImportMapping.readFhir(out.resolve("fhir-mapping.json")));
    assertThat(fromCsv).hasSize(children);
    assertThat(fromFhir).isEqualTo(fromCsv);
    try (var bundles = Files.list(out.resolve("fhir"))) {
      assertThat(bundles.count()).isEqualTo((children + 999) / 1000);
    }
    Set<String> mothers = new HashSet<>();
    long siblings =
        fromCsv.stream()
            .map(d -> d.path("guardians").path(0).path("document").path("number").asText())
            .filter(document -> !document.isEmpty())
            .filter(document -> !mothers.add(document))
            .count();
    assertThat(siblings).as("children whose mother's document an earlier child has").isPositive();
  }

  /** Every row's declaration, each row checked as {@code haven import} checks it. */
  private static List<JsonNode> declarations(ImportSource source, ImportMapping mapping)
      throws InterruptedException {
    List<JsonNode> declarations = new ArrayList<>();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    source.forEach(
        row -> {
          assertThat(row).isInstanceOf(ImportSource.Values.class);
          ImportRow.Checked checked =
              ImportRow.check(mapping, ((ImportSource.Values) row).byColumn(), today);
          assertThat(checked).as("%s", checked).isInstanceOf(ImportRow.Valid.class);
          declarations.add(((ImportRow.Valid) checked).declaration());
        });
    return declarations;
  }
}
