package org.haven.node.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A report as CSV (RFC 4180, with {@code #} comment lines): comments naming the report, the
 * organisation, what it covers and when it was made, then each table as a comment with its title, a
 * header row of column names and its rows. Spreadsheets read the tables; {@code #} lines are
 * skipped by any reader told they are comments.
 */
public final class ReportCsv {
  /** The media type of the CSV, as served. */
  public static final String MEDIA_TYPE = "text/csv; charset=utf-8";

  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setCommentMarker('#').get();

  /** What a spreadsheet takes for the start of a formula (OWASP, "CSV Injection"). */
  private static final String FORMULA_STARTS = "=+-@\t\r";

  private ReportCsv() {}

  /**
   * The cell as text a spreadsheet shows and never runs: an officer wrote the purposes of reads,
   * and one starting like a formula gets an apostrophe in front, as the access log's export does.
   */
  static Object inert(Object cell) {
    return cell instanceof String text
            && !text.isEmpty()
            && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0
        ? "'" + text
        : cell;
  }

  public static String of(Report report) {
    StringWriter text = new StringWriter();
    try (CSVPrinter out = new CSVPrinter(text, FORMAT)) {
      out.printComment("Haven report: " + report.kind().title());
      out.printComment(
          "Organisation: " + report.organisationName() + " (" + report.organisation() + ")");
      out.printComment("Covers: " + report.scope() + ", " + report.period());
      out.printComment("Generated: " + DateTimeFormatter.ISO_INSTANT.format(report.generatedAt()));
      for (ReportTable table : report.tables()) {
        out.printComment(table.title());
        out.printRecord(table.columns().stream().map(ReportTable.Column::id));
        for (List<Object> row : table.rows()) {
          out.printRecord(row.stream().map(ReportCsv::inert).toList());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing CSV to memory failed", e);
    }
    return text.toString();
  }
}
