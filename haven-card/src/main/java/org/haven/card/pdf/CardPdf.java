package org.haven.card.pdf;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.haven.card.CardClaims;
import org.haven.card.qr.QrCodes;
import org.haven.card.qr.QrSymbol;
import org.haven.core.bytes.Bytes;

/**
 * The printable card: two pages of ID-1 size (ISO/IEC 7810, 85.60 × 53.98 mm), the front with the
 * photo, names, date of birth, child number and issuer, the back with the QR code as large as the
 * card allows. The QR code is drawn as vector squares, so it prints sharp at any resolution.
 */
public final class CardPdf {
  /** Points per millimetre: a point is 1/72 inch. */
  private static final float MM = 72f / 25.4f;

  /** ID-1 width, ISO/IEC 7810. */
  public static final float WIDTH_MM = 85.60f;

  /** ID-1 height, ISO/IEC 7810. */
  public static final float HEIGHT_MM = 53.98f;

  /** What the card tells the family, in plain words. */
  public static final String FAMILY_LINE =
      "This card proves who your child is. Keep it safe; show it at the border.";

  private static final float WIDTH = WIDTH_MM * MM;
  private static final float HEIGHT = HEIGHT_MM * MM;
  private static final float MARGIN = 2.5f * MM;
  private static final float BAND = 7 * MM;
  private static final float PHOTO_WIDTH = 21 * MM;
  private static final float PHOTO_HEIGHT = 26.25f * MM;
  private static final Color BAND_COLOUR = new Color(0x1f, 0x3a, 0x5f);
  private static final Color LABEL_COLOUR = new Color(0x55, 0x55, 0x55);

  private CardPdf() {}

  /**
   * Lays out the card.
   *
   * @param qrPayload the card's QR text, from {@link org.haven.card.CredentialCodec#issueCard}
   * @param photo the photo to print, JPEG or PNG; if empty, the card's own face image is printed,
   *     and if there is none either, the photo box says so
   * @throws org.haven.card.qr.QrTooLargeException if the payload needs too large a QR code
   * @throws IllegalArgumentException if the photo is not an image, or a name holds characters that
   *     no font on this machine can print
   */
  public static byte[] render(CardClaims card, String qrPayload, Optional<Bytes> photo) {
    QrSymbol symbol = QrCodes.encode(qrPayload);
    try (PDDocument document = new PDDocument()) {
      PdfFonts fonts = new PdfFonts(document);
      Optional<Bytes> picture = photo.isPresent() ? photo : card.face();
      drawFront(document, fonts, card, picture);
      drawBack(document, fonts, card, symbol);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("Failed to lay out a card PDF in memory", e);
    }
  }

  private static PDPage newPage(PDDocument document) {
    PDPage page = new PDPage(new PDRectangle(WIDTH, HEIGHT));
    document.addPage(page);
    return page;
  }

  private static void drawFront(
      PDDocument document, PdfFonts fonts, CardClaims card, Optional<Bytes> picture)
      throws IOException {
    PDPage page = newPage(document);
    PDImageXObject image = picture.isPresent() ? image(document, picture.get()) : null;
    try (PDPageContentStream out = new PDPageContentStream(document, page)) {
      out.setNonStrokingColor(BAND_COLOUR);
      out.addRect(0, HEIGHT - BAND, WIDTH, BAND);
      out.fill();
      out.setNonStrokingColor(Color.WHITE);
      text(
          out,
          fonts.bold("CHILD IDENTITY CARD"),
          8,
          "CHILD IDENTITY CARD",
          MARGIN,
          HEIGHT - 5 * MM);

      float photoTop = HEIGHT - BAND - 2 * MM;
      drawPhoto(out, fonts, image, MARGIN, photoTop - PHOTO_HEIGHT);

      float x = MARGIN + PHOTO_WIDTH + 3 * MM;
      float width = WIDTH - x - MARGIN;
      float y = photoTop - 2 * MM;
      y = field(out, fonts, "Given names", card.givenNames(), x, y, width);
      y = field(out, fonts, "Family names", card.familyNames(), x, y, width);
      float row = y;
      field(out, fonts, "Date of birth", card.dateOfBirth().toString(), x, row, width / 2);
      y = field(out, fonts, "Sex", sexLabel(card), x + width / 2, row, width / 2);
      y = field(out, fonts, "Child number", card.child().display(), x, y, width);
      row = y;
      field(out, fonts, "Issued by", card.issuer().value(), x, row, width / 2);
      field(
          out,
          fonts,
          "Valid until",
          card.expiresAt().atZone(ZoneOffset.UTC).toLocalDate().toString(),
          x + width / 2,
          row,
          width / 2);

      out.setNonStrokingColor(Color.BLACK);
      List<String> lines = wrap(fonts.regular(FAMILY_LINE), 6, FAMILY_LINE, WIDTH - 2 * MARGIN);
      float lineY = MARGIN + (lines.size() - 1) * 7;
      for (String line : lines) {
        text(out, fonts.regular(line), 6, line, MARGIN, lineY);
        lineY -= 7;
      }
    }
  }

