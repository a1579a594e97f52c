package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The org admin's workspace in Chromium against a real demo node: enrol an officer, rotate the
 * officer's key, propose a governance change; bad input and a forbidden action change nothing.
 */
class AdminBrowserTest extends BrowserTestBase {
  private static final String NEW_PASSWORD = "a long new password 42";

  /** Logs in as the admin of the demo border officer's organisation (genesis names it so). */
  private void loginAsTheBorderOfficersAdmin() {
    Officer border =
        demo.officers().stream()
            .filter(officer -> officer.role() == Role.BORDER_OFFICER)
            .findFirst()
            .orElseThrow();
    loginAs(border.org().value() + ".admin");
  }

  @Test
  void admin_enrolsAnOfficer_rotatesTheKey_andProposesAChange() {
    loginAsTheBorderOfficersAdmin();
    awaitText(By.id("officers"), officerWith(Role.BORDER_OFFICER));

    type(By.id("enrol-id"), "ke.border.wekesa");
    new Select(driver.findElement(By.id("enrol-role"))).selectByValue("BORDER_OFFICER");
    type(By.id("enrol-password"), NEW_PASSWORD);
    type(By.id("enrol-confirm"), NEW_PASSWORD);
    driver.findElement(By.id("enrol-submit")).click();
    awaitText(By.id("admin-message"), "ke.border.wekesa is enrolled on the ledger");
    By row = By.cssSelector("tr[data-officer='ke.border.wekesa']");
    String keyBefore = driver.findElement(row).findElement(By.className("hash")).getText();

    driver.findElement(By.cssSelector("button[data-rotate='ke.border.wekesa']")).click();
    type(By.id("rotate-password"), NEW_PASSWORD);
    type(By.id("rotate-confirm"), NEW_PASSWORD);
    driver.findElement(By.id("rotate-submit")).click();
    awaitText(By.id("admin-message"), "ke.border.wekesa has a new key on the ledger");
    assertThat(driver.findElement(row).findElement(By.className("hash")).getText())
        .isNotEqualTo(keyBefore);

    new Select(driver.findElement(By.id("propose-kind"))).selectByValue("SET_CONSENT_RULE");
    new Select(driver.findElement(By.id("propose-guardians"))).selectByValue("2");
    type(By.id("propose-reason"), "ruling of the family court 12/2026");
    driver.findElement(By.id("propose-submit")).click();
    awaitText(By.id("admin-message"), "The proposal");
    assertThat(driver.findElement(By.id("proposals")).getText())
        .contains(
            "In KE, 2 guardian(s) must consent to travel (ruling of the family court 12/2026)");
  }

  @Test
  void mismatchedPasswords_sayWhat_andEnrolNobody() {
    loginAsTheBorderOfficersAdmin();
    awaitText(By.id("officers"), officerWith(Role.BORDER_OFFICER));
    int officers = driver.findElements(By.cssSelector("#officers tbody tr")).size();

    type(By.id("enrol-id"), "ke.border.typo");
    type(By.id("enrol-password"), NEW_PASSWORD);
    type(By.id("enrol-confirm"), NEW_PASSWORD + "!");
    driver.findElement(By.id("enrol-submit")).click();

    awaitText(By.id("admin-message"), "The two passwords differ");
    assertThat(driver.findElement(By.id("enrol-confirm")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    driver.navigate().refresh();
    awaitText(By.id("officers"), officerWith(Role.BORDER_OFFICER));
    assertThat(driver.findElements(By.cssSelector("#officers tbody tr"))).hasSize(officers);
    assertThat(driver.findElement(By.id("officers")).getText()).doesNotContain("ke.border.typo");
  }

  @Test
  void anAuditor_isNotOfferedTheAdminWorkspace_andTheNodeRefusesAnEnrolment() {
    loginAs(Role.AUDITOR);
    driver.get(baseUrl + "/app/admin.html");
    awaitText(By.tagName("main"), "Not your workspace");
    assertThat(driver.findElements(By.id("enrol-submit"))).isEmpty();

    Map<String, Object> refused =
        fetchInPage(
            "POST",
            "/api/v1/officers",
            csrfToken().orElseThrow(),
            "{\"id\": \"ke.border.intruder\", \"role\": \"BORDER_OFFICER\","
                + " \"jurisdiction\": \"KE\", \"password\": \""
                + NEW_PASSWORD
                + "\"}");
    assertThat(refused.get("status")).isEqualTo(403L);
  }
}
