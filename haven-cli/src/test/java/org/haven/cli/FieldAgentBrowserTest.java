package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.haven.core.identity.Role;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Journey 1: a field agent declares a child, online and offline. */
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
    assertThat(driver.findElement(SENT).getText()).contains("Sent").doesNotContain("Neema");
    assertThat((String) js("return JSON.stringify(localStorage)")).doesNotContain("Neema");
  }

  @Test
  void offlineDeclaration_waitsInTheBrowser_andIsSentWhenTheConnectionReturns() {
    loginAs(Role.FIELD_AGENT);
    long before = ledgerSize();
    ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
    offline.setOffline(true);
    driver.setNetworkConditions(offline);
    await(d -> js("return navigator.onLine").equals(Boolean.FALSE));

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

  private static void fillDeclaration(String given, String family) {
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
  private static ChildNumber childNumberIn(String row) {
    java.util.regex.Matcher digits =
        java.util.regex.Pattern.compile("\\d{4} \\d{4} \\d{2}-\\d").matcher(row);
    assertThat(digits.find()).as("a child number in %s", row).isTrue();
    return ChildNumber.parse(digits.group());
  }
}
