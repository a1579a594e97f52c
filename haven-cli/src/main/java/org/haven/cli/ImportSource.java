package org.haven.cli;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A register being imported, read as a stream of rows: a CSV export ({@link CsvRegister}) or FHIR
 * R4 bundles ({@link FhirRegister}). Each row has a number, the same in every run over the same
 * input, which the progress file keeps, and a place an operator can find it by (a line of the CSV
 * file, an entry of a bundle). Neither format is ever held whole in memory.
 */
interface ImportSource {
  /** What the decoder puts for bytes that are not UTF-8; never a character of a real name. */
  char NOT_UTF8 = '\uFFFD';

  /** {@code in} decoded as UTF-8, with {@link #NOT_UTF8} for bytes that are not. */
  static Reader decoding(InputStream in) {
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)
            .replaceWith(String.valueOf(NOT_UTF8)));
  }

  /** A row as read: its values by column, or why it could not be read. */
  sealed interface Row {
    /** The row's number in the input, the same in every run: what the progress file records. */
    int number();

    /** Where the row is in the input, for the rejects file: a line, a bundle's entry. */
    String where();
  }

  /** A row read, its values by column; a column the row lacks has no entry. */
  record Values(int number, String where, Map<String, String> byColumn) implements Row {}

  /** A row that could not be read, and why (never quoting its content). */
  record Broken(int number, String where, String reason) implements Row {}

  /** What is done with each row. */
  @FunctionalInterface
  interface RowHandler {
    void handle(Row row) throws InterruptedException;
  }

  /** What the rejects file calls {@link Row#where()}: {@code line} or {@code record}. */
  String whereColumn();

  /** The columns a row may have, which the mapping's columns must be among. */
  List<String> columns();

  /** The input's SHA-256, in hex: what the progress file's rows refer to. */
  String sha256();

  /** Gives each row in turn to {@code rows}, reading the input as a stream. */
  void forEach(RowHandler rows) throws InterruptedException;
}
