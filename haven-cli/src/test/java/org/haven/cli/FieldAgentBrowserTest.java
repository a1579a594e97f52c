package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Journey 1: a field agent declares a child, online and offline; logging out leaves no declaration
 * in the browser, and refused ones are not kept forever.
 */
class FieldAgentBrowserTest extends BrowserTestBase {
  private static final By SENT = By.cssSelector("#queue tr[data-state='sent']");
  private static final By WAITING = By.cssSelector("#queue tr[data-state='waiting']");

  @AfterEach
  void backOnline() {
    driver.deleteNetworkConditions();
  }

  @Test
  void fieldAgent_declaresAChild_andTheNodeHasIt_whileTheBrowserKeepsOnlyItsNumber() {
    loginAs(Role.FIELD_AGENT);
    fillDeclaration("Neema", "Achieng");
    driver.findElement(By.id("declare-submit")).click();

    String number = await(ExpectedConditions.visibilityOfElementLocated(SENT)).getText();
    ChildNumber child = childNumberIn(number);
    assertThat(demo.node().registry().child(child).record().status())
        .isEqualTo(ChildStatus.DECLARED);
    assertThat(driver.findElement(SENT).getText()).contains("Sent").contains("Neema Achieng");
    assertThat((String) js("return JSON.stringify(localStorage)")).doesNotContain("Neema");
  }

  @Test
  void sentNames_areKeptForThisTabOnly_andLoggingOutRemovesThem() {
    Officer agent = loginAs(Role.FIELD_AGENT);
    fillDeclaration("Halima", "Chebet");
    driver.findElement(By.id("declare-submit")).click();
    assertThat(await(ExpectedConditions.visibilityOfElementLocated(SENT)).getText())
        .contains("Halima Chebet");
    driver.navigate().refresh();
    assertThat(await(ExpectedConditions.visibilityOfElementLocated(SENT)).getText())
        .as("still named after a reload of the tab")
        .contains("Halima Chebet");
    assertThat(storedFor(agent)).as("localStorage keeps the number only").doesNotContain("Halima");

    driver.findElement(By.id("logout")).click();
    await(ExpectedConditions.urlContains("index.html"));

    assertThat((String) js("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)"))
        .doesNotContain("Halima");
  }

