package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.haven.core.crypto.Hash;
import org.haven.node.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code haven import}: declares and registers every child of an existing register through a node,
 * as the logged-in registrar, each row on the path of {@code haven child declare} (docs/import.md).
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import an existing civil register: declare each child through the node (personal data to"
          + " its vault, commitments and linkage tokens to the ledger) and register it, as the"
          + " logged-in registrar.",
      "Bad rows go to the rejects file; possible duplicates to the duplicate-review queue. Run the"
          + " same command again after a stop: it goes on where it stopped, each row once."
    })
final class ImportCommand implements Callable<Integer> {
  /** How long to wait for a row's request that a stopped run left in flight at the node. */
  private static final Duration IN_FLIGHT_PATIENCE = Duration.ofSeconds(90);

  private static final String DECLARE = "declare";
  private static final String REGISTER = "register";

  @Mixin NodeOptions node;

  @Option(
      names = "--csv",
      required = true,
      paramLabel = "FILE",
      description = "The register's CSV export: UTF-8, RFC 4180, a header line.")
  Path csv;

  @Option(
      names = "--mapping",
      required = true,
      paramLabel = "FILE",
      description = "Which column holds which field (JSON, see docs/import.md).")
  Path mappingFile;

  @Option(
      names = "--progress",
      paramLabel = "FILE",
      description = "Where the import keeps its progress (default: the CSV file + .progress).")
  Path progressFile;

  @Option(
      names = "--rejects",
      paramLabel = "FILE",
      description =
          "Where refused rows go: line, field, reason (default: the CSV file + .rejects.csv).")
  Path rejectsFile;

  @Option(names = "--no-progress", description = "Do not show the progress bar.")
  boolean noProgress;

  private ImportMapping mapping;
  private NodeClient client;
  private ImportProgress progress;
  private CSVPrinter rejects;
  private final Map<String, Integer> firstLineOf = new HashMap<>();

  @Override
  public Integer call() throws InterruptedException, IOException {
    mapping = ImportMapping.read(mappingFile);
    byte[] bytes = readInput();
    CsvRegister register = CsvRegister.of(bytes, csv.toString());
    for (String column : mapping.columns().values()) {
      if (!register.header().contains(column)) {
        throw new ConfigException(
            mappingFile + " maps column '" + column + "', which the header of " + csv + " lacks");
      }
    }
    client = node.client();
    String identity =
        "haven-import v1 sha256=" + Hash.sha256(bytes).toHex() + " source=" + mapping.source();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    int total = countRows(register);
    PrintWriter err = node.command.commandLine().getErr();
    ProgressBar bar = ProgressBar.on(err, noProgress, "import", "rows");
    long started = System.nanoTime();
    try (ImportProgress opened = ImportProgress.open(path(progressFile, ".progress"), identity);
        CSVPrinter printer = openRejects()) {
      progress = opened;
      rejects = printer;
      int before = progress.finished();
      register.forEach(
          row -> {
            importRow(row, today);
            bar.update(progress.finished(), total, rate(before, started, total));
          });
      bar.finish();
      summary(progress.counts());
    }
    return 0;
  }

