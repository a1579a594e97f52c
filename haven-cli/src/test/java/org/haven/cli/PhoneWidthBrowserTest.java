package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.haven.core.identity.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The field page on a phone 390 CSS pixels wide does not scroll sideways, measured as the
 * document's width against the viewport's; and a screenshot of each workspace this page set
 * touches, at a desk and at phone width, is kept in {@code target/screenshots/}.
 */
class PhoneWidthBrowserTest extends BrowserTestBase {
  private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  private static final int PHONE = 390;
  private static final int DESK = 1280;

  @AfterEach
  void deskAgain() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  @Test
  void fieldPage_atPhoneWidth_doesNotScrollSideways() throws Exception {
    loginAs(Role.FIELD_AGENT);
    screenshot("field", DESK);

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
    screenshot("field", PHONE);
  }

  @Test
  void registrarAndConsentWorkspaces_areKeptAsScreenshots_atDeskAndPhoneWidth() throws Exception {
    loginAs(Role.REGISTRAR);
    for (String workspace : new String[] {"registrar", "consent"}) {
      driver.get(baseUrl + "/app/" + workspace + ".html");
      await(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
      screenshot(workspace, DESK);
      emulateWidth(PHONE);
      driver.navigate().refresh();
      await(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
      assertThat(viewportWidth()).isEqualTo(PHONE);
      screenshot(workspace, PHONE);
      deskAgain();
    }
    assertThat(Files.list(SCREENSHOTS).count()).isGreaterThanOrEqualTo(4);
  }

  /** The viewport as a phone's: {@code width} CSS pixels wide, touch, device pixel ratio 1. */
  private static void emulateWidth(int width) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", 844, "deviceScaleFactor", 1, "mobile", true));
  }

  private static long viewportWidth() {
    return ((Number) js("return document.documentElement.clientWidth;")).longValue();
  }

  private static long documentWidth() {
    return ((Number) js("return document.documentElement.scrollWidth;")).longValue();
  }

  /** The elements that reach past the viewport's right edge, to name them when the test fails. */
  private static Object widerThanTheViewport() {
    return js(
        "const w = document.documentElement.clientWidth;"
            + " return [...document.querySelectorAll('body *')]"
            + ".filter(e => e.getBoundingClientRect().right > w + 0.5)"
            + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' '"
            + " + Math.round(e.getBoundingClientRect().right)).slice(0, 12).join(', ');");
  }

  /** Saves the whole page as {@code <workspace>-<width>.png}. */
  private static void screenshot(String workspace, int width) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Files.write(
        SCREENSHOTS.resolve(workspace + "-" + width + ".png"),
        driver.getScreenshotAs(OutputType.BYTES));
  }
}
