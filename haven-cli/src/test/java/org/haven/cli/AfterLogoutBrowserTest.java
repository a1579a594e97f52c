package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.haven.core.identity.Role;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A shared computer after logout or the idle timeout: Back shows nothing of the child whose record
 * the officer had open, and the browser keeps nothing of it (docs/web-app.md, "After logout").
 */
class AfterLogoutBrowserTest extends BrowserTestBase {
  private static final String REGISTERED = "registered, mother linked";

  /** Everything the page holds: its markup and the values of its inputs, which Back may restore. */
  private static final String EVERYTHING_SHOWN =
      "return document.documentElement.outerHTML + ' '"
          + " + [...document.querySelectorAll('input, select, textarea')]"
          + ".map(input => input.value).join(' ');";

  @Test
  void backAfterLogout_showsNoNameAndNoDateOfBirth() {
    List<String> personal = openPersonalData(demo.children().get(REGISTERED));
    // The child's page stays in the history behind the next workspace the officer opens.
    driver.findElement(By.cssSelector("#bar a[href='consent.html']")).click();
    await(ExpectedConditions.urlContains("consent.html"));
    await(ExpectedConditions.elementToBeClickable(By.id("logout"))).click();
    await(ExpectedConditions.urlContains("loggedOut=1"));

    driver.navigate().back();

    // Logging out replaced the consent page; Back reaches the child's page, loaded afresh without
    // a session, which forgets itself and goes to the login page.
    await(ExpectedConditions.urlContains("ended=1"));
    await(ExpectedConditions.visibilityOfElementLocated(By.id("login-submit")));
    String shown = (String) js(EVERYTHING_SHOWN);
    for (String value : personal) {
      assertThat(shown).as("the page after Back").doesNotContain(value);
    }
    assertThat(
            js(
                "return sessionStorage.length + Object.keys(localStorage)"
                    + ".filter(k => k.includes('/')).length"))
        .isEqualTo(0L);
  }

  @Test
  void idleTimeout_clearsThePage_andTheTabsSession() {
    List<String> personal = openPersonalData(demo.children().get(REGISTERED));

    // The page's clock jumps past the node's idle timeout, as if the officer had walked away.
    js("const now = Date.now; Date.now = () => now() + 31 * 60 * 1000;");

    await(ExpectedConditions.urlContains("ended=1"));
    awaitText(By.id("login-message"), "session has ended");
    String shown = (String) js(EVERYTHING_SHOWN);
    for (String value : personal) {
      assertThat(shown).as("the page after the idle timeout").doesNotContain(value);
    }
    assertThat(js("return sessionStorage.length")).isEqualTo(0L);
    driver.navigate().back();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("login-submit")));
    assertThat(driver.getCurrentUrl()).doesNotContain("registrar");
    assertThat((String) js(EVERYTHING_SHOWN)).doesNotContain(personal.get(0));
  }

  @Test
  void idleTimeout_keepsOnlyTheDeclarationsTheNodeNeverGot() {
    String agent = loginAs(Role.FIELD_AGENT).id().value();
    String key = "haven." + agent + "/field.queue";
    js(
        "localStorage.setItem(arguments[0], JSON.stringify(["
            + "{id: 'a', state: 'waiting', declaration: {child: {givenNames: 'Unsent'}}},"
            + "{id: 'b', state: 'refused', declaration: {child: {givenNames: 'Refused'}}},"
            + "{id: 'c', state: 'sent', childNumber: '1'}]));"
            + "const now = Date.now; Date.now = () => now() + 31 * 60 * 1000;",
        key);

    await(ExpectedConditions.urlContains("ended=1"));
    String kept = (String) js("return localStorage.getItem(arguments[0]);", key);
    assertThat(kept).contains("Unsent").doesNotContain("Refused").doesNotContain("\"c\"");

    loginAs(agent);
    driver.findElement(By.id("logout")).click();
    await(ExpectedConditions.urlContains("loggedOut=1"));
    assertThat(js("return localStorage.getItem(arguments[0]);", key)).isNull();
  }

  /**
   * Logs in as a registrar, opens the child and reads their personal data with a purpose (an
   * audited read); returns the names and date of birth the page shows.
   */
  private List<String> openPersonalData(ChildNumber child) {
    openRecordAsRegistrar(child);
    showPersonalData();
    List<String> personal =
        List.of(
            driver.findElement(By.id("correct-given")).getAttribute("value"),
            driver.findElement(By.id("correct-family")).getAttribute("value"),
            driver.findElement(By.id("correct-born")).getAttribute("value"));
    assertThat(personal).allSatisfy(value -> assertThat(value).isNotBlank());
    return personal;
  }
}
