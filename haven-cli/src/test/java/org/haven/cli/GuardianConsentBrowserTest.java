package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.haven.core.identity.Role;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A registrar records a guardian's travel consent and gets its QR to print. */
class GuardianConsentBrowserTest extends BrowserTestBase {

  @Test
  void registrar_recordsAGuardiansConsent_andShowsItsQrToPrint() {
    ChildNumber child = demo.children().get("registered, mother linked");
    assertThat(demo.node().registry().consents(child)).isEmpty();
    loginAs(Role.REGISTRAR);
    driver.get(baseUrl + "/app/consent.html");
    await(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));

    type(By.id("consent-child"), child.display());
    setValue(By.id("guardian-type"), "NATIONAL_ID");
    type(By.id("guardian-number"), "28713645");
    setValue(By.id("companion-type"), "PASSPORT");
    type(By.id("companion-number"), "PA4417302");
    type(By.id("companion-country"), "KE");
    type(By.id("consent-destinations"), "UG, TZ");
    setValue(By.id("consent-until"), LocalDate.now().plusDays(30).toString());
    type(By.id("consent-reference"), "form TC-2026-0042");
    driver.findElement(By.id("consent-submit")).click();

    awaitText(By.id("consent-message"), "recorded on the ledger");
    assertThat(driver.findElement(By.id("consent-qr")).getAttribute("src"))
        .startsWith("data:image/png;base64,");
    assertThat(demo.node().registry().consents(child)).hasSize(1);
    String id = demo.node().registry().consents(child).get(0).id().toHex();
    assertThat(driver.findElement(By.id("consent-id")).getText()).isEqualTo(id);
    awaitText(By.id("consents"), "form TC-2026-0042");
    assertThat(driver.findElement(By.id("consents")).getText()).contains("UG, TZ", "Active");
  }

  @Test
  void consentFromAGuardianNotLinkedToTheChild_isRefusedOnThePage_andNothingIsRecorded() {
    ChildNumber child = demo.children().get("registered, reported missing");
    loginAs(Role.REGISTRAR);
    driver.get(baseUrl + "/app/consent.html");
    await(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
    long before = ledgerSize();

    type(By.id("consent-child"), child.display());
    type(By.id("guardian-number"), "99999999");
    type(By.id("companion-number"), "PA4417302");
    type(By.id("companion-country"), "KE");
    type(By.id("consent-destinations"), "UG");
    setValue(By.id("consent-until"), LocalDate.now().plusDays(30).toString());
    type(By.id("consent-reference"), "form TC-2026-0043");
    driver.findElement(By.id("consent-submit")).click();

    await(ExpectedConditions.attributeContains(By.id("consent-message"), "class", "error"));
    assertThat(driver.findElement(By.id("consent-message")).getText()).isNotBlank();
    assertThat(driver.findElement(By.id("consent-result")).isDisplayed()).isFalse();
    assertThat(demo.node().registry().consents(child)).isEmpty();
    assertThat(ledgerSize()).isEqualTo(before);
  }
}
