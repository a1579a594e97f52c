package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import org.haven.core.identity.Role;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The registrar's search by names and date of birth, and the node's problems said in the page's
 * language, in French: results show dates as dd/mm/yyyy and open the record; a refused search and a
 * child that is not on the ledger are explained in French, the node's English detail kept out of
 * sight.
 */
class ChildSearchBrowserTest extends BrowserTestBase {
  private static final String REGISTERED = "registered, mother linked";
  private static final String VARIANT = "possible duplicate, awaiting review";

  private static void inFrench() {
    new Select(driver.findElement(By.id("language"))).selectByValue("fr");
    await(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "fr"));
    awaitText(By.id("logout"), "Se déconnecter");
  }

  private static void search(String names, String born) {
    type(By.id("search-names"), names);
    setValue(By.id("search-born"), born);
    type(By.id("search-purpose"), "la mère demande une copie de la carte");
    driver.findElement(By.id("search-submit")).click();
  }

  @Test
  void registrar_findsBothSpellingsInFrench_withDatesDayMonthYear_andOpensTheRecord() {
    ChildNumber amina = demo.children().get(REGISTERED);
    ChildNumber aminah = demo.children().get(VARIANT);
    loginAs(Role.REGISTRAR);
    inFrench();

    search("AMINAH wanjiru", "2019-03-14");

    awaitText(By.id("search-summary"), "Enfants trouvés : 2");
    List<WebElement> rows = driver.findElements(By.cssSelector("#search-rows tr"));
    assertThat(rows)
        .extracting(row -> row.getAttribute("data-child"))
        .containsExactlyInAnyOrder(amina.toString(), aminah.toString());
    for (WebElement row : rows) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      assertThat(cells.get(1).getText()).containsIgnoringCase("wanjiru");
      assertThat(cells.get(2).getText()).isEqualTo("14/03/2019");
    }
    driver
        .findElement(By.cssSelector("#search-rows tr[data-child='" + amina + "'] button"))
        .click();
    awaitText(By.id("child-title"), amina.display());
  }

  @Test
  void refusedSearch_andUnknownChild_areExplainedInFrench_withoutTheNodesEnglish() {
    loginAs(Role.REGISTRAR);
    inFrench();

    search("A", "2019-03-14");
    WebElement message = awaitText(By.id("registrar-message"), "une règle du registre refuse");
    assertThat(message.getText())
        .contains("Noms")
        .doesNotContain("initials")
        .doesNotContain("letters");
    assertThat(
            driver.findElement(By.cssSelector("#registrar-message details")).getAttribute("open"))
        .as("the node's own words stay folded")
        .isNull();
    assertThat(driver.findElement(By.id("search-names")).getAttribute("aria-invalid"))
        .isEqualTo("true");

    ChildNumber unknown = ChildNumber.generate(new SecureRandom());
    type(By.id("find-number"), unknown.display());
    driver.findElement(By.id("find-submit")).click();
    message = awaitText(By.id("registrar-message"), "Vérifiez le numéro");
    assertThat(message.getText()).doesNotContain("ledger").doesNotContain("declare the child");
  }
}
