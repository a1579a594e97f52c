package org.haven.cli;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.haven.node.ConfigException;

/**
 * A register's CSV export (RFC 4180, UTF-8, a header line, lines ending in LF or CRLF) read row by
 * row as a stream from the file. A row whose quoting is broken is reported and skipped, and reading
 * goes on at the next line (the file is read again from there: only a broken row costs a seek); a
 * value whose bytes are not UTF-8 is reported for its row. Rows are numbered by the line of the
 * file they start on, the header being line 1, so an operator finds them in an editor.
 */
final class CsvRegister implements ImportSource {
  private final Path file;
  private final List<String> header;
  private final long bodyStart;
  private final int bodyLine;
  private final String sha256;

  private CsvRegister(Path file, List<String> header, long bodyStart, int bodyLine, String sha256) {
    this.file = file;
    this.header = header;
    this.bodyStart = bodyStart;
    this.bodyLine = bodyLine;
    this.sha256 = sha256;
  }

  /**
   * Opens an export and reads its header.
   *
   * @throws ConfigException if the file cannot be read, has no header line, or a header that
   *     repeats a column
   */
  static CsvRegister open(Path file) {
    try {
      String sha256 = InputDigest.of(List.of(file));
      List<String> header;
      int lines;
      try (Reader reader = reader(file, 0);
          CSVParser parser = CSVParser.parse(reader, format())) {
        Iterator<CSVRecord> records = parser.iterator();
        if (!records.hasNext()) {
          throw new ConfigException(file + " is empty: it needs a header line naming the columns");
        }
        header = records.next().toList();
        lines = (int) parser.getCurrentLineNumber();
      } catch (UncheckedIOException | IllegalStateException e) {
        throw new ConfigException(file + ": the header line is not valid CSV: " + causeOf(e), e);
      }
      if (header.stream().distinct().count() != header.size()) {
        throw new ConfigException(file + ": the header line names a column twice");
      }
      long bodyStart = offsetOfLine(file, 0, 1, lines + 1);
      return new CsvRegister(file, List.copyOf(header), bodyStart, lines + 1, sha256);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + " does not exist", e);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String whereColumn() {
    return "line";
  }

  @Override
  public List<String> columns() {
    return header;
  }

  @Override
  public String sha256() {
    return sha256;
  }

  @Override
  public void forEach(RowHandler rows) throws InterruptedException {
    try {
      long offset = bodyStart;
      int line = bodyLine;
      while (offset >= 0) {
        int broken = readFrom(offset, line, rows);
        if (broken < 0) {
          return;
        }
        offset = offsetOfLine(file, offset, line, broken + 1);
        line = broken + 1;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads rows from byte {@code offset}, where line {@code firstLine} starts, until the end (then
   * returns -1) or a broken row (then returns the line it starts on).
   */
  private int readFrom(long offset, int firstLine, RowHandler rows)
      throws IOException, InterruptedException {
    try (Reader reader = reader(file, offset);
        CSVParser parser = CSVParser.parse(reader, format())) {
      Iterator<CSVRecord> records = parser.iterator();
      int start = firstLine;
      while (true) {
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            return -1;
          }
          record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
          rows.handle(
              new Broken(start, String.valueOf(start), "broken CSV quoting: " + causeOf(e)));
          return start;
        }
        int line = start;
        start = firstLine + (int) parser.getCurrentLineNumber();
        boolean emptyLine = record.size() == 1 && record.get(0).isEmpty();
        if (!emptyLine) {
          rows.handle(new Values(line, String.valueOf(line), values(record)));
        }
      }
    }
  }

  /**
   * The byte offset where line {@code target} starts, reading on from {@code offset}, where line
   * {@code fromLine} starts; -1 if the file ends first. A line feed is never part of a longer UTF-8
   * sequence, so counting its bytes counts lines.
   */
  private static long offsetOfLine(Path file, long offset, int fromLine, int target)
      throws IOException {
    try (InputStream in = new BufferedInputStream(stream(file, offset))) {
      long at = offset;
      for (int line = fromLine; line < target; at++) {
        int next = in.read();
        if (next < 0) {
          return -1;
        }
        if (next == '\n') {
          line++;
        }
      }
      return at;
    }
  }

  private Map<String, String> values(CSVRecord record) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(header.size(), record.size()); i++) {
      values.put(header.get(i), record.get(i));
    }
    return values;
  }

  private static InputStream stream(Path file, long offset) throws IOException {
    SeekableByteChannel channel = Files.newByteChannel(file);
    try {
      return Channels.newInputStream(channel.position(offset));
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  /** The file from byte {@code offset} on, decoded as UTF-8 with U+FFFD for bytes that are not. */
  private static Reader reader(Path file, long offset) throws IOException {
    return new BufferedReader(ImportSource.decoding(stream(file, offset)));
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
    // Empty lines are records of one empty value, skipped here, so that lines are counted.
    return CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
  }
}
