package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.haven.core.identity.Role;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Refusals as an officer meets them: each gives a readable message on the page and changes nothing
 * on the ledger. (A wrong password is in LoginBrowserTest, a missing field in
 * FieldAgentBrowserTest, refused uploads in RegistrarBrowserTest.)
 */
class BadInputBrowserTest extends BrowserTestBase {
  private static final String LATE = "late declaration, awaiting decision";

  @Test
  void endedSession_sendsTheOfficerToLogin_sayingSo_andChangesNothing() {
    ChildNumber child = demo.children().get(LATE);
    openDeclaration(child);
    long before = ledgerSize();
    Map<String, Object> ended =
        fetchInPage("DELETE", "/api/v1/session", csrfToken().orElseThrow(), null);
    assertThat(ended.get("status")).isEqualTo(204L);

    type(By.id("decide-reason"), "birth notification verified");
    driver.findElement(By.id("decide-register")).click();

    awaitText(By.id("login-message"), "Your session has ended");
    assertThat(driver.getCurrentUrl()).contains("/app/index.html?ended=1");
    assertThat(demo.node().registry().child(child).record().status())
        .isEqualTo(ChildStatus.DECLARED);
    assertThat(ledgerSize()).isEqualTo(before);
  }

  @Test
  void postWithoutTheCsrfToken_isRefused_withAReadableMessage_andChangesNothing() {
    ChildNumber child = demo.children().get(LATE);
    openDeclaration(child);
    long before = ledgerSize();

    Map<String, Object> bare =
        fetchInPage(
            "POST",
            "/api/v1/children/" + child + "/decision",
            null,
            "{\"decision\": \"REGISTER\", \"reason\": \"no token\"}");
    assertThat(bare.get("status")).isEqualTo(403L);
    assertThat((String) bare.get("body")).contains("X-CSRF-Token");

    js(
        "const s = JSON.parse(sessionStorage.getItem('haven.session'));"
            + " s.csrfToken = 'a-token-from-another-session';"
            + " sessionStorage.setItem('haven.session', JSON.stringify(s));");
    type(By.id("decide-reason"), "birth notification verified");
    driver.findElement(By.id("decide-register")).click();

    String shown = awaitText(By.id("registrar-message"), "not allowed").getText();
    assertThat(shown).contains("reload the page");
    assertThat(demo.node().registry().child(child).record().status())
        .isEqualTo(ChildStatus.DECLARED);
    assertThat(ledgerSize()).isEqualTo(before);
  }

  @Test
  void forbiddenAction_isNotOffered_andTheLedgerRefusesItAnyway() {
    ChildNumber child = demo.children().get(LATE);
    loginAs(Role.FIELD_AGENT);
    long before = ledgerSize();

    driver.get(baseUrl + "/app/registrar.html");
    awaitText(By.tagName("main"), "Not your workspace");
    assertThat(driver.findElement(By.tagName("main")).getText())
        .contains("not open to a Field agent");
    assertThat(driver.findElements(By.id("decide-register"))).isEmpty();
    assertThat(driver.findElement(By.id("bar")).getText()).doesNotContain("Registry");

    Map<String, Object> refused =
        fetchInPage(
            "POST",
            "/api/v1/children/" + child + "/decision",
            csrfToken().orElseThrow(),
            "{\"decision\": \"REGISTER\", \"reason\": \"not mine to decide\"}");
    assertThat(refused.get("status")).isEqualTo(403L);
    assertThat((String) refused.get("body")).contains("ROLE_NOT_PERMITTED");
    assertThat(demo.node().registry().child(child).record().status())
        .isEqualTo(ChildStatus.DECLARED);
    assertThat(ledgerSize()).isEqualTo(before);
  }

  private void openDeclaration(ChildNumber child) {
    loginAs(Role.REGISTRAR);
    By open = By.cssSelector("#declarations tr[data-child='" + child + "'] button");
    await(ExpectedConditions.elementToBeClickable(open)).click();
    awaitText(By.id("child-title"), child.display());
  }
}
