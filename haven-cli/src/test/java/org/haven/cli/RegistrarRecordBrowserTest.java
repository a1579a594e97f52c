package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.haven.core.identity.Role;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.ConsentState;
import org.haven.core.registry.GuardianLink;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The registrar's whole job in the web app: the queue with names (an audited read), guardians
 * linked and unlinked, the record's status changed with a confirmation and a reason, personal data
 * erased, possible duplicates compared field by field, and journey 5: a guardian linked in the web
 * app, a consent granted in the web app and used at the border.
 */
class RegistrarRecordBrowserTest extends BrowserTestBase {
  /** How the page writes dates in English for Kenya. */
  private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("dd/MM/uuuu");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUSPENDED = "suspended";

  /** Jabali's mother, declared with him but never linked (see DemoRegistry). */
  private static final String MOTHERS_ID = "31907266";

  private static final String COMPANION = "PA5521907";

  @Test
  void guardianLinkedInTheWebApp_thenAConsentGranted_isUsedAtTheBorder_andRevoked()
      throws Exception {
    ChildNumber child = demo.children().get(SUSPENDED);
    assertThat(demo.node().registry().child(child).guardians()).isEmpty();
    openRecordAsRegistrar(child);

    setValue(By.id("status-new"), "REGISTERED");
    type(By.id("status-reason"), "court review closed");
    driver.findElement(By.id("status-submit")).click();
    confirm(true);
    awaitText(By.id("registrar-message"), "Registered");

    setValue(By.id("guardian-relationship"), "MOTHER");
    setValue(By.id("guardian-document-type"), "NATIONAL_ID");
    type(By.id("guardian-document-number"), MOTHERS_ID);
    type(By.id("guardian-document-country"), "KE");
    check(By.id("guardian-may-consent"));
    type(By.id("guardian-reference"), "birth notification KAK/2021/1105");
    driver.findElement(By.id("guardian-link")).click();
    awaitText(By.id("registrar-message"), "Guardian linked");
    List<GuardianLink> links = demo.node().registry().child(child).guardians();
    assertThat(links).hasSize(1);
    assertThat(links.get(0).relationship()).isEqualTo(Relationship.MOTHER);
    assertThat(links.get(0).mayConsentToTravel()).isTrue();
    awaitText(By.id("guardian-links"), "Mother");

    String consent = grantConsentInThePage(child);
    String card = issueCard(child);
    JsonNode pass = borderCheck(card, consent);
    assertThat(pass.get("outcome").asText()).as("%s", pass).isEqualTo("PASS");

    driver.get(baseUrl + "/app/consent.html");
    type(By.id("consent-child"), child.display());
    driver.findElement(By.id("consent-reference")).click();
    By revoke = By.cssSelector("#consents button.danger");
    type(By.id("revoke-reason"), "the guardian withdrew the consent at the registry");
    await(ExpectedConditions.elementToBeClickable(revoke)).click();
    confirm(true);
    awaitText(By.id("consent-message"), "Consent revoked");
    awaitText(By.cssSelector("#consents tr"), "Revoked");
    assertThat(demo.node().registry().consents(child).get(0).state())
        .isEqualTo(ConsentState.REVOKED);
    JsonNode revoked = borderCheck(card, consent);
    assertThat(revoked.get("outcome").asText()).isEqualTo("SECONDARY_INSPECTION");
    assertThat(revoked.get("reasons").toString()).contains("CONSENT_REVOKED");
  }

