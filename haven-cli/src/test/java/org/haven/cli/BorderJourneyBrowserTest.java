package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.haven.core.identity.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The border officer's and the auditor's journeys in Chromium against a real demo node: a photo of
 * a real card uploaded at the border, PASS with the guardian and SECONDARY INSPECTION with a
 * stranger; ALERT once a case worker has raised an alert; the auditor sees the checks and the
 * access log entry; the offline check from the cached bundle, sent when the connection returns; and
 * bad input that changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BorderJourneyBrowserTest extends BrowserTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHILD_LABEL = "registered, mother linked";

  private static String child;
  private static String cardText;
  private static Path cardImage;

  @BeforeAll
  static void issueTheCard() throws Exception {
    child = demo.children().get(CHILD_LABEL).toString().replaceAll("[^0-9]", "");
    NodeClient registrar = nodeAs(officerWith(Role.REGISTRAR));
    var card =
        registrar.post(NodeClient.Route.of("children", child, "card"), JSON.createObjectNode());
    cardText = card.get("qr").asText();
    cardImage = dataDir.resolve("card.png");
    Files.write(cardImage, Base64.getDecoder().decode(card.get("qrPng").asText()));
  }

  @Test
  @Order(3)
  void journeys_cardPhotoAtTheBorder_thenAnAlert_thenTheAuditorSeesIt() throws Exception {
    long before = borderChecksToday();
    loginAs(Role.BORDER_OFFICER);
    check(true, "NATIONAL_ID", "28713645", "KE");
    assertDecision("PASS", "The companion's document is that of a guardian named on the card");

    driver.findElement(By.id("border-next")).click();
    check(true, "PASSPORT", "B7654321", "UG");
    assertDecision(
        "SECONDARY INSPECTION",
        "The companion's document is not that of a guardian named on the card, and the companion"
            + " shows no valid travel consent.");

    ObjectNode alert =
        JSON.createObjectNode()
            .put("action", "RAISE")
            .put("priority", "CRITICAL")
            .put("contactPoint", "Child Protection Unit, Namanga, +254 116");
    nodeAs(officerWith(Role.CASE_WORKER))
        .post(NodeClient.Route.of("children", child, "alert"), alert);

    driver.findElement(By.id("border-next")).click();
    check(true, "NATIONAL_ID", "28713645", "KE");
    assertDecision("ALERT", "A missing-child alert is open for the child");
    assertThat(driver.findElement(By.id("decision-contact")).getText())
        .contains("Child Protection Unit, Namanga, +254 116");

    startLoggedOut();
    loginAs(Role.AUDITOR);
    awaitText(By.id("stats-table"), "Border checks");
    String today =
        LocalDate.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ROOT));
    String row =
        driver
            .findElement(By.id("stats-table"))
            .getText()
            .lines()
            .filter(line -> line.startsWith(today))
            .findFirst()
            .orElseThrow();
    assertThat(row.split(" ")[2])
        .as("checks today, in " + row)
        .isEqualTo(String.valueOf(before + 3));
    awaitText(By.cssSelector("#access-log tbody"), child);
    assertThat(driver.findElement(By.cssSelector("#access-log tbody")).getText())
        .contains(officerWith(Role.REGISTRAR));
  }

  @Test
  @Order(2)
  void offline_decidesFromTheCachedBundle_andSendsTheCheckWhenTheConnectionReturns() {
    loginAtThePost();
    goOffline();
    try {
      check(false, "NATIONAL_ID", "28713645", "KE");
      awaitText(By.id("decision-record"), "Decided on this device");
      assertThat(driver.findElement(By.id("decision-outcome")).getText()).isEqualTo("PASS");
      awaitText(By.id("border-queue"), "Checks waiting to be sent: 1");
    } finally {
      driver.deleteNetworkConditions();
    }
    driver.findElement(By.id("border-sync")).click();
    awaitText(By.id("border-queue"), "Checks waiting to be sent: 0");
    awaitText(By.id("border-message"), "have been sent to the ledger");
  }

  @Test
  @Order(1)
  void badInput_saysWhatIsWrong_andRecordsNothing() throws IOException {
    loginAs(Role.BORDER_OFFICER);
    long before = borderChecksToday();

    Path text = dataDir.resolve("not-an-image.txt");
    Files.writeString(text, "this is not a photo of a card");
    driver.findElement(By.id("border-image")).sendKeys(text.toString());
    awaitText(By.id("border-message"), "not a PNG or JPEG photo");

    Path huge = dataDir.resolve("huge.png");
    Files.write(huge, new byte[5 * 1024 * 1024]);
    driver.findElement(By.id("border-image")).sendKeys(huge.toString());
    awaitText(By.id("border-message"), "at most 4 MiB");

    type(By.id("border-card"), "HV1:nOT a card; scanned badly");
    type(By.id("companion-number"), "28713645");
    type(By.id("border-destination"), "UG");
    type(By.id("border-checkpoint"), "ke-namanga-1");
    driver.findElement(By.id("border-check")).click();
    awaitText(By.id("border-message"), "The card text is damaged");
    assertThat(driver.findElement(By.id("border-card")).getAttribute("aria-invalid"))
        .isEqualTo("true");

    Map<String, Object> forbidden =
        fetchInPage(
            "POST",
            "/api/v1/children/" + child + "/alert",
            csrfToken().orElseThrow(),
            "{\"action\": \"RAISE\", \"priority\": \"HIGH\", \"contactPoint\": \"Desk 4\"}");
    assertThat(forbidden.get("status")).isEqualTo(403L);
    assertThat((String) forbidden.get("body")).contains("ROLE_NOT_PERMITTED");

    assertThat(borderChecksToday()).isEqualTo(before);
  }

  @Test
  @Order(4)
  void aNodeServingAnotherGenesisThanTheOnePinned_isRefused_andTheCachedBundleIsKept() {
    loginAtThePost();
    String pinned = (String) cached("done(c.trust.origin + ' ' + c.file.length);");
    String origin = pinned.substring(0, pinned.indexOf(' '));
    try {
      // The device pinned another ledger's genesis: this node's is not the one it trusts.
      cached("c.trust.origin = 'haven.example/another-ledger'; put(c);");

      driver.findElement(By.id("border-update")).click();

      awaitText(By.id("border-message"), "GENESIS_CHANGED");
      assertThat(cached("done(c.trust.origin + ' ' + c.file.length);"))
          .as("the pin and the cached file, unchanged")
          .isEqualTo("haven.example/another-ledger " + pinned.substring(pinned.indexOf(' ') + 1));
    } finally {
      cached("c.trust.origin = '" + origin + "'; put(c);");
    }
  }

  @Test
  @Order(5)
  void logout_removesTheBundle_keepsTheUnsentCheck_andItsOfficerSendsItAtTheNextLogin() {
    loginAtThePost();
    Object pinned = cached("done(c.trust.origin);");
    long before = borderChecksToday();
    goOffline();
    try {
      check(false, "NATIONAL_ID", "28713645", "KE");
      awaitText(By.id("decision-record"), "Decided on this device");
      awaitText(By.id("border-queue"), "Checks waiting to be sent: 1");
      // Logging out without a connection: the check cannot be sent, so it must stay.
      driver.findElement(By.id("logout")).click();
      await(d -> !d.getCurrentUrl().contains("border.html"));
    } finally {
      driver.deleteNetworkConditions();
    }
    driver.get(baseUrl + "/app/index.html");
    assertThat(cached("done(c.file === undefined ? 'no file, pin ' + c.trust.origin : 'file');"))
        .as("the bundle removed, the pinned genesis kept")
        .isEqualTo("no file, pin " + pinned);
    assertThat(queuedChecks()).as("the unsent check kept").isEqualTo(1L);
    assertThat(borderChecksToday()).as("not yet on the ledger").isEqualTo(before);

    loginAs(Role.BORDER_OFFICER);
    awaitText(By.id("border-queue"), "Checks waiting to be sent: 0");
    assertThat(borderChecksToday()).as("sent at the next login").isEqualTo(before + 1);
    assertThat(queuedChecks()).isZero();
  }

  private static long queuedChecks() {
    return (Long)
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const open = indexedDB.open('haven-border', 1);"
                    + "open.onsuccess = () => {"
                    + "  const count = open.result.transaction('queue').objectStore('queue').count();"
                    + "  count.onsuccess = () => done(count.result);"
                    + "};");
  }

  /**
   * Runs {@code script} on the border page's cached bundle entry {@code c}, with {@code put(c)} to
   * store it back and {@code done(value)} to answer.
   */
  private static Object cached(String script) {
    return ((JavascriptExecutor) driver)
        .executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "const open = indexedDB.open('haven-border', 1);"
                + "open.onsuccess = () => {"
                + "  const db = open.result;"
                + "  const get = db.transaction('device').objectStore('device').get('bundle');"
                + "  get.onsuccess = () => {"
                + "    const c = get.result;"
                + "    const put = (value) => {"
                + "      const tx = db.transaction('device', 'readwrite');"
                + "      tx.objectStore('device').put(value, 'bundle');"
                + "      tx.oncomplete = () => done('stored');"
                + "    };"
                + script
                + "  };"
                + "};");
  }

  /** Fills the border form: the card by its photo (upload) or its text, the companion, an exit. */
  private static void check(boolean upload, String type, String number, String country) {
    if (upload) {
      driver.findElement(By.id("border-image")).sendKeys(cardImage.toString());
      awaitText(By.id("border-message"), "QR code was read");
      assertThat(driver.findElement(By.id("border-card")).getAttribute("value"))
          .isEqualTo(cardText);
    } else {
      type(By.id("border-card"), cardText);
    }
    exitWith(type, number, country);
    awaitText(By.id("holder-details"), "Amina");
    driver.findElement(By.id("border-matches")).click();
  }

  /**
   * Fills the rest of the border form, once the card (and any consent) is in: the companion's
   * document, an exit to Uganda at Namanga; and presses "Check".
   */
  static void exitWith(String type, String number, String country) {
    new Select(driver.findElement(By.id("companion-type"))).selectByValue(type);
    type(By.id("companion-number"), number);
    type(By.id("companion-country"), country);
    new Select(driver.findElement(By.id("border-direction"))).selectByValue("EXIT");
    type(By.id("border-destination"), "UG");
    type(By.id("border-checkpoint"), "ke-namanga-1");
    driver.findElement(By.id("border-check")).click();
  }

  /** Logs in at the border post and waits for the page's verifier bundle. */
  private void loginAtThePost() {
    loginAs(Role.BORDER_OFFICER);
    awaitText(By.id("border-bundle"), "Verifier bundle version");
  }

  private static void goOffline() {
    ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
    offline.setOffline(true);
    driver.setNetworkConditions(offline);
  }

  private static void assertDecision(String outcome, String reason) {
    awaitText(By.id("decision-outcome"), outcome);
    assertThat(driver.findElement(By.id("decision-outcome")).getText()).isEqualTo(outcome);
    assertThat(driver.findElement(By.id("decision-reasons")).getText()).contains(reason);
    assertThat(driver.findElement(By.id("decision-bundle")).getText())
        .contains("Verifier bundle version");
    assertThat(driver.findElement(By.id("decision-record")).getText())
        .contains("Recorded on the ledger");
  }
}