  private void importRow(CsvRegister.Row row, LocalDate today) throws InterruptedException {
    ImportRow.Checked checked =
        row instanceof CsvRegister.Values values
            ? checkUnique(row.line(), values, today)
            : new ImportRow.Invalid("", ((CsvRegister.Broken) row).reason());
    if (progress.isDone(row.line())) {
      return;
    }
    try {
      if (checked instanceof ImportRow.Valid valid) {
        declareAndRegister(row.line(), valid);
      } else {
        ImportRow.Invalid invalid = (ImportRow.Invalid) checked;
        reject(row.line(), invalid.field(), invalid.reason());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The row checked, or refused if an earlier row has its source id. */
  private ImportRow.Checked checkUnique(int line, CsvRegister.Values values, LocalDate today) {
    ImportRow.Checked checked = ImportRow.check(mapping, values.byColumn(), today);
    if (checked instanceof ImportRow.Valid valid) {
      int first = firstLineOf.computeIfAbsent(valid.sourceId(), id -> line);
      if (first != line) {
        return new ImportRow.Invalid(
            mapping.columns().get(ImportMapping.SOURCE_ID),
            "duplicate source id: the row on line " + first + " has the same one");
      }
    }
    return checked;
  }

  private void declareAndRegister(int line, ImportRow.Valid row)
      throws InterruptedException, IOException {
    JsonNode declared;
    try {
      declared =
          send(
              NodeClient.Route.of("children"),
              row.declaration(),
              ImportRow.idempotencyKey(mapping, row.sourceId(), DECLARE));
    } catch (NodeProblemException e) {
      refusedOrStop(line, e);
      return;
    }
    String child = declared.path("childNumber").asText();
    if (!declared.path("duplicateCandidates").isEmpty()) {
      progress.finish(line, ImportProgress.Outcome.REVIEW, child);
      return;
    }
    try {
      send(
          NodeClient.Route.of("children", child, "decision"),
          Json.object()
              .put("decision", "REGISTER")
              .put("reason", "imported from register " + mapping.source()),
          ImportRow.idempotencyKey(mapping, row.sourceId(), REGISTER));
    } catch (NodeProblemException e) {
      // Refused as a replay: a run before this one registered it, and this node forgot its answer.
      if (!"DUPLICATE_ID".equals(e.reason().orElse(""))) {
        refusedOrStop(line, e);
        return;
      }
    }
    progress.finish(line, ImportProgress.Outcome.IMPORTED, child);
  }

  /**
   * Posts a row's request with its key; while the node is still doing the same request, sent by a
   * run that stopped, waits and sends it again.
   */
  private JsonNode send(NodeClient.Route route, JsonNode body, String key)
      throws InterruptedException {
    long deadline = System.nanoTime() + IN_FLIGHT_PATIENCE.toNanos();
    while (true) {
      try {
        return client.withIdempotencyKey(key).post(route, body);
      } catch (NodeProblemException e) {
        boolean inFlight = e.status() == 409 && e.reason().isEmpty();
        if (!inFlight || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(Duration.ofSeconds(1).toMillis());
      }
    }
  }

  /**
   * A row the node refused goes to the rejects file; an answer that is not about the row (the
   * session ended, too many requests, a fault) stops the import, to be run again.
   */
  private void refusedOrStop(int line, NodeProblemException e) throws IOException {
    int status = e.status();
    boolean aboutTheRow =
        status == 400 || status == 403 || status == 404 || status == 409 || status == 422;
    if (!aboutTheRow) {
      throw e;
    }
    List<NodeProblemException.FieldError> errors = e.errors();
    String field = errors.isEmpty() ? "" : errors.get(0).field();
    reject(line, field, "refused by the node: " + e.getMessage());
  }

  private void reject(int line, String field, String reason) throws IOException {
    rejects.printRecord(line, field, reason);
    rejects.flush();
    progress.finish(line, ImportProgress.Outcome.REJECTED, "");
  }

  private int countRows(CsvRegister register) throws InterruptedException {
    int[] rows = {0};
    register.forEach(row -> rows[0]++);
    return rows[0];
  }

  /** ", 41.5 rows/s, 0:12:03 left": the rate of this run so far, and the rows left at that rate. */
  private String rate(int before, long started, int total) {
    int doneNow = progress.finished() - before;
    double seconds = (System.nanoTime() - started) / 1e9;
    if (doneNow == 0 || seconds <= 0) {
      return "";
    }
    double perSecond = doneNow / seconds;
    long left = (long) Math.ceil((total - progress.finished()) / perSecond);
    return String.format(
        Locale.ROOT,
        ", %.1f rows/s, %d:%02d:%02d left",
        perSecond,
        left / 3600,
        left / 60 % 60,
        left % 60);
  }

  private void summary(Map<ImportProgress.Outcome, Integer> counts) {
    PrintWriter out = node.out();
    out.println("imported                 " + counts.get(ImportProgress.Outcome.IMPORTED));
    out.println("duplicates for review    " + counts.get(ImportProgress.Outcome.REVIEW));
    out.println(
        "rejected                 "
            + counts.get(ImportProgress.Outcome.REJECTED)
            + (counts.get(ImportProgress.Outcome.REJECTED) > 0
                ? " (see " + path(rejectsFile, ".rejects.csv") + ")"
                : ""));
  }

  private byte[] readInput() {
    try {
      return Files.readAllBytes(csv);
    } catch (NoSuchFileException e) {
      throw new ConfigException(csv + " does not exist", e);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + csv + ": " + e.getMessage(), e);
    }
  }

  private CSVPrinter openRejects() throws IOException {
    Path file = path(rejectsFile, ".rejects.csv");
    boolean fresh = !Files.exists(file);
    if (fresh) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Writer writer =
        Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180);
    if (fresh) {
      printer.printRecord("line", "field", "reason");
    }
    return printer;
  }

  private Path path(Path given, String suffix) {
    return given != null ? given : Path.of(csv + suffix);
  }
}