  @Test
  void consentPrintout_namesTheChildCompanionTripAndGrantor_afterOneAuditedRead() throws Exception {
    ChildNumber child = declaredWithMother("Tumaini", "Otieno", MOTHERS_ID);
    NodeClient registrar = nodeAs(officerWith(Role.REGISTRAR));
    registrar.post(
        NodeClient.Route.of("children", child.toString(), "decision"),
        JSON.createObjectNode().put("decision", "REGISTER").put("reason", "verified"));
    linkMother(
        registrar,
        child.toString(),
        JSON.createObjectNode()
            .put("type", "NATIONAL_ID")
            .put("number", MOTHERS_ID)
            .put("country", "KE"),
        "birth notification KSM/2025/0211");
    loginAs(Role.REGISTRAR);
    String qr = grantConsentInThePage(child);
    By summary = By.id("consent-summary");
    assertThat(driver.findElement(summary).getText())
        .as("before printing, no name: nothing has been read")
        .doesNotContain("Tumaini", "Akinyi");
    int reads = accessLogSize(child);
    js("window.print = () => { window.printed = true; };");

    driver.findElement(By.id("consent-print")).click();

    await(d -> Boolean.TRUE.equals(js("return window.printed === true")));
    String until = DAY_MONTH_YEAR.format(LocalDate.now().plusDays(30));
    assertThat(printed("consent.summary.child"))
        .isEqualTo("Tumaini Otieno, born 11/02/2025, child number " + child.display());
    assertThat(printed("consent.summary.companion")).isEqualTo("Passport " + COMPANION + " (KE)");
    assertThat(printed("consent.summary.destinations")).isEqualTo("UG");
    assertThat(printed("consent.summary.dates"))
        .isEqualTo("from " + DAY_MONTH_YEAR.format(LocalDate.now()) + " to " + until);
    assertThat(printed("consent.summary.trips")).isEqualTo("Several trips");
    assertThat(printed("consent.summary.grantedBy"))
        .isEqualTo("Akinyi Otieno (Mother), National ID " + MOTHERS_ID + " (KE)");
    assertThat(printed("consent.summary.recordedBy"))
        .startsWith(officerWith(Role.REGISTRAR) + " (")
        .endsWith("reference form TC-2026-0077");
    assertThat(accessLogSize(child)).as("the names are one audited read").isEqualTo(reads + 1);
    assertThat(driver.findElement(By.id("consent-text")).getText()).isEqualTo(qr);
    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
    try {
      assertThat(driver.findElement(summary).isDisplayed()).isTrue();
      assertThat(driver.findElement(By.id("consent-qr")).isDisplayed()).isTrue();
      assertThat(driver.findElement(By.id("consent-form")).isDisplayed()).isFalse();
    } finally {
      driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
    }
  }

  /** One line of the consent's printout. */
  private static String printed(String term) {
    return driver
        .findElement(By.cssSelector("#consent-summary dd[data-term='" + term + "']"))
        .getText();
  }

  @Test
  void registering_linksTheMotherTheDeclarationNames_afterAnAuditedRead() throws Exception {
    ChildNumber child = declaredWithMother("Neema", "Chebet", "29915530");
    int reads = accessLogSize(child);
    openRecordAsRegistrar(child);
    showPersonalData();
    assertThat(accessLogSize(child)).as("the read is on the access log").isEqualTo(reads + 1);

    type(By.id("decide-reason"), "birth notification verified");
    driver.findElement(By.id("decide-register")).click();

    awaitText(By.id("registrar-message"), "linked now: 1");
    assertThat(demo.node().registry().child(child).record().status())
        .isEqualTo(ChildStatus.REGISTERED);
    List<GuardianLink> links = demo.node().registry().child(child).guardians();
    assertThat(links).hasSize(1);
    assertThat(links.get(0).relationship()).isEqualTo(Relationship.MOTHER);
  }

  @Test
  void unlinkingAGuardian_asksFirst_andTheLedgerKeepsTheLinkUntilConfirmed() {
    ChildNumber child = demo.children().get("registered, mother linked");
    openRecordAsRegistrar(child);
    showPersonalData();
    type(By.id("guardian-reference"), "court order 2026/114 gives custody to the father");

    driver.findElement(By.id("guardian-unlink")).click();
    confirm(false);
    assertThat(demo.node().registry().child(child).guardians()).hasSize(1);

    driver.findElement(By.id("guardian-unlink")).click();
    confirm(true);
    awaitText(By.id("registrar-message"), "Guardian unlinked");
    assertThat(demo.node().registry().child(child).guardians()).isEmpty();
  }

