package org.haven.card.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.offset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.haven.card.CardClaims;
import org.haven.card.CredentialCodec;
import org.haven.card.CredentialRead;
import org.haven.card.FaceImage;
import org.haven.card.qr.QrCodes;
import org.haven.card.testing.SyntheticPortrait;
import org.haven.card.testing.TestCards;
import org.haven.card.testing.TestTrust;
import org.haven.core.bytes.Bytes;
import org.haven.core.identity.Jurisdiction;
import org.junit.jupiter.api.Test;

class CardPdfTest {
  private static final CardClaims CARD = TestCards.aCard().build();
  private static final String QR = CredentialCodec.issueCard(CARD, TestCards.ISSUER_KEY);
  private static final Bytes PHOTO = SyntheticPortrait.file(7, 600, 750, "jpeg");
  private static final Jurisdiction KENYA = new Jurisdiction("KE");

  /** ID-1 in points: 85.60 mm and 53.98 mm at 72 / 25.4 points a millimetre. */
  private static final float ID1_WIDTH = 242.646f;

  private static final float ID1_HEIGHT = 153.014f;

  private static String text(PDDocument document) throws IOException {
    return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
  }

  private static List<PDImageXObject> images(PDPage page) throws IOException {
    List<PDImageXObject> images = new ArrayList<>();
    PDResources resources = page.getResources();
    for (COSName name : resources.getXObjectNames()) {
      if (resources.getXObject(name) instanceof PDImageXObject image) {
        images.add(image);
      }
    }
    return images;
  }

  @Test
  void isAFrontAndABackOfId1Size() throws IOException {
    try (PDDocument pdf = Loader.loadPDF(CardPdf.render(CARD, QR, Optional.of(PHOTO), KENYA))) {
      assertThat(pdf.getNumberOfPages()).isEqualTo(2);
      for (PDPage page : pdf.getPages()) {
        assertThat(page.getMediaBox().getWidth()).isCloseTo(ID1_WIDTH, offset(0.01f));
        assertThat(page.getMediaBox().getHeight()).isCloseTo(ID1_HEIGHT, offset(0.01f));
      }
    }
  }

  @Test
  void showsWhoTheChildIsAndTellsTheFamilyWhatItIsFor() throws IOException {
    try (PDDocument pdf = Loader.loadPDF(CardPdf.render(CARD, QR, Optional.of(PHOTO), KENYA))) {
      assertThat(text(pdf))
          .contains(CARD.child().display())
          .contains("Amani Wanjiru")
          .contains("Otieno")
          .contains("2019-03-14")
          .contains("Female")
          .contains("ke-civil-registry")
          .contains("2030-03-01")
          .contains(CardPdf.FAMILY_LINE);
    }
  }

  @Test
  void printsThePhotoGiven() throws IOException {
    try (PDDocument pdf = Loader.loadPDF(CardPdf.render(CARD, QR, Optional.of(PHOTO), KENYA))) {
      List<PDImageXObject> images = images(pdf.getPage(0));

      assertThat(images).hasSize(1);
      assertThat(images.get(0).getWidth()).isEqualTo(600);
      assertThat(images(pdf.getPage(1))).isEmpty();
    }
  }

  @Test
  void printsTheCardsOwnFaceWithoutAPhoto() throws IOException {
    try (PDDocument pdf = Loader.loadPDF(CardPdf.render(CARD, QR, Optional.empty(), KENYA))) {
      List<PDImageXObject> images = images(pdf.getPage(0));

      assertThat(images).hasSize(1);
      assertThat(images.get(0).getWidth()).isEqualTo(FaceImage.WIDTH);
    }
  }

  @Test
  void saysSoWhenThereIsNoPicture() throws IOException {
    CardClaims faceless = TestCards.aCard().withoutFace().build();
    String qr = CredentialCodec.issueCard(faceless, TestCards.ISSUER_KEY);

    try (PDDocument pdf = Loader.loadPDF(CardPdf.render(faceless, qr, Optional.empty(), KENYA))) {
      assertThat(images(pdf.getPage(0))).isEmpty();
      assertThat(text(pdf)).contains("No photo");
    }
  }

