package org.haven.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.haven.node.ConfigException;

/**
 * An import's progress file: a first line naming the input (its SHA-256 and the register), then one
 * line per row finished, {@code LINE<tab>OUTCOME<tab>CHILD-NUMBER}, written and flushed when the
 * row's last request is answered (rows may finish out of order, several being sent at once). A run
 * that stopped, even by {@code kill -9}, goes on from it; a row in flight is sent again with the
 * same idempotency keys. Readable by its owner only.
 */
final class ImportProgress implements AutoCloseable {
  /** How a row ended. */
  enum Outcome {
    IMPORTED,
    REVIEW,
    REJECTED
  }

  private final Map<Integer, Outcome> done;
  private final Writer writer;

  private ImportProgress(Map<Integer, Outcome> done, Writer writer) {
    this.done = done;
    this.writer = writer;
  }

  /**
   * Opens the progress file of {@code input}, making it if it does not exist.
   *
   * @param identity the first line: what the rows' line numbers refer to
   * @throws ConfigException if the file belongs to another input or cannot be read or written
   */
  static ImportProgress open(Path file, String identity) {
    try {
      Map<Integer, Outcome> done = new ConcurrentHashMap<>();
      if (!Files.exists(file)) {
        OwnerOnlyFiles.write(file, (identity + "\n").getBytes(StandardCharsets.UTF_8));
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      // A line cut short by a kill was not finished: it is dropped and its row done again.
      String complete = text.substring(0, text.lastIndexOf('\n') + 1);
      List<String> lines = complete.lines().toList();
      if (lines.isEmpty() || !lines.get(0).equals(identity)) {
        throw new ConfigException(
            file
                + " is the progress of another import (another file, or another mapping's"
                + " source): give this import its own --progress file");
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.split("\t", -1);
        done.put(Integer.parseInt(fields[0]), Outcome.valueOf(fields[1]));
      }
      if (!complete.equals(text)) {
        OwnerOnlyFiles.write(file, complete.getBytes(StandardCharsets.UTF_8));
      }
      Writer writer =
          Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      return new ImportProgress(done, writer);
    } catch (IOException e) {
      throw new ConfigException("cannot use the progress file " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw new ConfigException(file + " is not an import's progress file: " + e.getMessage(), e);
    }
  }

  boolean isDone(int line) {
    return done.containsKey(line);
  }

  /** Records that the row on {@code line} ended so, and flushes it to the file. */
  synchronized void finish(int line, Outcome outcome, String childNumber) throws IOException {
    writer.write(line + "\t" + outcome + "\t" + childNumber + "\n");
    writer.flush();
    done.put(line, outcome);
  }

  /** How many rows ended each way, in this run and those before. */
  Map<Outcome, Integer> counts() {
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      counts.put(outcome, 0);
    }
    done.values().forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
    return counts;
  }

  int finished() {
    return done.size();
  }

  @Override
  public synchronized void close() throws IOException {
    writer.close();
  }
}
