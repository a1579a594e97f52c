package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.haven.core.identity.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The field page on a phone 390 CSS pixels wide does not scroll sideways with the late
 * declaration's fields shown, measured as the document's width against the viewport's (every
 * workspace as it opens: {@link WorkspacesJourneyBrowserTest}).
 */
class PhoneWidthBrowserTest extends BrowserTestBase {
  @AfterEach
  void deskAgain() {
    deskWidth();
  }

  @Test
  void fieldPage_atPhoneWidth_doesNotScrollSideways() throws Exception {
    loginAs(Role.FIELD_AGENT);
    screenshot("field-late", DESK);

    emulateWidth(PHONE);
    driver.navigate().refresh();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("declare-submit")));
    // The late declaration's attestors widen nothing either.
    driver.findElement(By.id("late")).click();
    setValue(By.id("evidence"), "TWO_WITNESSES");

    assertThat(viewportWidth()).isEqualTo(PHONE);
    assertThat(documentWidth())
        .as("the document's width at %d px; wider: %s", PHONE, widerThanTheViewport())
        .isLessThanOrEqualTo(PHONE);
    screenshot("field-late", PHONE);
  }
}
