package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.haven.core.identity.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The auditor's workspace in Chromium: the browser's own RFC 9162 verifier (verify.js) on every
 * file of the shared RFC 6962 corpus, an inclusion proof of a real crossing checked on the page
 * against a checkpoint signed by the demo node and saying what it proves, a log index past the end,
 * and the access log filtered by officer and days and exported as shown.
 */
class AuditorBrowserTest extends BrowserTestBase {
  /** The corpus the build passes in {@code haven.testdata} (the root pom's surefire setting). */
  private static final Path CORPUS =
      Paths.get(System.getProperty("haven.testdata", "../testdata")).resolve("rfc6962");

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void rfc6962Corpus_everyFile_verifiesInTheBrowserAsItShould() throws IOException {
    driver.get(baseUrl + "/app/index.html");
    loadScripts("verify.js");
    List<String> wrong = new ArrayList<>();
    int files = 0;
    for (String kind : List.of("inclusion", "consistency")) {
      try (Stream<Path> walk = Files.walk(CORPUS.resolve(kind))) {
        for (Path file : walk.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
          JsonNode vector = JSON.readTree(file.toFile());
          boolean verified = browserVerifies(kind, vector);
          files++;
          if (verified == vector.get("wantErr").asBoolean()) {
            wrong.add(CORPUS.relativize(file) + " verified=" + verified);
          }
        }
      }
    }
    assertThat(files).as("vector files read").isGreaterThan(50);
    assertThat(wrong).isEmpty();
  }

  @Test
  void auditor_provesACrossingIsInTheLedger_inTheBrowser() {
    loginAs(Role.BORDER_OFFICER);
    String crossing =
        "{\"officer\": \""
            + officerWith(Role.BORDER_OFFICER)
            + "\", \"direction\": \"EXIT\", \"checkpoint\": \"ke-namanga-1\","
            + " \"country\": \"KE\", \"destination\": \"UG\", \"bundleVersion\": 1,"
            + " \"outcome\": \"SECONDARY_INSPECTION\", \"reasons\": [\"NO_VALID_CONSENT\"],"
            + " \"checkedAt\": "
            + System.currentTimeMillis()
            + "}";
    Map<String, Object> recorded =
        fetchInPage("POST", "/api/v1/crossings", csrfToken().orElseThrow(), crossing);
    assertThat(recorded.get("status")).isEqualTo(201L);
    String transaction = readField((String) recorded.get("body"), "transactionId");

    startLoggedOut();
    loginAs(Role.AUDITOR);
    awaitText(By.cssSelector("#blocks tbody"), "signature valid");
    type(By.id("proof-transaction"), transaction);
    driver.findElement(By.id("proof-verify")).click();

    awaitText(By.id("auditor-message"), "Proven");
    assertThat(driver.findElement(By.id("proof-steps")).getText())
        .contains("signed by trusted member nodes")
        .doesNotContain("FAILED");
    assertThat(driver.findElement(By.id("proof-kind")).getText())
        .as("what the proof proves")
        .contains("is a border check, signed by " + officerWith(Role.BORDER_OFFICER));
  }

  @Test
  void aLogIndexPastTheEnd_saysHowManyEntriesTheLogHas_insteadOfFailing() {
    loginAs(Role.AUDITOR);
    awaitText(By.cssSelector("#blocks tbody"), "signature valid");
    long index = 987_654_321L;

    type(By.id("proof-transaction"), Long.toString(index));
    driver.findElement(By.id("proof-verify")).click();

    String said =
        awaitText(By.id("auditor-message"), "there is no entry " + index)
            .getText()
            .replaceAll("\\s+", " ");
    Matcher size =
        Pattern.compile("The log has (\\d+) entries, numbered 0 to (\\d+)").matcher(said);
    assertThat(size.find()).as(said).isTrue();
    assertThat(Long.parseLong(size.group(1)))
        .isGreaterThanOrEqualTo(ledgerSize())
        .isEqualTo(Long.parseLong(size.group(2)) + 1);
    assertThat(driver.findElement(By.id("auditor-message")).getAttribute("class"))
        .doesNotContain("error");
    assertThat(driver.findElements(By.cssSelector("#proof-steps li"))).isEmpty();
  }

