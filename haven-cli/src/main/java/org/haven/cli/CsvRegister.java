package org.haven.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.haven.node.ConfigException;

/**
 * A register's CSV export (RFC 4180, UTF-8, a header line) read row by row. A row whose quoting is
 * broken is reported and skipped, and reading goes on at the next line; a value whose bytes are not
 * UTF-8 is reported for its row. Rows are numbered by the line of the file they start on, the
 * header being line 1, so an operator finds them in an editor.
 */
final class CsvRegister {
  /** What the decoder puts for bytes that are not UTF-8; never a character of a real name. */
  static final char NOT_UTF8 = '\uFFFD';

  /** A row as read: its values by column, or why it could not be read. */
  sealed interface Row {
    /** The line of the file the row starts on. */
    int line();
  }

  /** A row read, its values by column name; a column the row lacks has no entry. */
  record Values(int line, Map<String, String> byColumn) implements Row {}

  /** A row whose quoting could not be read. */
  record Broken(int line, String reason) implements Row {}

  private final String text;
  private final int[] lineStarts;
  private final List<String> header;
  private final int bodyStart;

  private CsvRegister(String text, int[] lineStarts, List<String> header, int bodyStart) {
    this.text = text;
    this.lineStarts = lineStarts;
    this.header = header;
    this.bodyStart = bodyStart;
  }

  /**
   * Reads an export from its bytes.
   *
   * @param name the file's name, for errors
   * @throws ConfigException if the file has no header line, or a header that repeats a column
   */
  static CsvRegister of(byte[] bytes, String name) {
    String text = decode(bytes);
    int[] lineStarts = lineStarts(text);
    List<String> header;
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format())) {
      Iterator<CSVRecord> records = parser.iterator();
      if (!records.hasNext()) {
        throw new ConfigException(name + " is empty: it needs a header line naming the columns");
      }
      header = records.next().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigException(name + ": the header line is not valid CSV: " + e.getMessage(), e);
    }
    if (header.stream().distinct().count() != header.size()) {
      throw new ConfigException(name + ": the header line names a column twice");
    }
    int bodyStart = lineStarts.length > 1 ? lineStarts[1] : text.length();
    return new CsvRegister(text, lineStarts, List.copyOf(header), bodyStart);
  }

  /** The columns the header names, in order. */
  List<String> header() {
    return header;
  }

  /** What is done with each row. */
  @FunctionalInterface
  interface RowHandler {
    void handle(Row row) throws InterruptedException;
  }

  /** Gives each row in turn to {@code rows}: read, or broken. */
  void forEach(RowHandler rows) throws InterruptedException {
    int start = bodyStart;
    while (start < text.length()) {
      start = readFrom(start, rows);
    }
  }

  /**
   * Reads rows from character {@code start} until the end or a broken row, and returns where to go
   * on: the end, or the line after the one a broken row starts on.
   */
  private int readFrom(int start, RowHandler rows) throws InterruptedException {
    Reader reader = new StringReader(text.substring(start));
    long linesRead = 0;
    try (CSVParser parser = CSVParser.parse(reader, format())) {
      Iterator<CSVRecord> records = parser.iterator();
      while (true) {
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            return text.length();
          }
          record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
          // The broken row starts on the first line after those of the last row read.
          int line = lineOf(start) + (int) linesRead;
          rows.handle(new Broken(line, "broken CSV quoting: " + causeOf(e)));
          return line < lineStarts.length ? lineStarts[line] : text.length();
        }
        int line = lineOf(start + (int) record.getCharacterPosition());
        linesRead = parser.getCurrentLineNumber();
        rows.handle(new Values(line, values(record)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail", e);
    }
  }

  private Map<String, String> values(CSVRecord record) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(header.size(), record.size()); i++) {
      values.put(header.get(i), record.get(i));
    }
    return values;
  }

  /** The 1-based line that character {@code position} is on. */
  private int lineOf(int position) {
    int found = Arrays.binarySearch(lineStarts, position);
    return (found >= 0 ? found : -found - 2) + 1;
  }

  private static String causeOf(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    // commons-csv's messages end with a position in the part it was given (not the file's line)
    // and may quote the token read so far, a row's personal data: keep only what went wrong.
    return message.replaceAll("(?s)( at line|[:'\\[]).*", "").strip();
  }

  private static CSVFormat format() {
    return CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
  }

  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .replaceWith(String.valueOf(NOT_UTF8))
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder does not throw", e);
    }
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n' && i + 1 < text.length()) {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }
}
