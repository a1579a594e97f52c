package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.Role;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The found-child journeys of issue 16, in a real browser on a real consortium of three members
 * (each a node with RocksDB, Ratis over gRPC and HTTP on a loopback port): a case worker at the
 * Kenyan registry's member raises an alert on a child registered there; a field agent at Uganda's
 * member declares a child found alone, giving one of her names and an age range, and sees her as a
 * candidate with the alert's contact point; Uganda's registrar confirms the match, and the
 * timelines of both children show it. The found-child page and the registrar's found panel are kept
 * as screenshots at 1280 and 390 px ({@code target/screenshots/found-*.png}), and at 390 px neither
 * may scroll sideways.
 */
class FoundChildJourneyBrowserTest extends BrowserTestBase {
  private static final String KE = "ke-civil-registry";
  private static final String UG = "ug-nira";
  private static final String KE_CASE_WORKER = "ke.caseworker.wambui";
  private static final String UG_AGENT = "ug.fieldagent.apio";
  private static final String UG_REGISTRAR = "ug.registrar.nakato";
  private static final String CONTACT = "Kakamega child protection desk 3";

  /** Amina Wanjiru, born 2019-03-14, registered at the Kenyan registry (DemoRegistry). */
  private static final LocalDate AMINA_BORN = LocalDate.of(2019, 3, 14);

  private static InProcessNetwork network;
  private static ChildNumber amina;

  /**
   * Starts the consortium beside the base's demo node (which these tests leave idle) and points the
   * browser at Uganda's member.
   */
  @BeforeAll
  static void startTheConsortium() throws Exception {
    network = InProcessNetwork.start(dataDir.resolve("network"), UnaryOperator.identity());
    network.awaitLeader(network.members());
    DemoLedger ledger = network.ledger();
    network.enrolDemoOfficers(
        KE,
        List.of(
            ledger.newOfficer(UG_AGENT, UG, Role.FIELD_AGENT, "UG"),
            ledger.newOfficer(KE_CASE_WORKER, KE, Role.CASE_WORKER, "KE")),
        DemoCommand.DEMO_PASSWORD);
    amina =
        new DemoRegistry(ledger, network.node(KE))
            .seed(
                new OfficerId("ke.fieldagent.wanjiru"),
                new OfficerId("ke.registrar.otieno"),
                new OfficerId("unicef.caseworker.achieng"))
            .get("registered, mother linked");
    at(UG);
  }

  @AfterAll
  static void stopTheConsortium() throws IOException {
    if (network != null) {
      network.close();
    }
  }

  @AfterEach
  void deskAgain() {
    deskWidth();
  }