  @Test
  void recordingADeath_thenErasing_eachNeedAReasonAndAConfirmation() throws Exception {
    ChildNumber child = declaredWithMother("Upendo", "Kamau", "30881264");
    nodeAs(officerWith(Role.REGISTRAR))
        .post(
            NodeClient.Route.of("children", child.toString(), "decision"),
            JSON.createObjectNode().put("decision", "REGISTER").put("reason", "verified"));
    openRecordAsRegistrar(child);
    long before = ledgerSize();

    setValue(By.id("status-new"), "DECEASED");
    driver.findElement(By.id("status-submit")).click();
    awaitText(By.id("registrar-message"), "Reason");
    type(By.id("status-reason"), "death certificate D-2026-0042");
    driver.findElement(By.id("status-submit")).click();
    confirm(false);
    assertThat(ledgerSize()).as("nothing without a reason or a confirmation").isEqualTo(before);

    driver.findElement(By.id("status-submit")).click();
    confirm(true);
    awaitText(By.id("registrar-message"), "Deceased");
    assertThat(demo.node().registry().child(child).record().status())
        .isEqualTo(ChildStatus.DECEASED);

    type(By.id("erase-reason"), "retention period over");
    driver.findElement(By.id("erase-submit")).click();
    confirm(true);
    awaitText(By.id("registrar-message"), "Erased");
    assertThat(demo.node().registry().child(child).record().status()).isEqualTo(ChildStatus.ERASED);
  }

  @Test
  void queue_showsNamesAndDatesOfBirth_onlyAfterAPurpose_eachAnAuditedRead() throws Exception {
    ChildNumber late = demo.children().get("late declaration, awaiting decision");
    loginAs(Role.REGISTRAR);
    By row = By.cssSelector("#declarations tr[data-child='" + late + "']");
    await(ExpectedConditions.visibilityOfElementLocated(row));
    assertThat(driver.findElement(row).getText()).doesNotContain("Imani");
    int reads = accessLogSize(late);

    type(By.id("names-purpose"), "sorting the morning's declarations");
    driver.findElement(By.id("names-show")).click();

    awaitText(row, "Imani Kiprotich");
    assertThat(driver.findElement(row).getText()).contains("20/01/2014", "Declared");
    assertThat(accessLogSize(late)).isEqualTo(reads + 1);
  }

  @Test
  void queue_showsTheLateFlagAndTheDeclaringOfficer_andTheRecordItsEvidence() {
    ChildNumber late = demo.children().get("late declaration, awaiting decision");
    ChildNumber atBirth = demo.children().get("possible duplicate, awaiting review");
    String agent = officerWith(Role.FIELD_AGENT);
    loginAs(Role.REGISTRAR);
    By lateRow = By.cssSelector("#declarations tr[data-child='" + late + "']");
    await(ExpectedConditions.visibilityOfElementLocated(lateRow));

    assertThat(cell(lateRow, "queue-late")).isEqualTo("Late");
    assertThat(cell(lateRow, "queue-declared-by")).isEqualTo(agent + " (ke-civil-registry)");
    By atBirthRow = By.cssSelector("#declarations tr[data-child='" + atBirth + "']");
    assertThat(cell(atBirthRow, "queue-late")).isEqualTo("No");

    driver.findElement(lateRow).findElement(By.tagName("button")).click();
    awaitText(By.id("child-record"), "Evidence");
    assertThat(term("Declared by")).isEqualTo(agent);
    assertThat(term("Late declaration")).isEqualTo("Late");
    assertThat(term("Evidence")).isEqualTo("Two witnesses");
  }

  /** The value beside {@code name} on the record page. */
  private static String term(String name) {
    return driver
        .findElement(
            By.xpath("//*[@id='child-record']/dt[.='" + name + "']/following-sibling::dd[1]"))
        .getText();
  }

  private static String cell(By row, String className) {
    return driver.findElement(row).findElement(By.className(className)).getText();
  }

