package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.haven.core.bytes.Bytes;
import org.haven.core.identity.Role;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.Select;

/**
 * Safety defects 1 and 4 of the border page, in Chromium against a real demo node: a genuine card
 * shows who it belongs to (photo, names, date of birth and age, guardians) and the check waits for
 * the officer to compare the child with it; a genuine card carried by another child is recorded on
 * the ledger as a mismatch; a consent shows its companion, destinations and dates; and a check that
 * ended in ALERT reads as such on the child's timeline, never as "Border exit". Screenshots of the
 * result at desk and phone width are kept in {@code target/screenshots/}.
 */
class CardSwapBrowserTest extends BrowserTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  private static final LocalDate BORN = LocalDate.of(2018, 6, 9);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
  private static final String MOTHER_ID = "29384756";
  private static final int PHONE_WIDTH = 390;

  private static String neema;
  private static String neemaCard;
  private static String neemaConsent;
  private static String missingChild;
  private static String missingChildCard;

  /**
   * A child registered with a photo and her mother linked, her card, and a single-trip consent for
   * her uncle; and the card of the demo's missing child.
   */
  @BeforeAll
  static void registerAChildWithAPhoto_andIssueHerCardAndAConsent() throws Exception {
    NodeClient registrar = nodeAs(officerWith(Role.REGISTRAR));
    ObjectNode declaration = JSON.createObjectNode();
    declaration.put("jurisdiction", "KE").put("late", false).put("evidence", "BIRTH_NOTIFICATION");
    declaration.putArray("attestors");
    declaration
        .putObject("child")
        .put("givenNames", "Neema")
        .put("familyNames", "Achieng")
        .put("dateOfBirth", BORN.toString())
        .put("placeOfBirth", "Kisumu")
        .put("sex", "FEMALE")
        .put("notes", "")
        .put("photo", Base64.getEncoder().encodeToString(portrait()));
    ObjectNode mother = declaration.putArray("guardians").addObject().put("relationship", "MOTHER");
    mother.put("names", "Rehema Achieng").set("document", motherDocument());
    neema =
        registrar.post(NodeClient.Route.of("children"), declaration).get("childNumber").asText();
    registrar.post(
        NodeClient.Route.of("children", neema, "decision"),
        JSON.createObjectNode().put("decision", "REGISTER").put("reason", "birth notification"));
    linkMother(registrar, neema, motherDocument(), "birth notification KSM/2018/0609");
    neemaCard = card(registrar, neema);

    neemaConsent = singleTripConsent(registrar, "B7654321");

    missingChild =
        demo.children().get("registered, reported missing").toString().replaceAll("[^0-9]", "");
    missingChildCard = card(registrar, missingChild);
  }

  @AfterEach
  void deskWidthAgain() {
    driver.manage().window().setSize(new Dimension(1280, 1024));
  }

  @Test
  void genuineCardCarriedByAnotherChild_isShownWithItsHolder_andRecordedAsAMismatch()
      throws Exception {
    loginAs(Role.BORDER_OFFICER);
    long before = borderChecksToday();
    fill(neemaCard, "NATIONAL_ID", MOTHER_ID, "KE", null);

    awaitText(By.id("holder-details"), "Neema");
    int age = Period.between(BORN, LocalDate.now()).getYears();
    assertThat(text("holder-details"))
        .contains("Neema", "Achieng", DAY.format(BORN) + ", " + age + " years old today", "Female");
    assertThat(text("holder-guardians")).isEqualTo("Rehema Achieng (Mother)");
    assertThat(driver.findElement(By.id("holder-face")).getAttribute("src"))
        .startsWith("data:image/jpeg;base64,");
    assertThat(js("return document.getElementById('holder-face').naturalWidth"))
        .as("the card's own 40 x 50 face, decoded by the browser")
        .isEqualTo(40L);
    assertThat(driver.findElement(By.id("decision")).isDisplayed())
        .as("no outcome before the officer compares the child with the card")
        .isFalse();
    assertThat(borderChecksToday()).as("nothing recorded before the comparison").isEqualTo(before);
    screenshots("border-compare");

    driver.findElement(By.id("border-mismatch")).click();

    awaitText(By.id("decision-outcome"), "SECONDARY INSPECTION");
    assertThat(text("decision-reasons"))
        .contains(
            "The officer found that the child does not match the card's photo, names or age.",
            "The companion's document is that of a guardian named on the card");
    assertThat(text("holder-details"))
        .as("the result still shows the card's holder")
        .contains("Neema");
    assertThat(driver.findElement(By.id("holder-compare")).isDisplayed()).isFalse();
    screenshots("border-result-mismatch");

    RecordCrossing crossing = recordedCrossing();
    assertThat(crossing.outcome()).isEqualTo(RecordCrossing.Outcome.SECONDARY_INSPECTION);
    assertThat(crossing.reasons())
        .containsExactly("CHILD_DOES_NOT_MATCH_CARD", "COMPANION_IS_GUARDIAN");
    assertThat(crossing.child().orElseThrow().toString().replaceAll("[^0-9]", "")).isEqualTo(neema);
    assertThat(borderChecksToday()).isEqualTo(before + 1);
  }

  @Test
  void consent_showsItsCompanionDestinationsAndDates_andAConfirmedMatchPasses() throws Exception {
    loginAs(Role.BORDER_OFFICER);
    fill(neemaCard, "PASSPORT", "B7654321", "UG", neemaConsent);

    awaitText(By.id("consent-details"), "UG, TZ");
    assertThat(text("consent-details"))
        .contains(
            "The companion's document is the one the consent names.",
            "UG, TZ",
            "from "
                + DAY.format(LocalDate.now(ZoneOffset.UTC).minusDays(1))
                + " to "
                + DAY.format(LocalDate.now(ZoneOffset.UTC).plusDays(30)),
            "One trip only");
    screenshots("border-compare-consent");

    driver.findElement(By.id("border-matches")).click();

    awaitText(By.id("decision-outcome"), "PASS");
    assertThat(text("decision-reasons"))
        .contains(
            "The companion holds a travel consent for this child",
            "The officer confirmed that the child matches the card's photo, names and age.");
    RecordCrossing crossing = recordedCrossing();
    assertThat(crossing.reasons()).containsExactly("CONSENT_VALID", "CHILD_MATCHES_CARD");
    assertThat(crossing.consent()).isPresent();
  }

  @Test
  void singleTripConsentShownAgainAfterItsTrip_isSaidToBeUsed_notRevoked() throws Exception {
    String consent = singleTripConsent(nodeAs(officerWith(Role.REGISTRAR)), "C1200457");
    loginAs(Role.BORDER_OFFICER);
    fill(neemaCard, "PASSPORT", "C1200457", "UG", consent);
    awaitText(By.id("consent-details"), "One trip only");
    driver.findElement(By.id("border-matches")).click();
    awaitText(By.id("decision-outcome"), "PASS");
    driver.findElement(By.id("border-next")).click();

    fill(neemaCard, "PASSPORT", "C1200457", "UG", consent);
    awaitText(By.id("consent-details"), "One trip only");
    driver.findElement(By.id("border-matches")).click();

    awaitText(By.id("decision-outcome"), "SECONDARY INSPECTION");
    assertThat(text("decision-reasons"))
        .contains("this consent was for one trip and has already been used")
        .doesNotContain("revoked");
    assertThat(recordedCrossing().reasons())
        .containsExactly("NO_VALID_CONSENT", "CHILD_MATCHES_CARD", "CONSENT_USED");
  }

  @Test
  void checkThatEndedInAnAlert_readsAsAnAlertOnTheTimeline_neverAsABorderExit() throws Exception {
    loginAs(Role.BORDER_OFFICER);
    fill(missingChildCard, "NATIONAL_ID", "24418093", "KE", null);
    awaitText(By.id("holder-details"), "Baraka");
    driver.findElement(By.id("border-matches")).click();
    awaitText(By.id("decision-outcome"), "ALERT");
    screenshots("border-result-alert");

    JsonNode timeline =
        nodeAs(officerWith(Role.CASE_WORKER))
            .get(NodeClient.Route.of("children", missingChild, "timeline"));
    JsonNode last = timeline.get("items").get(timeline.get("items").size() - 1);
    assertThat(last.get("type").asText()).isEqualTo("CROSSING_EXIT");
    assertThat(last.get("outcome").asText()).isEqualTo("ALERT");
    assertThat(last.get("checkpoint").asText()).isEqualTo("ke-namanga-1");

    startLoggedOut();
    loginAs(Role.CASE_WORKER);
    type(By.id("open-number"), demo.children().get("registered, reported missing").display());
    type(By.id("open-purpose"), "border alert at Namanga");
    driver.findElement(By.id("open-submit")).click();
    awaitText(By.id("timeline"), "Border check");
    assertThat(text("timeline"))
        .contains(
            "Border check, leaving the country, at ke-namanga-1: ALERT, the child was stopped on a"
                + " missing-child alert")
        .doesNotContain("Border exit");
  }

  /** Fills the border form for an exit to UG and asks for the check. */
  private static void fill(
      String card, String companionType, String number, String country, String consent) {
    type(By.id("border-card"), card);
    if (consent != null) {
      type(By.id("border-consent"), consent);
    }
    new Select(driver.findElement(By.id("companion-type"))).selectByValue(companionType);
    type(By.id("companion-number"), number);
    type(By.id("companion-country"), country);
    new Select(driver.findElement(By.id("border-direction"))).selectByValue("EXIT");
    type(By.id("border-destination"), "UG");
    type(By.id("border-checkpoint"), "ke-namanga-1");
    driver.findElement(By.id("border-check")).click();
  }

  /** The crossing the page says it recorded, as the ledger holds it (read by an auditor). */
  private static RecordCrossing recordedCrossing() throws Exception {
    awaitText(By.id("decision-record"), "Recorded on the ledger");
    String id = driver.findElement(By.id("decision-record")).getAttribute("data-transaction");
    JsonNode stored =
        nodeAs(officerWith(Role.AUDITOR)).get(NodeClient.Route.of("transactions", id));
    Transaction tx =
        Transaction.decode(
            Bytes.of(Base64.getDecoder().decode(stored.get("transaction").asText())));
    return (RecordCrossing) tx.payload();
  }

  /** The page as it is at desk width, then at a phone's 390 px, which must not scroll sideways. */
  private static void screenshots(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name + "-desk.png"), driver.getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(new Dimension(PHONE_WIDTH, 844));
    await(d -> ((Number) js("return window.innerWidth")).intValue() <= PHONE_WIDTH);
    assertThat(((Number) js("return document.documentElement.scrollWidth")).intValue())
        .as("no sideways scroll at " + PHONE_WIDTH + " px")
        .isLessThanOrEqualTo(((Number) js("return window.innerWidth")).intValue());
    Files.write(
        SCREENSHOTS.resolve(name + "-" + PHONE_WIDTH + ".png"),
        driver.getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(new Dimension(1280, 1024));
  }

  private static String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private static ObjectNode motherDocument() {
    return JSON.createObjectNode()
        .put("type", "NATIONAL_ID")
        .put("number", MOTHER_ID)
        .put("country", "KE");
  }

  /** A single-trip consent for Neema to leave for UG or TZ with the holder of a UG passport. */
  private static String singleTripConsent(NodeClient registrar, String passport)
      throws InterruptedException {
    ObjectNode consent =
        JSON.createObjectNode()
            .put("validFrom", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString())
            .put("validUntil", LocalDate.now(ZoneOffset.UTC).plusDays(30).toString())
            .put("multipleTrips", false)
            .put("reference", "form TC-2026-0101");
    consent
        .putObject("companion")
        .put("type", "PASSPORT")
        .put("number", passport)
        .put("country", "UG");
    consent.putArray("destinations").add("UG").add("TZ");
    consent.putArray("grantedBy").add(motherDocument());
    return registrar
        .post(NodeClient.Route.of("children", neema, "consents"), consent)
        .get("qr")
        .asText();
  }

  private static String card(NodeClient registrar, String child) throws InterruptedException {
    return registrar
        .post(NodeClient.Route.of("children", child, "card"), JSON.createObjectNode())
        .get("qr")
        .asText();
  }

  /** A drawn portrait: a face, eyes and a mouth on a plain background, as a JPEG. */
  private static byte[] portrait() throws IOException {
    BufferedImage image = new BufferedImage(300, 375, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(200, 205, 210));
    g.fillRect(0, 0, 300, 375);
    g.setColor(new Color(120, 80, 60));
    g.fillOval(60, 60, 180, 230);
    g.setColor(Color.WHITE);
    g.fillOval(105, 140, 30, 18);
    g.fillOval(165, 140, 30, 18);
    g.setColor(Color.BLACK);
    g.fillOval(114, 143, 12, 12);
    g.fillOval(174, 143, 12, 12);
    g.fillRect(125, 230, 50, 8);
    g.dispose();
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", jpeg);
    return jpeg.toByteArray();
  }
}
