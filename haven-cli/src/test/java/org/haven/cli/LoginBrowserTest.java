package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.haven.core.identity.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The landing page: demo logins, login into each role's workspace, and refusals on the page. */
class LoginBrowserTest extends BrowserTestBase {

  @Test
  void landingPage_listsDemoLoginsForEveryRole() {
    driver.get(baseUrl + "/");
    await(ExpectedConditions.visibilityOfElementLocated(By.id("demo-logins")));
    String table = driver.findElement(By.id("demo-officers")).getText();
    for (String officer :
        new String[] {
          "ke.fieldagent.wanjiru",
          "ke.registrar.otieno",
          "ke.border.kamau",
          "unicef.caseworker.achieng",
          "unicef.auditor.mwangi",
          "ke-civil-registry.admin"
        }) {
      assertThat(table).contains(officer);
    }
    assertThat(driver.findElement(By.id("demo-password")).getText())
        .isEqualTo(DemoCommand.DEMO_PASSWORD);
  }

  @Test
  void eachRole_landsInItsOwnWorkspace() {
    String[][] expected = {
      {"FIELD_AGENT", "field.html"},
      {"REGISTRAR", "registrar.html"},
      {"CASE_WORKER", "case.html"},
      {"BORDER_OFFICER", "border.html"},
      {"AUDITOR", "auditor.html"},
    };
    for (String[] roleAndPage : expected) {
      startLoggedOut();
      loginAs(Role.valueOf(roleAndPage[0]));
      assertThat(driver.getCurrentUrl()).endsWith("/app/" + roleAndPage[1]);
    }
  }

  @Test
  void wrongPassword_isSaidOnThePage() {
    driver.get(baseUrl + "/app/");
    type(By.id("officer"), "ke.registrar.otieno");
    type(By.id("password"), "not the password at all");
    driver.findElement(By.id("login-submit")).click();
    awaitText(By.id("login-message"), "Wrong officer id or password");
    assertThat(driver.getCurrentUrl()).endsWith("/app/");
    assertThat(csrfToken()).isEmpty();
  }
}
