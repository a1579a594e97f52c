package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.haven.core.identity.Role;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Journey 2: a registrar registers a declared child and prints the card; photos and refusals. */
class RegistrarBrowserTest extends BrowserTestBase {
  private static final String LATE = "late declaration, awaiting decision";
  private static final String REGISTERED = "registered, mother linked";

  @Test
  void registrar_registersADeclaration_andPrintsTheCard_aRealPdf() throws Exception {
    ChildNumber child = demo.children().get(LATE);
    loginAs(Role.REGISTRAR);
    By row = By.cssSelector("#declarations tr[data-child='" + child + "'] button");
    await(ExpectedConditions.elementToBeClickable(row)).click();
    awaitText(By.id("child-title"), child.display());

    type(By.id("decide-reason"), "two witnesses heard at the registry");
    driver.findElement(By.id("decide-register")).click();
    awaitText(By.id("registrar-message"), "Registered");
    assertThat(demo.node().registry().child(child).record().status())
        .isEqualTo(ChildStatus.REGISTERED);

    await(ExpectedConditions.elementToBeClickable(By.id("card-issue"))).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("card-link")));
    assertThat(driver.findElement(By.id("card-link")).getAttribute("download"))
        .isEqualTo(child + ".pdf");
    driver.findElement(By.id("card-link")).click();
    byte[] pdf = Files.readAllBytes(awaitDownload(child + ".pdf"));
    assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-");
    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(new PDFTextStripper().getText(document)).contains("Kiprotich");
    }
    assertThat(driver.findElement(By.id("card-qr")).isDisplayed()).isTrue();
  }

  @Test
  void photoUpload_notAnImage_orTooLarge_isRefusedOnThePage_andTheRecordIsUnchanged()
      throws Exception {
    ChildNumber child = demo.children().get(REGISTERED);
    int version = demo.node().registry().child(child).record().version();
    openPersonalData(child);

    Path text = Files.writeString(dataDir.resolve("notes.txt"), "not a photo");
    driver.findElement(By.id("correct-photo")).sendKeys(text.toString());
    awaitText(By.id("registrar-message"), "not a photo the registry takes");

    byte[] large = new byte[300 * 1024];
    large[0] = (byte) 0xFF;
    large[1] = (byte) 0xD8;
    large[2] = (byte) 0xFF;
    Path big = Files.write(dataDir.resolve("large.jpg"), large);
    driver.findElement(By.id("correct-photo")).sendKeys(big.toString());
    awaitText(By.id("registrar-message"), "the limit is 256 KiB");
    assertThat(driver.findElement(By.id("correct-photo-preview")).isDisplayed()).isFalse();
    assertThat(demo.node().registry().child(child).record().version()).isEqualTo(version);
  }

  @Test
  void photoFromTheCamera_isSavedWithACorrection() {
    ChildNumber child = demo.children().get(REGISTERED);
    int version = demo.node().registry().child(child).record().version();
    openPersonalData(child);

    driver.findElement(By.id("correct-camera-start")).click();
    await(ExpectedConditions.elementToBeClickable(By.id("correct-camera-take")));
    await(
        d ->
            ((Number) js("return document.getElementById('correct-camera').videoWidth")).intValue()
                > 0);
    driver.findElement(By.id("correct-camera-take")).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("correct-photo-preview")));
    type(By.id("correct-reason"), "photo taken at the registry");
    driver.findElement(By.id("correct-submit")).click();

    awaitText(By.id("registrar-message"), "Correction saved");
    assertThat(demo.node().registry().child(child).record().version()).isGreaterThan(version);
  }

  /** Opens a child by number and shows their personal data with a purpose. */
  private void openPersonalData(ChildNumber child) {
    openRecordAsRegistrar(child);
    showPersonalData();
  }
}