  @Test
  void duplicateReview_showsBothRecordsFieldByField_withTheDifferencesMarked() {
    ChildNumber variant = demo.children().get("possible duplicate, awaiting review");
    loginAs(Role.REGISTRAR);
    By compare = By.cssSelector("#duplicates tr[data-child='" + variant + "'] button");
    await(ExpectedConditions.elementToBeClickable(compare)).click();
    type(By.id("compare-purpose"), "reviewing a possible duplicate");
    driver.findElement(By.id("compare-show")).click();

    WebElement table = await(ExpectedConditions.visibilityOfElementLocated(By.id("compare-table")));
    String text = table.getText();
    assertThat(text).doesNotContain("[object").contains("Aminah", "Amina", "Mother: ");
    List<String> differing =
        table.findElements(By.cssSelector("tr[data-differs='true'] th")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(differing).containsExactly("Given names");
    assertThat(table.findElements(By.cssSelector("tr[data-differs='false']")))
        .hasSizeGreaterThan(3);
    assertThat(driver.findElement(By.cssSelector("tr[data-differs='true']")).getText())
        .contains("Differs");
  }

  private static void check(By box) {
    if (!driver.findElement(box).isSelected()) {
      driver.findElement(box).click();
    }
  }

  /** Records a multi-trip consent to Uganda on the consent page; returns its text. */
  private String grantConsentInThePage(ChildNumber child) {
    driver.get(baseUrl + "/app/consent.html");
    await(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
    type(By.id("consent-child"), child.display());
    setValue(By.id("guardian-type"), "NATIONAL_ID");
    type(By.id("guardian-number"), MOTHERS_ID);
    setValue(By.id("companion-type"), "PASSPORT");
    type(By.id("companion-number"), COMPANION);
    type(By.id("companion-country"), "KE");
    type(By.id("consent-destinations"), "UG");
    setValue(By.id("consent-until"), LocalDate.now().plusDays(30).toString());
    check(By.id("consent-multiple"));
    type(By.id("consent-reference"), "form TC-2026-0077");
    driver.findElement(By.id("consent-submit")).click();
    awaitText(By.id("consent-message"), "recorded on the ledger");
    String text = driver.findElement(By.id("consent-text")).getText();
    assertThat(text).startsWith("HV1:");
    return text;
  }

  private static String issueCard(ChildNumber child) throws Exception {
    return nodeAs(officerWith(Role.REGISTRAR))
        .post(NodeClient.Route.of("children", child.toString(), "card"), JSON.createObjectNode())
        .get("qr")
        .asText();
  }

  /** The child leaves for Uganda with the consent's companion, checked online. */
  private static JsonNode borderCheck(String card, String consent) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("qr", card).put("consent", consent);
    body.putObject("companion")
        .put("type", "PASSPORT")
        .put("number", COMPANION)
        .put("country", "KE");
    body.put("direction", "EXIT").put("destination", "UG").put("checkpoint", "KE-BUSIA");
    return nodeAs(officerWith(Role.BORDER_OFFICER))
        .post(NodeClient.Route.of("border", "check"), body);
  }

  /** A field agent's declaration, through the API, naming the mother with her national ID. */
  private static ChildNumber declaredWithMother(String given, String family, String nationalId)
      throws Exception {
    ObjectNode body = JSON.createObjectNode().put("evidence", "BIRTH_NOTIFICATION");
    body.putObject("child")
        .put("givenNames", given)
        .put("familyNames", family)
        .put("dateOfBirth", "2025-02-11")
        .put("placeOfBirth", "Kisumu")
        .put("sex", "FEMALE");
    ObjectNode mother = body.putArray("guardians").addObject();
    mother.put("relationship", "MOTHER").put("names", "Akinyi " + family);
    mother
        .putObject("document")
        .put("type", "NATIONAL_ID")
        .put("number", nationalId)
        .put("country", "KE");
    JsonNode declared =
        nodeAs(officerWith(Role.FIELD_AGENT)).post(NodeClient.Route.of("children"), body);
    return ChildNumber.parse(declared.get("childNumber").asText());
  }

  private static int accessLogSize(ChildNumber child) throws Exception {
    JsonNode log =
        nodeAs(officerWith(Role.REGISTRAR))
            .get(NodeClient.Route.of("children", child.toString(), "access-log"));
    return (log.has("items") ? log.get("items") : log.get("entries")).size();
  }
}