  @Test
  void birthDateAfterToday_andAFileThatIsNotAnImage_areRefusedBesideTheirFields_andNothingIsQueued()
      throws Exception {
    loginAs(Role.FIELD_AGENT);
    long before = ledgerSize();
    Path notAnImage = dataDir.resolve("photo.png");
    Files.writeString(notAnImage, "a letter, saved with the name of a photo");
    driver.findElement(By.id("declare-photo")).sendKeys(notAnImage.toString());
    assertThat(awaitText(By.id("declare-photo-error"), "not a photo").getText())
        .contains("JPEG or PNG");
    assertThat(driver.findElement(By.id("declare-photo")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    assertThat(driver.findElement(By.id("declare-photo-preview")).isDisplayed()).isFalse();

    fillDeclaration("Amani", "Kiprop");
    String tomorrow = LocalDate.now().plusDays(1).toString();
    setValue(By.id("declare-born"), tomorrow);
    driver.findElement(By.id("declare-submit")).click();

    WebElement beside = awaitText(By.id("declare-born-error"), "after today");
    assertThat(driver.findElement(By.id("declare-born")).getAttribute("aria-describedby"))
        .isEqualTo("declare-born-error");
    assertThat(driver.findElement(By.id("declare-born")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    String today = LocalDate.now().format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
    assertThat(beside.getText()).as("today, as the page's language writes it").contains(today);
    assertThat(driver.findElement(By.id("queue")).getText()).contains("No declarations");
    assertThat(ledgerSize()).as("nothing sent").isEqualTo(before);

    setValue(By.id("declare-born"), "2024-05-01");
    assertThat(driver.findElements(By.id("declare-born-error"))).as("gone once changed").isEmpty();
  }

  @Test
  void refusalByTheNode_keepsItsReason_andCorrectItReopensTheDeclarationWithTheFieldMarked() {
    loginAs(Role.FIELD_AGENT);
    String row = declaredWithADocumentOfNoCountry_andRefused();
    assertThat(row)
        .contains("Wanjiru Mwangi")
        .contains("Refused")
        .contains("Country of the document: is not a country code");
    driver.navigate().refresh();
    await(ExpectedConditions.visibilityOfElementLocated(REFUSED));
    assertThat(driver.findElement(REFUSED).getText()).as("kept").contains("not a country code");

    driver.findElement(REFUSED).findElement(By.xpath(".//button[.='Correct it']")).click();

    WebElement country = driver.findElement(By.id("declare-document-country"));
    assertThat(country.getAttribute("value")).isEqualTo("XX");
    assertThat(country.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(driver.findElement(By.id("declare-document-country-error")).getText())
        .contains("is not a country code");
    assertThat(driver.switchTo().activeElement()).isEqualTo(country);
    assertThat(driver.findElement(By.id("declare-message")).getText())
        .contains("back in the form")
        .contains("Country of the document");
    assertThat(driver.findElement(By.id("declare-given")).getAttribute("value"))
        .isEqualTo("Wanjiru");

    type(By.id("declare-document-country"), "KE");
    assertThat(country.getAttribute("aria-invalid")).isNull();
    driver.findElement(By.id("declare-submit")).click();
    String sent = await(ExpectedConditions.visibilityOfElementLocated(SENT)).getText();
    assertThat(sent).contains("Wanjiru Mwangi");
    assertThat(demo.node().registry().child(childNumberIn(sent)).record().status())
        .isEqualTo(ChildStatus.DECLARED);
  }

  @Test
  void offlineDeclaration_waitsInTheBrowser_andIsSentWhenTheConnectionReturns() {
    loginAs(Role.FIELD_AGENT);
    long before = ledgerSize();
    goOffline();

    fillDeclaration("Zuri", "Odhiambo");
    driver.findElement(By.id("declare-submit")).click();
    assertThat(await(ExpectedConditions.visibilityOfElementLocated(WAITING)).getText())
        .contains("Zuri Odhiambo")
        .contains("Waiting to send");
    assertThat(driver.findElement(By.id("connection")).getText()).contains("No connection");
    assertThat(ledgerSize()).as("nothing reached the node").isEqualTo(before);

    driver.deleteNetworkConditions();
    String sent = await(ExpectedConditions.visibilityOfElementLocated(SENT)).getText();
    assertThat(demo.node().registry().child(childNumberIn(sent)).record().status())
        .isEqualTo(ChildStatus.DECLARED);
    assertThat(driver.findElements(WAITING)).isEmpty();
    assertThat((String) js("return JSON.stringify(localStorage)")).doesNotContain("Zuri");
  }

  @Test
  void missingField_isNamedOnThePage_andNothingIsQueuedOrSent() {
    loginAs(Role.FIELD_AGENT);
    long before = ledgerSize();
    fillDeclaration("", "Kamau");
    driver.findElement(By.id("declare-submit")).click();

    assertThat(awaitText(By.id("declare-message"), "Fill in").getText()).contains("Given names");
    assertThat(driver.findElement(By.id("declare-given")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    assertThat(driver.findElement(By.id("queue")).getText()).contains("No declarations");
    assertThat(ledgerSize()).isEqualTo(before);
  }

  @Test
  void logout_withADeclarationNeverSent_asksFirst_thenLeavesNothingOfItInTheBrowser() {
    Officer agent = loginAs(Role.FIELD_AGENT);
    long before = ledgerSize();
    goOffline();
    fillDeclaration("Imani", "Wekesa");
    driver.findElement(By.id("declare-submit")).click();
    await(ExpectedConditions.visibilityOfElementLocated(WAITING));

    driver.findElement(By.id("logout")).click();
    Alert question = await(ExpectedConditions.alertIsPresent());
    assertThat(question.getText()).contains("1 declaration(s)").contains("Log out anyway?");
    question.dismiss();
    assertThat(driver.findElement(WAITING).getText()).contains("Imani Wekesa");
    assertThat(storedFor(agent)).contains("Imani");

    driver.findElement(By.id("logout")).click();
    await(ExpectedConditions.alertIsPresent()).accept();
    await(ExpectedConditions.urlContains("index.html"));
    // Offline, the landing page itself cannot load: look at the browser's storage from it online.
    driver.deleteNetworkConditions();
    driver.get(baseUrl + "/app/index.html");

    assertThat(storedFor(agent)).isEqualTo("");
    assertThat((String) js("return JSON.stringify(localStorage)")).doesNotContain("Imani");
    assertThat(ledgerSize()).as("nothing reached the node").isEqualTo(before);
  }

  @Test
  void logout_afterEverythingWasSent_asksNothing_andClearsTheSentNumbers() {
    Officer agent = loginAs(Role.FIELD_AGENT);
    fillDeclaration("Baraka", "Otieno");
    driver.findElement(By.id("declare-submit")).click();
    await(ExpectedConditions.visibilityOfElementLocated(SENT));
    assertThat(storedFor(agent)).contains("childNumber");

    driver.findElement(By.id("logout")).click();
    await(ExpectedConditions.urlContains("index.html"));

    assertThat(storedFor(agent)).isEqualTo("");
  }

  @Test
  void refusedDeclarations_stayWithTheirReason_forAWeekAtMost() {
    Officer agent = loginAs(Role.FIELD_AGENT);
    long now = System.currentTimeMillis();
    long day = 24L * 60 * 60 * 1000;
    js(
        "localStorage.setItem(arguments[0], JSON.stringify(arguments[1]));",
        queueKey(agent),
        List.of(
            refused("old", "Old Refusal", now - 8 * day),
            refused("recent", "Recent Refusal", now - day)));

    driver.navigate().refresh();

    WebElement kept =
        await(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#queue tr[data-queue-id='recent']")));
    assertThat(kept.getText())
        .contains("Recent Refusal")
        .contains("Refused")
        .contains("seen twice");
    assertThat(driver.findElements(By.cssSelector("#queue tr[data-queue-id='old']"))).isEmpty();
    assertThat(awaitText(By.id("declare-message"), "removed").getText())
        .contains("1 refused or sent declaration(s) older than 7 days");
    assertThat(storedFor(agent)).doesNotContain("\"Old\"").contains("\"Recent\"");
  }

  /** A refused declaration as the field page keeps it. */
  private static Map<String, Object> refused(String id, String names, long refusedAt) {
    String[] parts = names.split(" ");
    return Map.of(
        "id",
        id,
        "createdAt",
        refusedAt,
        "state",
        "refused",
        "reason",
        "Refused. The child was seen twice.",
        "refusedAt",
        refusedAt,
        "declaration",
        Map.of(
            "late",
            false,
            "evidence",
            "BIRTH_NOTIFICATION",
            "attestors",
            List.of(),
            "child",
            Map.of("givenNames", parts[0], "familyNames", parts[1]),
            "guardians",
            List.of()));
  }

  private static String queueKey(Officer agent) {
    return "haven." + agent.id().value() + "/field.queue";
  }

  /** Everything the field page keeps in the browser for {@code agent}, as one string. */
  private static String storedFor(Officer agent) {
    return (String)
        js(
            "return Object.keys(localStorage).filter(k => k.includes(arguments[0]))"
                + ".map(k => k + '=' + localStorage.getItem(k)).join('\\n');",
            agent.id().value());
  }

  private static void goOffline() {
    ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
    offline.setOffline(true);
    driver.setNetworkConditions(offline);
    await(d -> js("return navigator.onLine").equals(Boolean.FALSE));
  }

  @Test
  void inFrench_theNodesRefusalAndTheDatesAreInThePagesLanguage() {
    js("localStorage.setItem('haven.lang', 'fr');");
    loginAs(Role.FIELD_AGENT);
    String row = declaredWithADocumentOfNoCountry_andRefused();
    assertThat(row)
        .contains("Pays du document : n'est pas un code de pays")
        .doesNotContain("must be an ISO");
    String today = LocalDate.now().format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
    assertThat(row).as("made today, written dd/mm/yyyy").contains(today);
  }

  @Test
  void inEnglish_datesAreWrittenAsInKenya_dayFirst() {
    loginAs(Role.FIELD_AGENT);
    goOffline();
    fillDeclaration("Akoth", "Ouma");
    driver.findElement(By.id("declare-submit")).click();
    String row = await(ExpectedConditions.visibilityOfElementLocated(WAITING)).getText();
    assertThat(row)
        .containsPattern("\\b\\d{2}/\\d{2}/\\d{4}, \\d{2}:\\d{2}\\b")
        .contains(LocalDate.now().format(DateTimeFormatter.ofPattern("dd/MM/yyyy")));
    assertThat(js("return Haven.locale();")).isEqualTo("en-KE");
  }

  private static final By REFUSED = By.cssSelector("#queue tr[data-state='refused']");

  /** Declares Wanjiru Mwangi, her mother's document of country "XX"; the row the node refused. */
  private static String declaredWithADocumentOfNoCountry_andRefused() {
    fillDeclaration("Wanjiru", "Mwangi");
    type(By.id("declare-document-country"), "XX");
    driver.findElement(By.id("declare-submit")).click();
    return await(ExpectedConditions.visibilityOfElementLocated(REFUSED)).getText();
  }

  static void fillDeclaration(String given, String family) {
    type(By.id("declare-given"), given);
    type(By.id("declare-family"), family);
    setValue(By.id("declare-born"), "2024-05-01");
    type(By.id("declare-place"), "Kisumu");
    setValue(By.id("declare-sex"), "FEMALE");
    type(By.id("declare-guardian-names"), "Akinyi " + family);
    setValue(By.id("declare-document-type"), "NATIONAL_ID");
    type(By.id("declare-document-number"), "30442187");
  }

  /** The child number in a queue row: the 11 digits of its display form. */
  static ChildNumber childNumberIn(String row) {
    java.util.regex.Matcher digits =
        java.util.regex.Pattern.compile("\\d{4} \\d{4} \\d{2}-\\d").matcher(row);
    assertThat(digits.find()).as("a child number in %s", row).isTrue();
    return ChildNumber.parse(digits.group());
  }
}
