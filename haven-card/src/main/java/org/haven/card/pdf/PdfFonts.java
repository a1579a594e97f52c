package org.haven.card.pdf;

import java.io.IOException;
import java.io.InputStream;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.apache.pdfbox.pdmodel.font.FontMapping;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Helvetica where it can print the text, as every PDF reader has it; otherwise a Unicode font from
 * this machine, embedded as a subset, for names in other scripts.
 */
public final class PdfFonts {
  private final PDDocument document;
  private final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  private PDFont unicode;

  /** Fonts for one document, which embeds the Unicode font when first needed. */
  public PdfFonts(PDDocument document) {
    this.document = document;
  }

  /** Helvetica if it prints {@code text}, else the Unicode font. */
  public PDFont regular(String text) throws IOException {
    return canPrint(regular, text) ? regular : unicode(text);
  }

  /** Helvetica Bold if it prints {@code text}, else the Unicode font. */
  public PDFont bold(String text) throws IOException {
    return canPrint(bold, text) ? bold : unicode(text);
  }

  private PDFont unicode(String text) throws IOException {
    if (unicode == null) {
      FontMapping<TrueTypeFont> mapping =
          FontMappers.instance().getTrueTypeFont("DejaVuSans", null);
      try (InputStream data = mapping.getFont().getOriginalData()) {
        unicode = PDType0Font.load(document, data, true);
      }
    }
    if (!canPrint(unicode, text)) {
      throw new IllegalArgumentException(
          "a name holds characters that no font on this machine can print; install a font"
              + " for its script");
    }
    return unicode;
  }

  private static boolean canPrint(PDFont font, String text) throws IOException {
    try {
      font.encode(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
