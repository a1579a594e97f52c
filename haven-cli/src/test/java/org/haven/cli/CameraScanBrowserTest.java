package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.haven.card.qr.QrCodes;
import org.haven.core.identity.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * "Scan with the camera" on the border page, with Chromium's fake camera playing a film of a real
 * card's QR code (and of a real consent's): the page shows the live picture, keeps looking through
 * the empty part of the film, and reads the code in the page with the vendored jsQR (the page's
 * BarcodeDetector, where Chromium has one, is removed first so that the vendored reader is the one
 * tested). The card read from the camera is then checked and its holder shown.
 */
class CameraScanBrowserTest extends BrowserTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Pixels per QR module in the film: a phone held close enough to a printed card. */
  private static final int MODULE_PIXELS = 5;

  private static String cardText;
  private static String consentText;
  private static Path cardFilm;
  private static Path consentFilm;

  @BeforeAll
  static void filmACardAndAConsent() throws Exception {
    String child =
        demo.children().get("registered, mother linked").toString().replaceAll("[^0-9]", "");
    NodeClient registrar = nodeAs(officerWith(Role.REGISTRAR));
    cardText =
        registrar
            .post(NodeClient.Route.of("children", child, "card"), JSON.createObjectNode())
            .get("qr")
            .asText();
    ObjectNode consent =
        JSON.createObjectNode()
            .put("validFrom", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString())
            .put("validUntil", LocalDate.now(ZoneOffset.UTC).plusDays(30).toString())
            .put("multipleTrips", false)
            .put("reference", "form TC-2026-0202");
    consent
        .putObject("companion")
        .put("type", "PASSPORT")
        .put("number", "B7654321")
        .put("country", "UG");
    consent.putArray("destinations").add("UG");
    consent
        .putArray("grantedBy")
        .addObject()
        .put("type", "NATIONAL_ID")
        .put("number", "28713645")
        .put("country", "KE");
    consentText =
        registrar
            .post(NodeClient.Route.of("children", child, "consents"), consent)
            .get("qr")
            .asText();
    cardFilm =
        FakeCamera.film(QrCodes.render(cardText, MODULE_PIXELS), dataDir.resolve("card.y4m"));
    consentFilm =
        FakeCamera.film(QrCodes.render(consentText, MODULE_PIXELS), dataDir.resolve("consent.y4m"));
  }

  @Test
  void cameraScan_showsTheLivePicture_readsTheCard_andTheCheckShowsItsHolder() {
    watching(cardFilm);
    loginAs(Role.BORDER_OFFICER);
    long before = borderChecksToday();
    recordTheViewfinder();

    driver.findElement(By.id("border-camera")).click();

    await(d -> cardText.equals(d.findElement(By.id("border-card")).getAttribute("value")));
    assertViewfinderWasLive_andIsStopped();
    assertThat(driver.findElement(By.id("border-message")).getText())
        .contains("The card's QR code was read");

    BorderJourneyBrowserTest.exitWith("NATIONAL_ID", "28713645", "KE");
    awaitText(By.id("holder-details"), "Amina");
    driver.findElement(By.id("border-matches")).click();
    awaitText(By.id("decision-outcome"), "PASS");
    assertThat(borderChecksToday()).isEqualTo(before + 1);
  }

  @Test
  void consentScan_readsTheConsentTheSameWay() {
    watching(consentFilm);
    loginAs(Role.BORDER_OFFICER);
    type(By.id("border-card"), cardText);
    recordTheViewfinder();

    driver.findElement(By.id("border-consent-camera")).click();

    await(d -> consentText.equals(d.findElement(By.id("border-consent")).getAttribute("value")));
    assertViewfinderWasLive_andIsStopped();
    assertThat(driver.findElement(By.id("border-card")).getAttribute("value"))
        .as("the card's field untouched")
        .isEqualTo(cardText);

    BorderJourneyBrowserTest.exitWith("PASSPORT", "B7654321", "UG");
    awaitText(By.id("consent-details"), "The companion's document is the one the consent names.");
  }

  /** Restarts the browser with its fake camera playing {@code film}. */
  private static void watching(Path film) {
    driver.quit();
    driver =
        startChromium(
            dataDir.resolve("chromium-" + film.getFileName()),
            "--use-file-for-fake-video-capture=" + film);
  }

  /**
   * Notes, in the page, whether the viewfinder was shown with a live picture while the field was
   * still empty, and the frame size; and removes the browser's own reader, if any.
   */
  private static void recordTheViewfinder() {
    js(
        "delete window.BarcodeDetector;"
            + "window.viewfinder = [];"
            + "const video = document.getElementById('border-video');"
            + "const look = () => {"
            + "  if (!document.getElementById('border-scanner').hidden && video.videoWidth > 0"
            + "      && !video.paused) {"
            + "    window.viewfinder.push(video.videoWidth + 'x' + video.videoHeight);"
            + "  }"
            + "  setTimeout(look, 100);"
            + "};"
            + "look();");
  }

  @SuppressWarnings("unchecked")
  private static void assertViewfinderWasLive_andIsStopped() {
    List<String> seen = (List<String>) js("return window.viewfinder;");
    assertThat(seen)
        .as("the live picture, shown through the empty part of the film until the code came")
        .hasSizeGreaterThan(3)
        .allMatch(size -> size.equals(FakeCamera.WIDTH + "x" + FakeCamera.HEIGHT));
    assertThat(driver.findElement(By.id("border-scanner")).isDisplayed()).isFalse();
    assertThat(js("return document.getElementById('border-video').srcObject === null;"))
        .as("camera stopped once read")
        .isEqualTo(Boolean.TRUE);
  }
}