  @Test
  void accessLog_filtersByOfficerAndDays_andExportsWhatIsShown() throws IOException {
    String registrar = officerWith(Role.REGISTRAR);
    openRecordAsRegistrar(demo.children().get("registered, mother linked"));
    showPersonalData();
    startLoggedOut();
    loginAs(Role.AUDITOR);
    awaitText(By.cssSelector("#access-log tbody"), registrar);
    String today = LocalDate.now(ZoneOffset.UTC).toString();

    type(By.id("access-reader"), registrar);
    setValue(By.id("access-from"), today);
    setValue(By.id("access-to"), today);
    driver.findElement(By.id("access-show")).click();
    awaitText(By.cssSelector("#access-log tbody"), "checking the record with the guardian");
    List<String> readers = column(1);
    assertThat(readers).isNotEmpty().containsOnly(registrar);

    Files.deleteIfExists(downloads().resolve("access-log-" + today + ".csv"));
    driver.findElement(By.id("access-export")).click();
    awaitText(By.id("auditor-message"), readers.size() + " read(s) exported");
    List<String> lines =
        Files.readAllLines(awaitDownload("access-log-" + today + ".csv"), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(readers.size() + 1);
    assertThat(lines.get(0))
        .isEqualTo("\"child number\",\"read by\",\"purpose given\",\"when (UTC)\"");
    assertThat(lines.subList(1, lines.size()))
        .allSatisfy(line -> assertThat(line).contains("\"" + registrar + "\""));

    setValue(By.id("access-from"), LocalDate.now(ZoneOffset.UTC).plusDays(1).toString());
    setValue(By.id("access-to"), LocalDate.now(ZoneOffset.UTC).plusDays(2).toString());
    driver.findElement(By.id("access-show")).click();
    awaitText(By.id("auditor-message"), "No read of personal data is recorded here");
    assertThat(driver.findElements(By.cssSelector("#access-log tbody tr"))).isEmpty();

    setValue(By.id("access-to"), today);
    driver.findElement(By.id("access-show")).click();
    awaitText(By.id("auditor-message"), "The last day is before the first");
    assertThat(driver.findElement(By.id("access-to")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    Map<String, Object> refused =
        fetchInPage("GET", "/api/v1/access-log?from=" + today + "&to=2000-01-01", null, null);
    assertThat(refused.get("status")).isEqualTo(400L);
    assertThat((String) refused.get("body")).contains("must not be before from");
  }

  @Test
  void aPurposeWrittenAsASpreadsheetFormula_isExportedAsText() throws IOException {
    String formula = "=HYPERLINK(\"http://attacker.example/\",\"open\")";
    openRecordAsRegistrar(demo.children().get("registered, mother linked"));
    type(By.id("read-purpose"), formula);
    driver.findElement(By.id("read-submit")).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("correct-form")));
    startLoggedOut();
    loginAs(Role.AUDITOR);
    awaitText(By.cssSelector("#access-log tbody"), formula);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    Files.deleteIfExists(downloads().resolve("access-log-" + today + ".csv"));

    driver.findElement(By.id("access-export")).click();

    List<String> lines =
        Files.readAllLines(awaitDownload("access-log-" + today + ".csv"), StandardCharsets.UTF_8);
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("\"'=HYPERLINK(\"\"http://attacker.example/\"\",\"\"open\"\")\""));
    assertThat(lines).noneSatisfy(line -> assertThat(line).contains(",\"=HYPERLINK"));
  }

  /** The texts of the access log table's column {@code index} (0: child number). */
  private static List<String> column(int index) {
    return driver.findElements(By.cssSelector("#access-log tbody tr")).stream()
        .map(row -> row.findElements(By.tagName("td")).get(index).getText())
        .toList();
  }

  @Test
  void aTransactionTheAuditorHolds_isProvenByItsLeafHash_andAnAlteredOneIsNotInTheLog() {
    loginAs(Role.AUDITOR);
    awaitText(By.cssSelector("#blocks tbody"), "signature valid");
    String held = demo.node().queries().transaction(1).orElseThrow().toBase64();

    type(By.id("proof-transaction"), held);
    driver.findElement(By.id("proof-verify")).click();

    awaitText(By.id("auditor-message"), "Proven");
    assertThat(driver.findElement(By.id("proof-steps")).getText())
        .contains("Leaf 1 hashed here")
        .doesNotContain("FAILED");

    String altered = (held.charAt(10) == 'A' ? "B" : "A");
    type(By.id("proof-transaction"), held.substring(0, 10) + altered + held.substring(11));
    driver.findElement(By.id("proof-verify")).click();

    awaitText(By.id("auditor-message"), "No transaction in the log has the leaf hash");
    assertThat(driver.findElements(By.cssSelector("#proof-steps li"))).isEmpty();
  }

  @Test
  void badTransactionId_saysWhat_andChecksNothing() {
    loginAs(Role.AUDITOR);
    type(By.id("proof-transaction"), "not-a-transaction");
    driver.findElement(By.id("proof-verify")).click();

    awaitText(By.id("auditor-message"), "64 hexadecimal characters");
    assertThat(driver.findElement(By.id("proof-transaction")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    assertThat(driver.findElements(By.cssSelector("#proof-steps li"))).isEmpty();
  }

  private static String readField(String json, String field) {
    try {
      return JSON.readTree(json).get(field).asText();
    } catch (IOException e) {
      throw new IllegalStateException("the node's answer is not JSON: " + json, e);
    }
  }

  private static boolean browserVerifies(String kind, JsonNode vector) {
    String script =
        "const [kind, v, done] = arguments;"
            + "const b = (text) => { try { return HavenVerify.fromBase64(text || ''); }"
            + "  catch (e) { return new Uint8Array(0); } };"
            + "const proof = (v.proof || []).map(b);"
            + "const verified = kind === 'inclusion'"
            + "  ? HavenVerify.verifyInclusion(v.leafIdx, v.treeSize, b(v.leafHash), proof, b(v.root))"
            + "  : HavenVerify.verifyConsistency(v.size1, v.size2, b(v.root1), b(v.root2), proof);"
            + "verified.then(done, (e) => done('error: ' + e));";
    Object answer =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(script, kind, JSON.convertValue(vector, Map.class));
    assertThat(answer).as("the verifier never throws").isInstanceOf(Boolean.class);
    return (Boolean) answer;
  }
}
