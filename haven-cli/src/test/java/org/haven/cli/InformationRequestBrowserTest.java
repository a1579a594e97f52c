package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.haven.core.identity.Role;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Two registrar journeys that need the field agent: a request for information the field agent
 * answers on the field page (also at phone width) before the registrar registers the child; and a
 * late declaration with two witnesses, captured on the field page and shown to the registrar after
 * an audited read.
 */
class InformationRequestBrowserTest extends BrowserTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUESTION =
      "Which clinic notified the birth? The notification is torn.";
  private static final String ANSWER =
      "Machakos Level 4 hospital; a copy of the notification is attached.";

  @AfterEach
  void deskAgain() {
    deskWidth();
  }

  @Test
  void registrarRequestsInformation_fieldAgentAnswers_registrarSeesItInTheQueue_andRegisters()
      throws Exception {
    ChildNumber child = declaredByTheFieldAgent("Baraka", "Mutua");
    openRecordAsRegistrar(child);
    type(By.id("information-question"), QUESTION);
    driver.findElement(By.id("decide-information")).click();
    awaitText(By.id("registrar-message"), "were asked for information");
    assertThat(status(child)).isEqualTo(ChildStatus.INFO_REQUESTED);
    logout();

    loginAs(Role.FIELD_AGENT);
    By request = By.cssSelector("#requests article[data-child='" + child + "']");
    assertThat(awaitText(request, QUESTION).getText()).contains(child.display());
    emulateWidth(PHONE);
    await(ExpectedConditions.visibilityOfElementLocated(request));
    assertThat(documentWidth())
        .as(
            "the field page with a request to answer, at %d px; wider: %s",
            PHONE, widerThanTheViewport())
        .isLessThanOrEqualTo(PHONE);
    screenshot("field-request", PHONE);
    deskWidth();
    String prefix = "answer-" + child + "-";
    type(By.id(prefix + "text"), ANSWER);
    setValue(By.id(prefix + "field"), "placeOfBirth");
    type(By.id(prefix + "value"), "Machakos");
    driver.findElement(By.id(prefix + "document")).sendKeys(notification().toString());
    driver.findElement(By.id(prefix + "send")).click();
    awaitText(By.id("requests-message"), "is with the registrar");
    awaitText(request, "Answered");
    assertThat(readsOf(child))
        .contains(officerWith(Role.FIELD_AGENT) + ": answer a registrar's request for information");
    logout();

    loginAs(Role.REGISTRAR);
    By row = By.cssSelector("#declarations tr[data-child='" + child + "']");
    await(ExpectedConditions.visibilityOfElementLocated(row));
    assertThat(driver.findElement(row).getText()).doesNotContain(ANSWER);
    type(By.id("names-purpose"), "sorting the morning's declarations");
    driver.findElement(By.id("names-show")).click();
    awaitText(row, ANSWER);
    assertThat(driver.findElement(row).getText()).contains("Baraka Mutua", "Answered");
    screenshot("registrar-queue-answered", DESK);

    driver.findElement(row).findElement(By.tagName("button")).click();
    awaitText(By.id("child-title"), child.display());
    showPersonalData();
    By requests = By.id("request-list");
    awaitText(requests, ANSWER);
    assertThat(driver.findElement(requests).getText())
        .contains(QUESTION, "Proposed correction: Place of birth = Machakos");
    assertThat(driver.findElement(requests).findElement(By.tagName("img")).isDisplayed()).isTrue();
    type(By.id("decide-reason"), "clinic confirmed by the field agent");
    driver.findElement(By.id("decide-register")).click();
    awaitText(By.id("registrar-message"), "Registered");
    assertThat(status(child)).isEqualTo(ChildStatus.REGISTERED);
  }

  @Test
  void lateDeclarationWithTwoWitnesses_isShownToTheRegistrar_afterAnAuditedRead() throws Exception {
    loginAs(Role.FIELD_AGENT);
    type(By.id("declare-given"), "Chiku");
    type(By.id("declare-family"), "Wekesa");
    setValue(By.id("declare-born"), "2013-06-30");
    setValue(By.id("declare-sex"), "FEMALE");
    driver.findElement(By.id("late")).click();
    setValue(By.id("evidence"), "TWO_WITNESSES");
    witness(1, "Mary Nafula", "aunt", "22904417", "I was at the birth in Bungoma in June 2013.");
    driver.findElement(By.id("declare-submit")).click();
    awaitText(By.id("declare-message"), "Witness's full name");
    assertThat(driver.findElement(By.id("witness-2-names")).getAttribute("aria-invalid"))
        .as("the page asks for the second witness before queueing anything")
        .isEqualTo("true");

    witness(
        2, "Peter Barasa", "village elder", "18830562", "The family has lived here since 2010.");
    driver.findElement(By.id("declare-submit")).click();
    By sent = By.cssSelector("#queue tr[data-state='sent']");
    String row = await(ExpectedConditions.visibilityOfElementLocated(sent)).getText();
    ChildNumber child = FieldAgentBrowserTest.childNumberIn(row);
    logout();

    openRecordAsRegistrar(child);
    int reads = readsOf(child).size();
    showPersonalData();
    By witnesses = By.id("witnesses");
    awaitText(witnesses, "Peter Barasa");
    assertThat(driver.findElement(witnesses).getText())
        .contains(
            "Mary Nafula",
            "aunt",
            "22904417",
            "I was at the birth in Bungoma in June 2013.",
            "village elder",
            "The family has lived here since 2010.");
    assertThat(driver.findElement(By.id("declaration-file-title")).getText())
        .isEqualTo("Witnesses and requests for information");
    assertThat(readsOf(child)).as("one audited read").hasSize(reads + 1);
    screenshot("registrar-witnesses", DESK);
  }

  private static void witness(int n, String names, String relationship, String id, String says) {
    type(By.id("witness-" + n + "-names"), names);
    type(By.id("witness-" + n + "-relationship"), relationship);
    type(By.id("witness-" + n + "-documentNumber"), id);
    type(By.id("witness-" + n + "-statement"), says);
  }

  private static void logout() {
    driver.findElement(By.id("logout")).click();
    await(ExpectedConditions.urlContains("index.html"));
  }

  private static ChildStatus status(ChildNumber child) {
    return demo.node().registry().child(child).record().status();
  }

  /** Declares a child at birth as the demo's field agent, through the API. */
  private static ChildNumber declaredByTheFieldAgent(String given, String family) throws Exception {
    ObjectNode declaration =
        JSON.createObjectNode().put("late", false).put("evidence", "BIRTH_NOTIFICATION");
    declaration
        .putObject("child")
        .put("givenNames", given)
        .put("familyNames", family)
        .put("dateOfBirth", "2025-10-01")
        .put("sex", "MALE");
    JsonNode declared =
        nodeAs(officerWith(Role.FIELD_AGENT)).post(NodeClient.Route.of("children"), declaration);
    return ChildNumber.parse(declared.get("childNumber").asText());
  }

  /** The child's access log as "reader: purpose" lines. */
  private static List<String> readsOf(ChildNumber child) throws Exception {
    JsonNode log =
        nodeAs(officerWith(Role.REGISTRAR))
            .get(NodeClient.Route.of("children", child.toString(), "access-log"));
    List<String> reads = new ArrayList<>();
    for (JsonNode read : log.get("items")) {
      reads.add(read.get("reader").asText() + ": " + read.get("purpose").asText());
    }
    return reads;
  }

  /** A photographed birth notification, as a small JPEG file. */
  private static Path notification() throws Exception {
    BufferedImage image = new BufferedImage(200, 120, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 200, 120);
    g.setColor(Color.DARK_GRAY);
    for (int line = 20; line < 110; line += 15) {
      g.fillRect(15, line, 170, 4);
    }
    g.dispose();
    Path file = dataDir.resolve("notification.jpg");
    ImageIO.write(image, "jpeg", file.toFile());
    return file;
  }
}
