package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.registry.ChildStatus;
import org.haven.core.tx.ChangeChildStatus;
import org.haven.core.tx.Transaction;
import org.haven.node.auth.OfficerCredential;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The org admin's workspace in Chromium against a real demo node: enrol an officer, rotate the
 * officer's key, deactivate an officer, propose a governance change; the password rules come from
 * the node and are shown first; bad input, a forbidden action and a dismissed confirmation change
 * nothing. The attacks on deactivation go through the node's real API.
 */
class AdminBrowserTest extends BrowserTestBase {
  private static final String NEW_PASSWORD = "a long new password 42";
  private static final String BORDER_ORG = "ke-civil-registry";

  /** Logs in as the admin of the demo border officer's organisation. */
  private void loginAsTheBorderOfficersAdmin() {
    loginAs(adminOfTheOfficerWith(Role.BORDER_OFFICER));
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

  @Test
  void thePasswordRules_comeFromTheNode_andATooShortPasswordIsRefusedInThePage() {
    loginAsTheBorderOfficersAdmin();
    awaitText(By.id("officers"), officerWith(Role.BORDER_OFFICER));
    String rules =
        "A password has "
            + OfficerCredential.MIN_PASSWORD_LENGTH
            + " to "
            + OfficerCredential.MAX_PASSWORD_LENGTH
            + " characters.";
    assertThat(driver.findElement(By.cssSelector("#enrol-form [data-password-rules]")).getText())
        .as("shown before anything is typed")
        .isEqualTo(rules);
    driver.findElement(By.id("password-open")).click();
    assertThat(driver.findElement(By.id("password-rules")).getText()).startsWith(rules);
    driver.findElement(By.id("password-close")).click();
    long before = ledgerSize();

    type(By.id("enrol-id"), "ke.border.shortpass");
    type(By.id("enrol-password"), "ŝhort one");
    type(By.id("enrol-confirm"), "ŝhort one");
    driver.findElement(By.id("enrol-submit")).click();

    awaitText(
        By.id("admin-message"),
        "The password has 9 characters; it must have "
            + OfficerCredential.MIN_PASSWORD_LENGTH
            + " to "
            + OfficerCredential.MAX_PASSWORD_LENGTH
            + ".");
    assertThat(driver.findElement(By.id("enrol-password")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    assertThat(ledgerSize()).as("nothing was enrolled").isEqualTo(before);
    assertThat(driver.findElement(By.id("officers")).getText())
        .doesNotContain("ke.border.shortpass");
  }

  @Test
  void theAdminsOwnRow_offersNoKeyRotationOrDeactivation_andTheNodeRefusesBoth() {
    loginAsTheBorderOfficersAdmin();
    String admin = BORDER_ORG + ".admin";
    By own = By.cssSelector("tr[data-officer='" + admin + "']");
    awaitText(own, "another admin of your organisation");
    assertThat(driver.findElement(own).findElements(By.tagName("button"))).isEmpty();
    long before = ledgerSize();

    Map<String, Object> deactivated =
        fetchInPage(
            "POST",
            "/api/v1/officers/" + admin + "/deactivate",
            csrfToken().orElseThrow(),
            "{\"reason\": \"leaving\"}");
    Map<String, Object> rotated =
        fetchInPage(
            "POST",
            "/api/v1/officers/" + admin + "/key",
            csrfToken().orElseThrow(),
            "{\"password\": \"" + NEW_PASSWORD + "\"}");

    assertThat(deactivated.get("status")).as("%s", deactivated).isEqualTo(409L);
    assertThat(rotated.get("status")).as("%s", rotated).isEqualTo(409L);
    assertThat(ledgerSize()).isEqualTo(before);
  }

  @Test
  void admin_deactivatesAnOfficer_afterConfirming_andTheOfficerCanNoLongerLogInOrAct()
      throws Exception {
    String leaving = "ke.border.leaving";
    enrolThroughTheApi(leaving);
    NodeClient openBefore = nodeAs(leaving);
    loginAsTheBorderOfficersAdmin();
    By row = By.cssSelector("tr[data-officer='" + leaving + "']");
    awaitText(row, "Active");
    long before = ledgerSize();

    driver.findElement(By.cssSelector("button[data-deactivate='" + leaving + "']")).click();
    driver.findElement(By.id("deactivate-submit")).click();
    awaitText(By.id("admin-message"), "Enter a reason");
    type(By.id("deactivate-reason"), "left the border service");
    driver.findElement(By.id("deactivate-submit")).click();
    confirm(false);
    assertThat(ledgerSize()).as("nothing without a confirmation").isEqualTo(before);
    assertThat(driver.findElement(row).getText()).contains("Active");

    driver.findElement(By.id("deactivate-submit")).click();
    confirm(true);

    awaitText(By.id("admin-message"), leaving + " is deactivated on the ledger");
    awaitText(row, "Deactivated");
    assertThat(driver.findElements(By.cssSelector("button[data-deactivate='" + leaving + "']")))
        .isEmpty();
    assertThat(loginStatus(leaving)).isEqualTo(401);
    assertThatThrownBy(() -> openBefore.get(NodeClient.Route.of("session")))
        .isInstanceOfSatisfying(
            NodeProblemException.class, refused -> assertThat(refused.status()).isEqualTo(401));
  }

  @Test
  void anAdminOfAnotherOrganisation_cannotDeactivateOurOfficer() throws Exception {
    String officer = "ke.border.targeted";
    enrolThroughTheApi(officer);
    NodeClient otherAdmin = nodeAs("unicef-esaro.admin");
    long before = ledgerSize();

    assertThatThrownBy(
            () ->
                otherAdmin.post(
                    NodeClient.Route.of("officers", officer, "deactivate"),
                    new ObjectMapper().createObjectNode().put("reason", "hostile takeover")))
        .isInstanceOfSatisfying(
            NodeProblemException.class,
            refused -> {
              assertThat(refused.status()).isEqualTo(403);
              assertThat(refused.reason()).contains("OUTSIDE_ORGANISATION");
            });

    assertThat(ledgerSize()).isEqualTo(before);
    assertThat(loginStatus(officer)).as("the officer still logs in").isEqualTo(200);
  }

  @Test
  void aDeactivatedOfficersPreSignedTransaction_isRefusedByTheValidator() throws Exception {
    Officer registrar =
        demo.ledger().newOfficer("ke.registrar.presigned", BORDER_ORG, Role.REGISTRAR, "KE");
    assertThat(
            demo.node()
                .submit(demo.ledger().enrol(registrar).encoded())
                .get(60, TimeUnit.SECONDS)
                .result()
                .accepted())
        .isTrue();
    Transaction signedBefore =
        demo.ledger()
            .signedBy(
                registrar.id(),
                new ChangeChildStatus(
                    demo.children().get("registered, mother linked"),
                    ChildStatus.SUSPENDED,
                    "signed before the officer left"));
    NodeClient admin = nodeAs(BORDER_ORG + ".admin");
    admin.post(
        NodeClient.Route.of("officers", registrar.id().value(), "deactivate"),
        new ObjectMapper().createObjectNode().put("reason", "left the registry"));
    long before = ledgerSize();

    assertThatThrownBy(
            () ->
                admin.post(
                    NodeClient.Route.of("transactions"),
                    signedBefore.encoded().toArray(),
                    "application/octet-stream"))
        .isInstanceOfSatisfying(
            NodeProblemException.class,
            refused -> assertThat(refused.reason()).contains("INACTIVE_SIGNER"));
    assertThat(ledgerSize()).as("nothing was written").isEqualTo(before);
  }

  @Test
  void proposingToRemoveAMember_asksFirst_andDismissedSendsNothing() {
    loginAsTheBorderOfficersAdmin();
    awaitText(By.id("officers"), officerWith(Role.BORDER_OFFICER));
    long before = ledgerSize();

    new Select(driver.findElement(By.id("propose-kind"))).selectByValue("REMOVE_MEMBER");
    type(By.id("propose-organisation"), "unicef-esaro");
    type(By.id("propose-reason"), "left the consortium by letter of 1 December");
    driver.findElement(By.id("propose-submit")).click();
    await(ExpectedConditions.alertIsPresent());
    assertThat(driver.switchTo().alert().getText()).contains("remove member unicef-esaro");
    confirm(false);

    assertThat(ledgerSize()).as("nothing was proposed").isEqualTo(before);
    assertThat(driver.findElement(By.id("proposals")).getText()).doesNotContain("unicef-esaro");
  }

  /** Enrols a border officer of the border officer's organisation through the admin's API. */
  private static void enrolThroughTheApi(String officer) throws InterruptedException {
    ObjectNode enrolment =
        new ObjectMapper()
            .createObjectNode()
            .put("id", officer)
            .put("role", "BORDER_OFFICER")
            .put("jurisdiction", "KE")
            .put("password", DemoCommand.DEMO_PASSWORD);
    nodeAs(BORDER_ORG + ".admin").post(NodeClient.Route.of("officers"), enrolment);
  }

  /** The status of a login as {@code officer} with the demo password. */
  private static int loginStatus(String officer) throws InterruptedException {
    ObjectNode login =
        new ObjectMapper()
            .createObjectNode()
            .put("officer", officer)
            .put("password", DemoCommand.DEMO_PASSWORD);
    try {
      NodeClient.anonymous(URI.create(baseUrl), NodeTrust.SYSTEM)
          .post(NodeClient.Route.of("session"), login);
      return 200;
    } catch (NodeProblemException refused) {
      return refused.status();
    }
  }
}
