package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.haven.core.identity.Role;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A record's history in the browser: the registrar corrects a child's data, opens the history from
 * the record, and sees both versions side by side with the changed field marked, and the ledger's
 * changes with who made them and why; an auditor sees the changes but is not offered the versions.
 */
class RecordHistoryBrowserTest extends BrowserTestBase {
  private static final String REGISTERED = "registered, mother linked";
  private static final String REASON = "family name misspelt at declaration";

  @Test
  void registrar_correctsTheData_thenSeesBothVersionsWithTheChangeMarked_andTheLedgerChanges() {
    ChildNumber child = demo.children().get(REGISTERED);
    openRecordAsRegistrar(child);
    showPersonalData();
    type(By.id("correct-family"), "Wanjiru Kamau");
    type(By.id("correct-reason"), REASON);
    driver.findElement(By.id("correct-submit")).click();
    awaitText(By.id("registrar-message"), "Correction saved");

    await(ExpectedConditions.elementToBeClickable(By.id("history-link"))).click();
    awaitText(By.id("history-child-title"), child.toString());
    WebElement correction =
        await(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#changes-body tr[data-kind='CORRECT_CHILD']")));
    assertThat(correction.getText()).contains(REASON).contains("ke.registrar.otieno");
    assertThat(correction.findElement(By.cssSelector("td")).getText())
        .as("when, as the page's language writes it")
        .matches("\\d{2}/\\d{2}/\\d{4},? \\d{2}:\\d{2}");
    assertThat(
            driver
                .findElement(By.cssSelector("#changes-body tr[data-kind='DECLARE_CHILD']"))
                .getText())
        .contains("ke.fieldagent.wanjiru");
    assertThat(driver.findElement(By.id("changes-body")).getText())
        .as("the registration and the guardian's link, with their reasons")
        .contains("REGISTER")
        .contains("birth notification KAK/2019/0314");

    type(By.id("versions-purpose"), "checking the correction with the guardian");
    driver.findElement(By.id("versions-read")).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("versions")));
    assertThat(driver.findElements(By.cssSelector("#versions-head th[data-version]"))).hasSize(2);
    List<WebElement> family =
        driver.findElements(By.cssSelector("#versions-body tr[data-field='familyNames'] td"));
    assertThat(family.get(0).getText()).isEqualTo("Wanjiru");
    assertThat(family.get(0).getAttribute("data-changed")).isEqualTo("false");
    assertThat(family.get(1).getText()).contains("Wanjiru Kamau").contains("changed");
    assertThat(family.get(1).getAttribute("data-changed")).isEqualTo("true");
    for (String same :
        List.of("givenNames", "dateOfBirth", "placeOfBirth", "sex", "notes", "guardians")) {
      assertThat(
              driver.findElements(
                  By.cssSelector(
                      "#versions-body tr[data-field='" + same + "'] td[data-changed='true']")))
          .as("%s is not marked", same)
          .isEmpty();
    }
    assertThat(
            driver
                .findElement(By.cssSelector("#versions-body tr[data-field='dateOfBirth'] td"))
                .getText())
        .isEqualTo("14/03/2019");
    assertThat(driver.findElement(By.cssSelector("#versions-head th[data-version='2']")).getText())
        .as("the version names the change that made it")
        .contains("ke.registrar.otieno")
        .contains(REASON);
  }

  @Test
  void auditor_seesTheLedgerChanges_andIsNotOfferedTheVersions() {
    ChildNumber child = demo.children().get(REGISTERED);
    loginAs(Role.AUDITOR);
    driver.get(baseUrl + "/app/history.html?child=" + child);

    awaitText(By.id("history-child-title"), child.toString());
    await(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#changes-body tr[data-kind='DECIDE_DECLARATION']")));
    assertThat(driver.findElement(By.id("versions-section")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("changes-body")).getText()).doesNotContain("Amina");
  }
}
