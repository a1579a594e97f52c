package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Role;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Journey: a border officer sees the alert's photo and description only at ALERT. A case worker
 * raises an alert on the case page with a description and a photo; a border officer checks the
 * child's card and sees both, and records a sighting; checking a child without an alert shows
 * neither; the case worker sees the sighting on the case page.
 */
class AlertNoticeBrowserTest extends BrowserTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALERTED = "registered, mother linked";
  private static final String DESCRIPTION = "Yellow raincoat, gap between the front teeth";

  /** A PNG as the node takes one: the signature, then bytes. */
  private static final byte[] PHOTO = {
    (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 'r', 'a', 'i', 'n', 'c', 'o', 'a', 't'
  };

  private static String alertedCard;
  private static String otherCard;
  private static Path photoFile;

  @BeforeAll
  static void issueTheCards() throws Exception {
    NodeClient registrar = nodeAs(officerWith(Role.REGISTRAR));
    alertedCard = card(registrar, ALERTED);
    otherCard = card(registrar, "suspended");
    photoFile = dataDir.resolve("child.png");
    Files.write(photoFile, PHOTO);
  }

  private static String card(NodeClient registrar, String label) throws InterruptedException {
    String number = demo.children().get(label).toString().replaceAll("[^0-9]", "");
    if (label.equals("suspended")) {
      registrar.post(
          NodeClient.Route.of("children", number, "status"),
          JSON.createObjectNode().put("status", "REGISTERED").put("reason", "court review closed"));
    }
    JsonNode card =
        registrar.post(NodeClient.Route.of("children", number, "card"), JSON.createObjectNode());
    return card.get("qr").asText();
  }

  @Test
  void borderOfficer_seesTheAlertsPhotoAndDescription_onlyAtAlert_andTheCaseWorkerSeesTheSighting()
      throws Exception {
    ChildNumber child = demo.children().get(ALERTED);
    loginAs(Role.CASE_WORKER);
    openCase(child, "family reports the child did not come home");
    type(By.id("alert-contact"), "Child Helpline 116, desk 9");
    type(By.id("alert-description"), DESCRIPTION);
    driver.findElement(By.id("alert-photo")).sendKeys(photoFile.toString());
    driver.findElement(By.id("alert-raise")).click();
    awaitText(By.id("case-message"), "Alert raised");
    awaitText(By.id("notice-description"), DESCRIPTION);
    assertThat(demo.node().registry().child(child).alert().orElseThrow().photoHash())
        .contains(Hash.sha256(PHOTO));

    startLoggedOut();
    loginAs(Role.BORDER_OFFICER);
    awaitText(By.id("border-bundle"), "Verifier bundle version");
    check(otherCard);
    awaitText(By.id("decision-record"), "Recorded on the ledger");
    assertThat(driver.findElement(By.id("decision-outcome")).getText()).isNotEqualTo("ALERT");
    assertThat(driver.findElement(By.id("decision-notice")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("sighting-form")).isDisplayed()).isFalse();
    assertThat(driver.getPageSource()).doesNotContain(DESCRIPTION);

    driver.findElement(By.id("border-next")).click();
    check(alertedCard);
    awaitText(By.id("decision-outcome"), "ALERT");
    awaitText(By.id("notice-description"), DESCRIPTION);
    String src = driver.findElement(By.id("notice-photo")).getAttribute("src");
    assertThat(src).isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PHOTO));
    assertThat(driver.findElement(By.id("notice-photo")).isDisplayed()).isTrue();

    type(By.id("sighting-place"), "Namanga bus park, bay 3");
    type(By.id("sighting-note"), "With a tall man in a grey jacket, heading for the Arusha bus");
    driver.findElement(By.id("sighting-record")).click();
    awaitText(By.id("border-message"), "The sighting is recorded");

    startLoggedOut();
    loginAs(Role.CASE_WORKER);
    openCase(child, "following the sighting at Namanga");
    awaitText(By.id("sightings"), "grey jacket");
    assertThat(driver.findElement(By.id("sightings")).getText())
        .contains("Namanga bus park, bay 3")
        .contains(officerWith(Role.BORDER_OFFICER));
    assertThat(driver.findElement(By.id("timeline")).getText()).contains("Sighting");
    JsonNode reads =
        nodeAs(officerWith(Role.AUDITOR))
            .get(
                NodeClient.Route.of(
                    "children", child.toString().replaceAll("[^0-9]", ""), "access-log"));
    assertThat(reads.get("items").toString())
        .as("the border officer's read of the description, audited with the check")
        .contains("border check ALERT at ke-namanga-1");
  }

  private static void openCase(ChildNumber child, String purpose) {
    type(By.id("open-number"), child.display());
    type(By.id("open-purpose"), purpose);
    driver.findElement(By.id("open-submit")).click();
    awaitText(By.id("child-title"), child.display());
  }

  /** The card by its text, the mother as companion, an exit to Uganda at Namanga. */
  private static void check(String card) {
    type(By.id("border-card"), card);
    BorderJourneyBrowserTest.exitWith("NATIONAL_ID", "28713645", "KE");
    await(ExpectedConditions.elementToBeClickable(By.id("border-matches"))).click();
  }
}