  /** Printed at 300 dpi, the code on the back scans and verifies. */
  @Test
  void theCodeOnTheBackScans() throws IOException {
    try (PDDocument pdf = Loader.loadPDF(CardPdf.render(CARD, QR, Optional.of(PHOTO), KENYA))) {
      BufferedImage back = new PDFRenderer(pdf).renderImageWithDPI(1, 300);

      Optional<String> scanned = QrCodes.read(back);

      assertThat(scanned).contains(QR);
      assertThat(
              CredentialCodec.readCard(scanned.orElseThrow(), TestTrust.standard(), TestCards.NOW))
          .isEqualTo(new CredentialRead.Valid<>(CARD));
    }
  }

  /** Helvetica has no Cyrillic or Greek: those names are set in an embedded Unicode font. */
  @Test
  void printsNamesInOtherScripts() throws IOException {
    CardClaims card = TestCards.aCard().named("Ольга Ἀλέξανδρος", "Đặng").build();
    String qr = CredentialCodec.issueCard(card, TestCards.ISSUER_KEY);

    try (PDDocument pdf = Loader.loadPDF(CardPdf.render(card, qr, Optional.empty(), KENYA))) {
      assertThat(text(pdf)).contains("Ольга Ἀλέξανδρος").contains("Đặng");
    }
  }

  @Test
  void refusesAPhotoThatIsNotAnImage() {
    Bytes notAPhoto = Bytes.of("a photo".getBytes(StandardCharsets.US_ASCII));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CardPdf.render(CARD, QR, Optional.of(notAPhoto), KENYA))
        .withMessageContaining("not a JPEG or PNG");
  }

  /** Kenya's cards print their labels in Swahili beside English. */
  @Test
  void aKenyanCard_printsItsLabelsInSwahiliBesideEnglish() throws IOException {
    try (PDDocument pdf = Loader.loadPDF(CardPdf.render(CARD, QR, Optional.empty(), KENYA))) {
      assertThat(text(pdf))
          .contains("CHILD IDENTITY CARD", "KADI YA UTAMBULISHO WA MTOTO")
          .contains("Given names", "Majina ya kwanza")
          .contains("Date of birth", "Tarehe ya kuzaliwa")
          .contains("Female", "Kike")
          .contains("Valid until", "Halali hadi")
          .contains(CardPdf.FAMILY_LINE, CardLanguage.SWAHILI.familyLine())
          .contains(CardLanguage.SWAHILI.scanNote());
    }
  }

  @Test
  void aCongoleseCard_printsItsLabelsInFrenchBesideEnglish() throws IOException {
    try (PDDocument pdf =
        Loader.loadPDF(CardPdf.render(CARD, QR, Optional.empty(), new Jurisdiction("CD")))) {
      assertThat(text(pdf))
          .contains("Date of birth", "Date de naissance")
          .contains("Female", "Féminin")
          .contains(CardLanguage.FRENCH.familyLine())
          .doesNotContain("Tarehe");
    }
  }

  /**
   * Sudan's cards print Arabic: shaped and right to left, so that a text extractor reads back the
   * words as written, and each Arabic label ends where its English one's line ends.
   */
  @Test
  void aSudaneseCard_printsItsLabelsInArabic_shapedAndRightToLeft() throws IOException {
    try (PDDocument pdf =
        Loader.loadPDF(CardPdf.render(CARD, QR, Optional.empty(), new Jurisdiction("SD")))) {
      String text = text(pdf);
      assertThat(text)
          .contains("Date of birth", "تاريخ الميلاد")
          .contains("Given names", "الأسماء الأولى")
          .contains("Female", "أنثى")
          .contains("بطاقة هوية الطفل")
          .contains(CardPdf.FAMILY_LINE);
      Map<String, Float> starts = new HashMap<>();
      PDFTextStripper where =
          new PDFTextStripper() {
            @Override
            protected void writeString(String line, List<TextPosition> positions) {
              starts.put(line.strip(), positions.get(0).getX());
            }
          };
      where.setStartPage(1);
      where.setEndPage(1);
      where.getText(pdf);
      assertThat(starts).containsKeys("Given names", "الأسماء الأولى");
      assertThat(starts.get("الأسماء الأولى"))
          .as("the Arabic label is right of the English one")
          .isGreaterThan(starts.get("Given names") + 40);
    }
  }

  @Test
  void aCardFromAJurisdictionWithoutASecondLanguage_isInEnglishOnly() throws IOException {
    try (PDDocument pdf =
        Loader.loadPDF(CardPdf.render(CARD, QR, Optional.empty(), new Jurisdiction("ZA")))) {
      assertThat(text(pdf))
          .contains("Date of birth", "Female", CardPdf.FAMILY_LINE)
          .doesNotContain("Tarehe", "Date de naissance", "تاريخ");
    }
  }
}