  @Test
  void foundChildDeclaredAtOneMember_matchesAnAlertRaisedAtAnother_andTheRegistrarConfirmsIt()
      throws Exception {
    List<String> sideways = new ArrayList<>();

    // Member A (Kenya): the case worker reports Amina missing.
    at(KE);
    startLoggedOut();
    loginAs(KE_CASE_WORKER);
    type(By.id("open-number"), amina.display());
    type(By.id("open-purpose"), "her mother reports her missing");
    driver.findElement(By.id("open-submit")).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("alert-raise")));
    setValue(By.id("alert-priority"), "HIGH");
    type(By.id("alert-contact"), CONTACT);
    driver.findElement(By.id("alert-raise")).click();
    awaitText(By.id("alerts"), amina.toString());
    awaitAlertAt(UG);

    // Member B (Uganda): a field agent declares a girl found alone who gives one name.
    at(UG);
    startLoggedOut();
    loginAs(UG_AGENT);
    driver.findElement(By.cssSelector("#bar a[href='found.html']")).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("found-given")));
    int age = Period.between(AMINA_BORN, LocalDate.now(ZoneOffset.UTC)).getYears();
    type(By.id("found-given"), "Amina");
    setValue(By.id("found-sex"), "FEMALE");
    type(By.id("found-age-from"), String.valueOf(age - 1));
    type(By.id("found-age-to"), String.valueOf(age + 2));
    type(By.id("found-place"), "Busia border market");
    type(By.id("found-marks"), "small scar on the chin");
    driver.findElement(By.id("found-photo")).sendKeys(face().toString());
    await(ExpectedConditions.visibilityOfElementLocated(By.id("found-photo-preview")));
    sideways.addAll(bothWidths("found-form"));
    driver.findElement(By.id("found-submit")).click();

    await(ExpectedConditions.visibilityOfElementLocated(By.id("found-result")));
    String found = driver.findElement(By.cssSelector("#found-summary .child-number")).getText();
    WebElement candidate =
        driver.findElement(By.cssSelector("#found-candidates tr[data-child='" + amina + "']"));
    assertThat(candidate.getText())
        .contains(amina.display(), KE, CONTACT, "raised by " + KE, "reported missing");
    // Nothing personal of the candidate crosses from Kenya's vault.
    assertThat(driver.findElement(By.id("found-result")).getText()).doesNotContain("Wanjiru");
    assertThat(driver.findElement(By.id("found-given")).getAttribute("value")).isEmpty();
    sideways.addAll(bothWidths("found-declared"));

    // Member B's registrar confirms the match from the queue, with a reason.
    startLoggedOut();
    loginAs(UG_REGISTRAR);
    By queued = By.cssSelector("#found-children tr[data-child='" + digits(found) + "'] button");
    await(ExpectedConditions.elementToBeClickable(queued)).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("found-reason")));
    type(By.id("found-reason"), "scar and photo match the alert's description");
    sideways.addAll(bothWidths("found-registrar"));
    driver
        .findElement(By.cssSelector("#found-candidates tr[data-child='" + amina + "'] button"))
        .click();
    confirm(true);

    await(ExpectedConditions.visibilityOfElementLocated(By.id("found-after")));
    assertThat(awaitText(By.id("found-record"), "Identified").getText())
        .contains(amina.toString(), UG_REGISTRAR);
    assertThat(
            driver.findElement(By.cssSelector("#found-timeline tr[data-type='FOUND']")).getText())
        .contains("Found alone and declared", "UG", UG_AGENT);
    assertThat(
            driver
                .findElement(By.cssSelector("#found-timeline tr[data-type='FOUND_IDENTIFIED']"))
                .getText())
        .contains("Found child identified", "UG", UG_REGISTRAR);
    assertThat(driver.findElement(By.id("found-timeline")).getText()).doesNotContain("event.");
    // The decided child leaves the queue.
    await(ExpectedConditions.numberOfElementsToBe(queued, 0));
    sideways.addAll(bothWidths("found-decided"));

    // Member A: the case worker sees on Amina's timeline where she was found.
    awaitIdentifiedAt(KE);
    at(KE);
    startLoggedOut();
    loginAs(KE_CASE_WORKER);
    type(By.id("open-number"), amina.display());
    type(By.id("open-purpose"), "she was found in Uganda");
    driver.findElement(By.id("open-submit")).click();
    assertThat(awaitText(By.id("timeline"), "Found child identified").getText())
        .contains("UG", UG_REGISTRAR);

    assertThat(sideways).as("pages wider than a %d px phone", PHONE).isEmpty();
  }

  @Test
  void foundChildWithNoCandidate_declaredByABorderOfficer_isRegisteredAsNew() throws Exception {
    at(UG);
    startLoggedOut();
    loginAs("ug.border.okello");
    driver.findElement(By.cssSelector("#bar a[href='found.html']")).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("found-given")));
    setValue(By.id("found-sex"), "MALE");
    type(By.id("found-age-from"), "0");
    type(By.id("found-age-to"), "1");
    type(By.id("found-place"), "Malaba checkpoint");
    driver.findElement(By.id("found-submit")).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("found-result")));
    assertThat(driver.findElement(By.id("found-candidates")).getText())
        .contains("No possible match");
    String found = driver.findElement(By.cssSelector("#found-summary .child-number")).getText();

    startLoggedOut();
    loginAs(UG_REGISTRAR);
    By queued = By.cssSelector("#found-children tr[data-child='" + digits(found) + "'] button");
    await(ExpectedConditions.elementToBeClickable(queued)).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("found-register-new")));
    driver.findElement(By.id("found-register-new")).click();
    awaitText(By.id("found-message"), "Reason");
    type(By.id("found-reason"), "no match on the ledger; registered from the found record");
    driver.findElement(By.id("found-register-new")).click();
    confirm(true);

    await(ExpectedConditions.visibilityOfElementLocated(By.id("found-after")));
    assertThat(awaitText(By.id("found-record"), "Registered as a new child").isDisplayed())
        .isTrue();
    assertThat(
            driver
                .findElement(By.cssSelector("#found-timeline tr[data-type='FOUND_REGISTERED']"))
                .getText())
        .contains("registered as a new child", UG_REGISTRAR);
    type(By.id("find-number"), found);
    driver.findElement(By.id("find-submit")).click();
    awaitText(By.id("child-record"), "Registered");
  }

  @Test
  void foundForm_refusesABadAgeATimeToComeANonImageAndOffline_andSendsNothing() throws Exception {
    at(UG);
    startLoggedOut();
    loginAs(UG_AGENT);
    driver.get(baseUrl + "/app/found.html");
    await(ExpectedConditions.visibilityOfElementLocated(By.id("found-given")));
    long before = network.node(UG).queries().sizeWithEveryRecord();
    setValue(By.id("found-sex"), "MALE");
    type(By.id("found-place"), "Malaba");

    type(By.id("found-age-from"), "9");
    type(By.id("found-age-to"), "6");
    driver.findElement(By.id("found-submit")).click();
    awaitText(By.id("found-message"), "give the youngest age first");
    assertThat(driver.findElement(By.id("found-age-to")).getAttribute("aria-invalid"))
        .isEqualTo("true");

    type(By.id("found-age-from"), "2");
    type(By.id("found-age-to"), "12");
    driver.findElement(By.id("found-submit")).click();
    awaitText(By.id("found-message"), "at most 4 years");

    type(By.id("found-age-to"), "5");
    setValue(By.id("found-at"), "2099-01-01T10:00");
    driver.findElement(By.id("found-submit")).click();
    awaitText(By.id("found-message"), "later than now");

    driver.findElement(By.id("found-photo")).sendKeys(notAnImage().toString());
    awaitText(By.id("found-message"), "JPEG or PNG");

    // A valid declaration without a connection: said at once, nothing sent, nothing typed lost.
    setValue(By.id("found-at"), "2026-01-01T10:00");
    ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
    offline.setOffline(true);
    driver.setNetworkConditions(offline);
    try {
      await(d -> js("return navigator.onLine").equals(Boolean.FALSE));
      driver.findElement(By.id("found-submit")).click();
      awaitText(By.id("found-message"), "cannot reach the node, so nothing was sent");
    } finally {
      driver.deleteNetworkConditions();
    }
    assertThat(driver.findElement(By.id("found-place")).getAttribute("value")).isEqualTo("Malaba");
    assertThat(driver.findElement(By.id("found-result")).isDisplayed()).isFalse();
    assertThat(network.node(UG).queries().sizeWithEveryRecord()).isEqualTo(before);
  }

  /** Points the browser's tests at {@code member}'s node. */
  private static void at(String member) {
    baseUrl = "http://127.0.0.1:" + network.node(member).httpPort();
  }

  /** Waits until {@code member}'s node lists Amina's alert. */
  private static void awaitAlertAt(String member) throws Exception {
    NodeHttp api = new NodeHttp(network.node(member).httpPort());
    String token = api.login(UG_AGENT, DemoCommand.DEMO_PASSWORD);
    long deadline = System.nanoTime() + InProcessNetwork.PATIENCE.toNanos();
    while (!api.get("/alerts", token).body().contains(amina.toString())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the alert on " + amina + " never reached " + member);
      }
      Thread.sleep(100);
    }
  }

  /** Waits until {@code member}'s node has Amina's identification on her timeline. */
  private static void awaitIdentifiedAt(String member) throws Exception {
    NodeHttp api = new NodeHttp(network.node(member).httpPort());
    String token = api.login(KE_CASE_WORKER, DemoCommand.DEMO_PASSWORD);
    long deadline = System.nanoTime() + InProcessNetwork.PATIENCE.toNanos();
    while (!api.get("/children/" + amina + "/timeline", token)
        .body()
        .contains("FOUND_IDENTIFIED")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Amina's identification never reached " + member);
      }
      Thread.sleep(100);
    }
  }

  /**
   * Screenshots of the page as it stands at desk width and at phone width; what reaches past the
   * phone's viewport, if anything.
   */
  private static List<String> bothWidths(String name) throws IOException {
    screenshot(name, DESK);
    emulateWidth(PHONE);
    try {
      await(d -> viewportWidth() == PHONE);
      long width = documentWidth();
      screenshot(name, PHONE);
      return width <= PHONE
          ? List.of()
          : List.of(name + " is " + width + " px wide: " + widerThanTheViewport());
    } finally {
      deskWidth();
    }
  }

  private static String digits(String display) {
    return display.replaceAll("\\D", "");
  }

  /** A small PNG photo, written with the JDK's ImageIO. */
  private static Path face() throws IOException {
    BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 48; x++) {
        image.setRGB(x, y, (x * 5) << 16 | (y * 5) << 8 | 0x60);
      }
    }
    Path file = dataDir.resolve("face.png");
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  /** A text file named like a photo. */
  private static Path notAnImage() throws IOException {
    return Files.writeString(dataDir.resolve("photo.png"), "not a picture");
  }
}
