package org.haven.card.pdf;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.Bidi;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.identity.Sex;

/**
 * The printable card: two pages of ID-1 size (ISO/IEC 7810, 85.60 × 53.98 mm), the front with the
 * photo, names, date of birth, child number and issuer, the back with the QR code as large as the
 * card allows. The QR code is drawn as vector squares, so it prints sharp at any resolution. Its
 * labels are in English and, beside them, in the issuing jurisdiction's language ({@link
 * CardLanguage}): English at the start of a line, the other language at its end. Every text is
 * drawn as {@link VisualText} lays it out, so Arabic is shaped and right to left.
 */
public final class CardPdf {
  /** Points per millimetre: a point is 1/72 inch. */
  private static final float MM = 72f / 25.4f;

  /** ID-1 width, ISO/IEC 7810. */
  public static final float WIDTH_MM = 85.60f;

  /** ID-1 height, ISO/IEC 7810. */
  public static final float HEIGHT_MM = 53.98f;

  /** What the card tells the family, in plain words. */
  public static final String FAMILY_LINE = CardLanguage.ENGLISH.familyLine();

  /** The smallest size a label is set in to fit both its languages: 3.5 points, about 1.2 mm. */
  private static final float SMALLEST_LABEL = 3.5f;

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
   * @param jurisdiction where the card is issued: its language, if it has one of {@link
   *     CardLanguage}, is printed beside English
   * @throws org.haven.card.qr.QrTooLargeException if the payload needs too large a QR code
   * @throws IllegalArgumentException if the photo is not an image, or a name holds characters that
   *     no font on this machine can print
   */
  public static byte[] render(
      CardClaims card, String qrPayload, Optional<Bytes> photo, Jurisdiction jurisdiction) {
    QrSymbol symbol = QrCodes.encode(qrPayload);
    try (PDDocument document = new PDDocument()) {
      Writer writer = new Writer(new PdfFonts(document), CardLanguage.besideEnglish(jurisdiction));
      Optional<Bytes> picture = photo.isPresent() ? photo : card.face();
      drawFront(document, writer, card, picture);
      drawBack(document, writer, card, symbol);
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
      PDDocument document, Writer writer, CardClaims card, Optional<Bytes> picture)
      throws IOException {
    PDPage page = newPage(document);
    PDImageXObject image = picture.isPresent() ? image(document, picture.get()) : null;
    try (PDPageContentStream out = new PDPageContentStream(document, page)) {
      out.setNonStrokingColor(BAND_COLOUR);
      out.addRect(0, HEIGHT - BAND, WIDTH, BAND);
      out.fill();
      out.setNonStrokingColor(Color.WHITE);
      writer.line(out, CardLanguage::title, true, 8, MARGIN, HEIGHT - 5 * MM, WIDTH - 2 * MARGIN);

      float photoTop = HEIGHT - BAND - 2 * MM;
      drawPhoto(out, writer, image, MARGIN, photoTop - PHOTO_HEIGHT);

      float x = MARGIN + PHOTO_WIDTH + 3 * MM;
      float width = WIDTH - x - MARGIN;
      float y = photoTop - 2 * MM;
      y = writer.field(out, CardLanguage::givenNames, card.givenNames(), x, y, width);
      y = writer.field(out, CardLanguage::familyNames, card.familyNames(), x, y, width);
      float row = y;
      String born = card.dateOfBirth().toString();
      writer.field(out, CardLanguage::dateOfBirth, born, x, row, width / 2 - MM);
      y = writer.sexField(out, card.sex(), x + width / 2, row, width / 2);
      y = writer.field(out, CardLanguage::childNumber, card.child().display(), x, y, width);
      row = y;
      writer.field(out, CardLanguage::issuedBy, card.issuer().value(), x, row, width / 2 - MM);
      String expires = card.expiresAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
      writer.field(out, CardLanguage::validUntil, expires, x + width / 2, row, width / 2);

      out.setNonStrokingColor(Color.BLACK);
      writer.paragraphUp(out, CardLanguage::familyLine, 5.5f, MARGIN, MARGIN, WIDTH - 2 * MARGIN);
    }
  }

  private static void drawPhoto(
      PDPageContentStream out, Writer writer, PDImageXObject image, float x, float y)
      throws IOException {
    if (image == null) {
      out.setNonStrokingColor(new Color(0xee, 0xee, 0xee));
      out.addRect(x, y, PHOTO_WIDTH, PHOTO_HEIGHT);
      out.fill();
      out.setNonStrokingColor(LABEL_COLOUR);
      writer.paragraphDown(
          out, CardLanguage::noPhoto, 6, x + 2 * MM, y + PHOTO_HEIGHT / 2, PHOTO_WIDTH - 4 * MM);
      return;
    }
    float scale = Math.min(PHOTO_WIDTH / image.getWidth(), PHOTO_HEIGHT / image.getHeight());
    float width = image.getWidth() * scale;
    float height = image.getHeight() * scale;
    out.drawImage(
        image, x + (PHOTO_WIDTH - width) / 2, y + (PHOTO_HEIGHT - height) / 2, width, height);
  }

  private static void drawBack(PDDocument document, Writer writer, CardClaims card, QrSymbol symbol)
      throws IOException {
    PDPage page = newPage(document);
    float side = HEIGHT - 2 * MARGIN;
    try (PDPageContentStream out = new PDPageContentStream(document, page)) {
      drawQr(out, symbol, MARGIN, MARGIN, side);
      float x = MARGIN + side + 2 * MM;
      float width = WIDTH - x - MARGIN;
      float y = HEIGHT - MARGIN - 3 * MM;
      y = writer.field(out, CardLanguage::childNumber, card.child().display(), x, y, width);
      y = writer.field(out, CardLanguage::issuedBy, card.issuer().value(), x, y, width);
      out.setNonStrokingColor(LABEL_COLOUR);
      writer.paragraphDown(out, CardLanguage::scanNote, 5.5f, x, y, width);
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

  /**
   * Writes the card's texts in English and, when the jurisdiction has one, in its language: a
   * label's two languages on one line (English at the start, the other at the end), a paragraph's
   * one after the other.
   */
  private record Writer(PdfFonts fonts, Optional<CardLanguage> other) {
    /** A small grey label above a bold value; returns the y of the next field. */
    float field(
        PDPageContentStream out,
        Function<CardLanguage, String> label,
        String value,
        float x,
        float y,
        float width)
        throws IOException {
      out.setNonStrokingColor(LABEL_COLOUR);
      line(out, label, false, 5, x, y, width);
      out.setNonStrokingColor(Color.BLACK);
      String shown = VisualText.of(value);
      PDFont font = fonts.bold(shown);
      float size = fitSize(font, shown, width, 8.5f, 5.5f);
      show(out, font, size, shown, x, y - 3.3f * MM);
      return y - 6.6f * MM;
    }

    /** The sex field, whose value is a word in both languages too. */
    float sexField(PDPageContentStream out, Sex sex, float x, float y, float width)
        throws IOException {
      out.setNonStrokingColor(LABEL_COLOUR);
      line(out, CardLanguage::sex, false, 5, x, y, width);
      out.setNonStrokingColor(Color.BLACK);
      line(out, language -> language.sex(sex), true, 8.5f, x, y - 3.3f * MM, width);
      return y - 6.6f * MM;
    }

    /**
     * One line: the English text at x, the other language's ending at x + width, both at the
     * largest size up to {@code size} at which they fit with 2 mm between them.
     */
    void line(
        PDPageContentStream out,
        Function<CardLanguage, String> text,
        boolean bold,
        float size,
        float x,
        float y,
        float width)
        throws IOException {
      String english = VisualText.of(text.apply(CardLanguage.ENGLISH));
      PDFont englishFont = bold ? fonts.bold(english) : fonts.regular(english);
      if (other.isEmpty()) {
        show(
            out,
            englishFont,
            fitSize(englishFont, english, width, size, SMALLEST_LABEL),
            english,
            x,
            y);
        return;
      }
      String local = VisualText.of(text.apply(other.get()));
      PDFont localFont = bold ? fonts.bold(local) : fonts.regular(local);
      float both = (englishFont.getStringWidth(english) + localFont.getStringWidth(local)) / 1000;
      float fitted = Math.max(SMALLEST_LABEL, Math.min(size, (width - 2 * MM) / both));
      show(out, englishFont, fitted, english, x, y);
      float localWidth = localFont.getStringWidth(local) / 1000 * fitted;
      show(out, localFont, fitted, local, x + width - localWidth, y);
    }

    /** A paragraph in each language, wrapped to width, the last line's baseline at y. */
    void paragraphUp(
        PDPageContentStream out,
        Function<CardLanguage, String> text,
        float size,
        float x,
        float y,
        float width)
        throws IOException {
      List<String> lines = lines(text, size, width);
      drawLines(lines, out, size, x, y + (lines.size() - 1) * (size + 1), width);
    }

    /** A paragraph in each language, wrapped to width, the first line's baseline at y. */
    void paragraphDown(
        PDPageContentStream out,
        Function<CardLanguage, String> text,
        float size,
        float x,
        float y,
        float width)
        throws IOException {
      drawLines(lines(text, size, width), out, size, x, y, width);
    }

    private void drawLines(
        List<String> lines, PDPageContentStream out, float size, float x, float y, float width)
        throws IOException {
      float lineY = y;
      for (String line : lines) {
        String shown = VisualText.of(line);
        PDFont font = fonts.regular(shown);
        float lineWidth = font.getStringWidth(shown) / 1000 * size;
        boolean atEnd = !new Bidi(line, Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT).baseIsLeftToRight();
        show(out, font, size, shown, atEnd ? x + width - lineWidth : x, lineY);
        lineY -= size + 1;
      }
    }

    /** The lines of the English text, then of the other language's, each wrapped to width. */
    private List<String> lines(Function<CardLanguage, String> text, float size, float width)
        throws IOException {
      List<String> lines = new ArrayList<>(wrap(text.apply(CardLanguage.ENGLISH), size, width));
      if (other.isPresent()) {
        lines.addAll(wrap(text.apply(other.get()), size, width));
      }
      return lines;
    }

    /** The text's words in lines no wider than width, in reading order. */
    private List<String> wrap(String text, float size, float width) throws IOException {
      List<String> lines = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      for (String word : text.split(" ")) {
        String candidate = line.length() == 0 ? word : line + " " + word;
        String shown = VisualText.of(candidate);
        if (line.length() > 0 && fonts.regular(shown).getStringWidth(shown) / 1000 * size > width) {
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
  }

  /** The largest size from {@code max} down to {@code min} at which {@code text} fits. */
  private static float fitSize(PDFont font, String text, float width, float max, float min)
      throws IOException {
    float textWidth = font.getStringWidth(text) / 1000;
    return textWidth == 0 ? max : Math.max(min, Math.min(max, width / textWidth));
  }

  /** Draws text already in visual order ({@link VisualText}). */
  private static void show(
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
}
