package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.haven.node.ConfigException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code haven import}: declares and registers every child of an existing register through a node,
 * as the logged-in registrar, each row on the path of {@code haven child declare} (docs/import.md).
 * The register is a CSV export or FHIR R4 bundles, read as a stream; rows go to the node a few at a
 * time ({@code --parallel}), each row's two requests in order.
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

  /** The register's format and where it is: one of the two. */
  static final class Input {
    @Option(
        names = "--csv",
        required = true,
        paramLabel = "FILE",
        description = "The register's CSV export: UTF-8, RFC 4180, a header line.")
    Path csv;

    @Option(
        names = "--fhir",
        required = true,
        paramLabel = "FILE|DIR",
        description =
            "The register as FHIR R4 JSON Bundles of Patient and RelatedPerson: a file, or a"
                + " directory of .json files.")
    Path fhir;

    Path path() {
      return csv != null ? csv : fhir;
    }
  }

  @ArgGroup(multiplicity = "1")
  Input input;

  @Option(
      names = "--mapping",
      required = true,
      paramLabel = "FILE",
      description =
          "Which column holds which field, and the register's name (JSON, see docs/import.md).")
  Path mappingFile;

  @Option(
      names = "--progress",
      paramLabel = "FILE",
      description = "Where the import keeps its progress (default: the input + .progress).")
  Path progressFile;

  @Option(
      names = "--rejects",
      paramLabel = "FILE",
      description =
          "Where refused rows go: where, field, reason (default: the input + .rejects.csv).")
  Path rejectsFile;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "8",
      description =
          "How many rows are sent to the node at once, 1 to 64 (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--no-progress", description = "Do not show the progress bar.")
  boolean noProgress;

  private ImportMapping mapping;
  private ImportSource source;
  private NodeClient client;
  private ImportProgress progress;
  private CSVPrinter rejects;
  private final Map<String, String> firstWhereOf = new HashMap<>();

  @Override
  public Integer call() throws InterruptedException, IOException {
    if (parallel < 1 || parallel > 64) {
      throw new ParameterException(
          node.command.commandLine(), "--parallel must be 1 to 64, not " + parallel);
    }
    if (input.csv != null) {
      mapping = ImportMapping.read(mappingFile);
      source = CsvRegister.open(input.csv);
    } else {
      mapping = ImportMapping.readFhir(mappingFile);
      source = FhirRegister.open(input.fhir, mapping.sourceIdSystem());
    }
    for (String column : mapping.columns().values()) {
      if (!source.columns().contains(column)) {
        throw new ConfigException(
            mappingFile
                + " maps column '"
                + column
                + "', which the header of "
                + input.path()
                + " lacks");
      }
    }
    client = node.client();
    String identity = "haven-import v1 sha256=" + source.sha256() + " source=" + mapping.source();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    int total = countRows();
    PrintWriter err = node.command.commandLine().getErr();
    ProgressBar bar = ProgressBar.on(err, noProgress, "import", "rows");
    try (ImportProgress opened = ImportProgress.open(path(progressFile, ".progress"), identity);
        CSVPrinter printer = openRejects()) {
      progress = opened;
      rejects = printer;
      int before = progress.finished();
      Throughput throughput = new Throughput(total - before, "rows");
      Runnable update =
          () -> {
            synchronized (bar) {
              int finished = progress.finished();
              bar.update(finished, total, throughput.note(finished - before));
            }
          };
      sendAll(today, update);
      bar.finish();
      summary(progress.counts());
    }
    return 0;
  }

  /**
   * Reads the rows in order, checks each, and sends up to {@link #parallel} at once to the node. An
   * answer that stops the import (not about its row) lets the rows in flight finish, then is
   * thrown.
   */
  private void sendAll(LocalDate today, Runnable update) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    Semaphore slots = new Semaphore(parallel);
    AtomicReference<RuntimeException> stopped = new AtomicReference<>();
    try {
      source.forEach(
          row -> {
            ImportRow.Checked checked =
                row instanceof ImportSource.Values values
                    ? checkUnique(values, today)
                    : new ImportRow.Invalid("", ((ImportSource.Broken) row).reason());
            if (progress.isDone(row.number())) {
              return;
            }
            slots.acquire();
            if (stopped.get() != null) {
              slots.release();
              return;
            }
            pool.execute(
                () -> {
                  try {
                    importRow(row, checked);
                    update.run();
                  } catch (RuntimeException e) {
                    stopped.compareAndSet(null, e);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    slots.release();
                  }
                });
          });
    } finally {
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        // The rows in flight finish: each is recorded once its answer is in.
      }
    }
    if (stopped.get() != null) {
      throw stopped.get();
    }
  }

  private void importRow(ImportSource.Row row, ImportRow.Checked checked)
      throws InterruptedException {
    try {
      if (checked instanceof ImportRow.Valid valid) {
        declareAndRegister(row, valid);
      } else {
        ImportRow.Invalid invalid = (ImportRow.Invalid) checked;
        reject(row, invalid.field(), invalid.reason());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The row checked, or refused if an earlier row has its source id. */
  private ImportRow.Checked checkUnique(ImportSource.Values values, LocalDate today) {
    ImportRow.Checked checked = ImportRow.check(mapping, values.byColumn(), today);
    if (checked instanceof ImportRow.Valid valid) {
      String first = firstWhereOf.putIfAbsent(valid.sourceId(), values.where());
      if (first != null) {
        return new ImportRow.Invalid(
            mapping.columns().get(ImportMapping.SOURCE_ID),
            "duplicate source id: the row at "
                + source.whereColumn()
                + " "
                + first
                + " has the same one");
      }
    }
    return checked;
  }

  private void declareAndRegister(ImportSource.Row row, ImportRow.Valid valid)
      throws InterruptedException, IOException {
    JsonNode declared;
    try {
      declared =
          send(
              NodeClient.Route.of("children"),
              valid.declaration(),
              ImportRow.idempotencyKey(mapping, valid.sourceId(), DECLARE));
    } catch (NodeProblemException e) {
      refusedOrStop(row, e);
      return;
    }
    String child = declared.path("childNumber").asText();
    if (!declared.path("duplicateCandidates").isEmpty()) {
      progress.finish(row.number(), ImportProgress.Outcome.REVIEW, child);
      return;
    }
    try {
      send(
          NodeClient.Route.of("children", child, "decision"),
          Json.object()
              .put("decision", "REGISTER")
              .put("reason", "imported from register " + mapping.source()),
          ImportRow.idempotencyKey(mapping, valid.sourceId(), REGISTER));
    } catch (NodeProblemException e) {
      // Refused as a replay: a run before this one registered it, and this node forgot its answer.
      if (!"DUPLICATE_ID".equals(e.reason().orElse(""))) {
        refusedOrStop(row, e);
        return;
      }
    }
    progress.finish(row.number(), ImportProgress.Outcome.IMPORTED, child);
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
        return client.withKeyFromInput(key).post(route, body);
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
  private void refusedOrStop(ImportSource.Row row, NodeProblemException e) throws IOException {
    int status = e.status();
    boolean aboutTheRow =
        status == 400 || status == 403 || status == 404 || status == 409 || status == 422;
    if (!aboutTheRow) {
      throw e;
    }
    List<NodeProblemException.FieldError> errors = e.errors();
    String field = errors.isEmpty() ? "" : errors.get(0).field();
    reject(row, field, "refused by the node: " + e.getMessage());
  }

  private void reject(ImportSource.Row row, String field, String reason) throws IOException {
    synchronized (rejects) {
      rejects.printRecord(row.where(), field, reason);
      rejects.flush();
    }
    progress.finish(row.number(), ImportProgress.Outcome.REJECTED, "");
  }

  private int countRows() throws InterruptedException {
    int[] rows = {0};
    source.forEach(row -> rows[0]++);
    return rows[0];
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
      printer.printRecord(source.whereColumn(), "field", "reason");
    }
    return printer;
  }

  /** The input's path with {@code suffix} added, unless {@code given}; beside a directory too. */
  private Path path(Path given, String suffix) {
    Path in = input.path().toAbsolutePath().normalize();
    return given != null ? given : in.resolveSibling(in.getFileName() + suffix);
  }
}
