package org.haven.node.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.node.auth.DurableFiles;

/**
 * The births a jurisdiction expects in a year, against which the registration report measures
 * completeness. A registrar of the jurisdiction sets each year's figure, usually the national
 * statistics office's projection; it is the organisation's own planning figure, not a fact about
 * children, so it lives in the node's data directory ({@value #FILE}), not on the ledger. Each
 * figure keeps who set it and when.
 */
public final class ExpectedBirths {
  /** The file in the node's data directory. */
  public static final String FILE = "expected-births.json";

  /** The largest figure a year may have: more than the births of the whole world. */
  public static final int MAX_BIRTHS = 200_000_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One year's figure.
   *
   * @param setBy the registrar who set it
   * @param setAtMillis when they set it
   */
  public record Figure(long births, String setBy, long setAtMillis) {
    public Figure {
      Objects.requireNonNull(setBy, "setBy");
    }
  }

  private final Path file;
  private final Map<String, Map<Integer, Figure>> figures;

  private ExpectedBirths(Path file, Map<String, Map<Integer, Figure>> figures) {
    this.file = file;
    this.figures = figures;
  }

  /**
   * The figures kept in {@code dataDir}, none if the file is not there yet.
   *
   * @throws IOException if the file cannot be read or is not the JSON this class writes
   */
  public static ExpectedBirths open(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    Map<String, Map<Integer, Figure>> figures = new TreeMap<>();
    if (Files.exists(file)) {
      figures.putAll(
          JSON.readValue(
              file.toFile(), new TypeReference<Map<String, TreeMap<Integer, Figure>>>() {}));
    }
    return new ExpectedBirths(file, figures);
  }

  /** The figure set for {@code year} in {@code jurisdiction}, if one was. */
  public synchronized Optional<Figure> figure(Jurisdiction jurisdiction, Year year) {
    return Optional.ofNullable(
        figures.getOrDefault(jurisdiction.code(), Map.of()).get(year.getValue()));
  }

  /** Every figure of {@code jurisdiction}, by year. */
  public synchronized Map<Integer, Figure> figures(Jurisdiction jurisdiction) {
    return Map.copyOf(figures.getOrDefault(jurisdiction.code(), Map.of()));
  }

  /**
   * Sets the figure for {@code year} in {@code jurisdiction}, durably, replacing any earlier one.
   *
   * @throws IllegalArgumentException naming {@code births} if it is not 1 to {@link #MAX_BIRTHS}
   * @throws UncheckedIOException if the file cannot be written; the figures stay as they were
   */
  public synchronized Figure set(
      Jurisdiction jurisdiction, Year year, long births, OfficerId by, long atMillis) {
    if (births < 1 || births > MAX_BIRTHS) {
      throw new IllegalArgumentException("births: must be 1 to " + MAX_BIRTHS + ", got " + births);
    }
    Figure figure = new Figure(births, by.value(), atMillis);
    Map<String, Map<Integer, Figure>> next = new TreeMap<>(figures);
    Map<Integer, Figure> years = new TreeMap<>(next.getOrDefault(jurisdiction.code(), Map.of()));
    years.put(year.getValue(), figure);
    next.put(jurisdiction.code(), years);
    try {
      DurableFiles.replace(file, JSON.writeValueAsBytes(next), ".expected-births");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the expected births to " + file, e);
    }
    figures.put(jurisdiction.code(), years);
    return figure;
  }
}
