package org.haven.node.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.haven.card.pdf.PdfFonts;

/**
 * A report as a printable A4 PDF: the organisation's name, what the report covers and the date it
 * was made at the top of the first page, then each table with its English headings, on as many
 * pages as it takes.
 */
public final class ReportPdf {
  /** The media type of the PDF, as served. */
  public static final String MEDIA_TYPE = "application/pdf";

  private static final float MARGIN = 48;
  private static final float BODY = 9;
  private static final float HEADING = 7.5f;
  private static final float LINE = 1.35f;
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final PDDocument document;
  private final PdfFonts fonts;
  private PDPageContentStream out;
  private float y;

  private ReportPdf(PDDocument document) {
    this.document = document;
    this.fonts = new PdfFonts(document);
  }

  /**
   * The report's PDF.
   *
   * @throws IllegalArgumentException if a name holds characters no font on this machine prints
   */
  public static byte[] of(Report report) {
    try (PDDocument document = new PDDocument()) {
      ReportPdf pdf = new ReportPdf(document);
      pdf.write(report);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      document.save(bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the report's PDF to memory failed", e);
    }
  }

  private void write(Report report) throws IOException {
    newPage();
    try {
      line(fonts.bold(report.organisationName()), 16, report.organisationName());
      String title = "Haven report: " + report.kind().title();
      line(fonts.bold(title), 13, title);
      for (String fact :
          List.of(
              "Organisation: " + report.organisationName() + " (" + report.organisation() + ")",
              "Covers: " + report.scope() + ", " + report.period(),
              "Generated: " + DATE.format(report.generatedAt()))) {
        line(fonts.regular(fact), BODY, fact);
      }
      for (ReportTable table : report.tables()) {
        y -= BODY;
        table(table);
      }
    } finally {
      out.close();
    }
  }

  private void table(ReportTable table) throws IOException {
    float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
    float column = width / table.columns().size();
    List<List<String>> headings = new ArrayList<>();
    int headingLines = 1;
    for (ReportTable.Column heading : table.columns()) {
      List<String> lines = wrap(heading.label(), column - 4);
      headings.add(lines);
      headingLines = Math.max(headingLines, lines.size());
    }
    room(BODY * LINE * 3 + HEADING * LINE * headingLines);
    line(fonts.bold(table.title()), BODY + 1, table.title());
    for (int i = 0; i < headingLines; i++) {
      for (int c = 0; c < headings.size(); c++) {
        List<String> lines = headings.get(c);
        if (i < lines.size()) {
          text(fonts.bold(lines.get(i)), HEADING, lines.get(i), MARGIN + c * column);
        }
      }
      y -= HEADING * LINE;
    }
    for (List<Object> row : table.rows()) {
      room(BODY * LINE);
      for (int c = 0; c < row.size(); c++) {
        String cell = row.get(c).toString();
        text(fonts.regular(cell), BODY, cell, MARGIN + c * column);
      }
      y -= BODY * LINE;
    }
  }

  private List<String> wrap(String text, float width) throws IOException {
    PDFont font = fonts.bold(text);
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : text.split(" ")) {
      String tried = current.isEmpty() ? word : current + " " + word;
      if (!current.isEmpty() && font.getStringWidth(tried) / 1000 * HEADING > width) {
        lines.add(current.toString());
        current = new StringBuilder(word);
      } else {
        current = new StringBuilder(tried);
      }
    }
    lines.add(current.toString());
    return lines;
  }

  private void line(PDFont font, float size, String text) throws IOException {
    room(size * LINE);
    text(font, size, text, MARGIN);
    y -= size * LINE;
  }

  private void text(PDFont font, float size, String text, float x) throws IOException {
    out.beginText();
    out.setFont(font, size);
    out.newLineAtOffset(x, y - size);
    out.showText(text);
    out.endText();
  }

  /** Starts a new page unless {@code height} fits above the bottom margin. */
  private void room(float height) throws IOException {
    if (y - height < MARGIN) {
      out.close();
      newPage();
    }
  }

  private void newPage() throws IOException {
    PDPage page = new PDPage(PDRectangle.A4);
    document.addPage(page);
    out = new PDPageContentStream(document, page);
    y = PDRectangle.A4.getHeight() - MARGIN;
  }
}