  private static void drawPhoto(
      PDPageContentStream out, PdfFonts fonts, PDImageXObject image, float x, float y)
      throws IOException {
    if (image == null) {
      out.setNonStrokingColor(new Color(0xee, 0xee, 0xee));
      out.addRect(x, y, PHOTO_WIDTH, PHOTO_HEIGHT);
      out.fill();
      out.setNonStrokingColor(LABEL_COLOUR);
      text(out, fonts.regular("No photo"), 6, "No photo", x + 2 * MM, y + PHOTO_HEIGHT / 2);
      return;
    }
    float scale = Math.min(PHOTO_WIDTH / image.getWidth(), PHOTO_HEIGHT / image.getHeight());
    float width = image.getWidth() * scale;
    float height = image.getHeight() * scale;
    out.drawImage(
        image, x + (PHOTO_WIDTH - width) / 2, y + (PHOTO_HEIGHT - height) / 2, width, height);
  }

  private static void drawBack(
      PDDocument document, PdfFonts fonts, CardClaims card, QrSymbol symbol) throws IOException {
    PDPage page = newPage(document);
    float side = HEIGHT - 2 * MARGIN;
    try (PDPageContentStream out = new PDPageContentStream(document, page)) {
      drawQr(out, symbol, MARGIN, MARGIN, side);
      float x = MARGIN + side + 2 * MM;
      float width = WIDTH - x - MARGIN;
      float y = HEIGHT - MARGIN - 3 * MM;
      y = field(out, fonts, "Child number", card.child().display(), x, y, width);
      y = field(out, fonts, "Issued by", card.issuer().value(), x, y, width);
      out.setNonStrokingColor(LABEL_COLOUR);
      String note = "Border officers scan this code to check the card, even offline.";
      for (String line : wrap(fonts.regular(note), 5.5f, note, width)) {
        text(out, fonts.regular(line), 5.5f, line, x, y);
        y -= 6.5f;
      }
    }
  }

  /**
   * The QR code with its quiet zone in a square of {@code side} points, dark runs as rectangles.
   */
  private static void drawQr(PDPageContentStream out, QrSymbol symbol, float x, float y, float side)
      throws IOException {
    int modules = symbol.size() + 2 * QrCodes.QUIET_ZONE;
    float module = side / modules;
    out.setNonStrokingColor(Color.WHITE);
    out.addRect(x, y, side, side);
    out.fill();
    out.setNonStrokingColor(Color.BLACK);
    float left = x + QrCodes.QUIET_ZONE * module;
    float top = y + side - QrCodes.QUIET_ZONE * module;
    for (int row = 0; row < symbol.size(); row++) {
      int column = 0;
      while (column < symbol.size()) {
        if (!symbol.isDark(column, row)) {
          column++;
          continue;
        }
        int start = column;
        while (column < symbol.size() && symbol.isDark(column, row)) {
          column++;
        }
        out.addRect(
            left + start * module, top - (row + 1) * module, (column - start) * module, module);
      }
    }
    out.fill();
  }

  /** A small grey label above a bold value; returns the y of the next field. */
  private static float field(
      PDPageContentStream out,
      PdfFonts fonts,
      String label,
      String value,
      float x,
      float y,
      float width)
      throws IOException {
    out.setNonStrokingColor(LABEL_COLOUR);
    text(out, fonts.regular(label), 5, label, x, y);
    out.setNonStrokingColor(Color.BLACK);
    PDFont font = fonts.bold(value);
    float size = fitSize(font, value, width, 8.5f, 5.5f);
    text(out, font, size, value, x, y - 3.3f * MM);
    return y - 6.6f * MM;
  }

  /** The largest size from {@code max} down to {@code min} at which {@code text} fits. */
  private static float fitSize(PDFont font, String text, float width, float max, float min)
      throws IOException {
    float textWidth = font.getStringWidth(text) / 1000;
    return textWidth == 0 ? max : Math.max(min, Math.min(max, width / textWidth));
  }

  private static List<String> wrap(PDFont font, float size, String text, float width)
      throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (line.length() > 0 && font.getStringWidth(candidate) / 1000 * size > width) {
        lines.add(line.toString());
        line.setLength(0);
        line.append(word);
      } else {
        line.setLength(0);
        line.append(candidate);
      }
    }
    lines.add(line.toString());
    return lines;
  }

  private static void text(
      PDPageContentStream out, PDFont font, float size, String text, float x, float y)
      throws IOException {
    out.beginText();
    out.setFont(font, size);
    out.newLineAtOffset(x, y);
    out.showText(text);
    out.endText();
  }

  private static PDImageXObject image(PDDocument document, Bytes picture) {
    try {
      return PDImageXObject.createFromByteArray(document, picture.toArray(), "photo");
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("photo: not a JPEG or PNG image", e);
    }
  }

  private static String sexLabel(CardClaims card) {
    return switch (card.sex()) {
      case MALE -> "Male";
      case FEMALE -> "Female";
      case NOT_KNOWN -> "Not known";
      case NOT_APPLICABLE -> "Not applicable";
    };
  }
}
