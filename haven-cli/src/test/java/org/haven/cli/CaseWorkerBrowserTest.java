package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.haven.core.identity.Role;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.node.registry.RegistryService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Journey 4: a case worker opens a child's case with a purpose and raises an alert. */
class CaseWorkerBrowserTest extends BrowserTestBase {
  private static final String REGISTERED = "registered, mother linked";

  @Test
  void caseWorker_opensACaseWithAPurpose_seesTheTimeline_raisesAnAlert_andResolvesItWithAReason() {
    ChildNumber child = demo.children().get(REGISTERED);
    assertThat(demo.node().registry().child(child).alert()).isEmpty();
    loginAs(Role.CASE_WORKER);
    type(By.id("open-number"), child.display());
    type(By.id("open-purpose"), "family reports the child did not come home");
    driver.findElement(By.id("open-submit")).click();
    awaitText(By.id("child-title"), child.display());

    assertThat(driver.findElement(By.id("timeline")).getText()).contains("School check-in");
    assertThat(driver.findElements(By.cssSelector("#timeline-chart svg rect"))).hasSize(1);
    assertThat(driver.findElement(By.cssSelector("#timeline-chart svg")).getAttribute("aria-label"))
        .startsWith("Events per day: ");

    setValue(By.id("alert-priority"), "CRITICAL");
    type(By.id("alert-contact"), "Child Helpline 116, desk 2");
    driver.findElement(By.id("alert-raise")).click();
    awaitText(By.id("case-message"), "Alert raised");

    RegistryService.ChildView view = demo.node().registry().child(child);
    assertThat(view.alert())
        .hasValueSatisfying(
            alert -> {
              assertThat(alert.open()).isTrue();
              assertThat(alert.priority()).isEqualTo(AlertPriority.CRITICAL);
            });
    await(ExpectedConditions.textToBePresentInElementLocated(By.id("alerts"), child.toString()));
    assertThat(driver.findElement(By.id("alert-resolve")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("child-summary")).getText()).contains("Missing");

    long before = ledgerSize();
    driver.findElement(By.id("alert-resolve")).click();
    awaitText(By.id("case-message"), "Why it is resolved");
    assertThat(ledgerSize()).as("a resolution without a reason is not sent").isEqualTo(before);
    type(By.id("alert-reason"), "found safe with her mother");
    driver.findElement(By.id("alert-resolve")).click();
    // "Alert resolved", not the refusal still shown ("Why it is resolved"): wait for the answer.
    awaitText(By.id("case-message"), "Alert resolved");
    assertThat(demo.node().registry().child(child).alert())
        .hasValueSatisfying(alert -> assertThat(alert.open()).isFalse());
  }

  @Test
  void openingACase_withoutAPurpose_isRefusedOnThePage_andNothingIsRead() {
    ChildNumber child = demo.children().get(REGISTERED);
    loginAs(Role.CASE_WORKER);
    long before = ledgerSize();
    type(By.id("open-number"), child.display());
    driver.findElement(By.id("open-submit")).click();

    awaitText(By.id("case-message"), "Give the purpose of this access first");
    assertThat(driver.findElement(By.id("child")).isDisplayed()).isFalse();
    assertThat(ledgerSize()).as("no read was recorded").isEqualTo(before);
  }
}
