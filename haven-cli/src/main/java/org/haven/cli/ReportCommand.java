package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The reports a node computes from the ledger, as text, JSON, CSV or PDF (docs/reports.md). */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Reports computed from the ledger over whole months: counts only, never personal data.",
      "Print one, or save it with --csv FILE or --pdf FILE (with your organisation's name and the"
          + " date)."
    },
    subcommands = {
      ReportCommand.Registrations.class,
      ReportCommand.Border.class,
      ReportCommand.Audit.class,
      ReportCommand.ExpectedBirths.class
    })
final class ReportCommand {
  private ReportCommand() {}

  /** Save the report to a file instead of printing it. */
  static final class Save {
    @Option(names = "--csv", paramLabel = "FILE", description = "Save the report as CSV here.")
    Path csv;

    @Option(names = "--pdf", paramLabel = "FILE", description = "Save the report as PDF here.")
    Path pdf;
  }

  /** A report: the months it covers, and where to save it if not printed. */
  abstract static class OneReport implements Callable<Integer> {
    @Mixin NodeOptions node;

    @Option(
        names = "--from",
        paramLabel = "YYYY-MM",
        description = "First month (default: this month, UTC).")
    String from;

    @Option(
        names = "--to",
        paramLabel = "YYYY-MM",
        description = "Last month, at most 60 months on (default: --from, else this month).")
    String to;

    @ArgGroup(exclusive = true)
    Save save;

    private final String path;

    OneReport(String path) {
      this.path = path;
    }

    /** The report's own filter, such as the jurisdiction, added to {@code route}. */
    NodeClient.Route scope(NodeClient.Route route) {
      return route;
    }

    @Override
    public Integer call() throws InterruptedException {
      NodeClient client = node.client();
      NodeClient.Route route =
          scope(NodeClient.Route.of("reports", path)).query("from", from).query("to", to);
      if (save != null) {
        String format = save.csv != null ? "csv" : "pdf";
        Path file = save.csv != null ? save.csv : save.pdf;
        byte[] content = client.download(route.query("format", format), "Content-Type").body();
        try {
          Files.write(file, content);
        } catch (IOException e) {
          throw new UncheckedIOException("Could not save the report to " + file, e);
        }
        node.out().println("Saved the " + path + " report to " + file + ".");
        return 0;
      }
      JsonNode report = client.get(route);
      node.print(report, out -> text(out, report));
      return 0;
    }

    /** The report's heading, then each table with its English headings. */
    private static void text(PrintWriter out, JsonNode report) {
      out.println(
          report.path("title").asText()
              + ": "
              + report.at("/organisation/name").asText()
              + ", "
              + report.path("scope").asText()
              + ", "
              + report.path("from").asText()
              + (report.path("from").equals(report.path("to"))
                  ? ""
                  : " to " + report.path("to").asText()));
      for (JsonNode table : report.path("tables")) {
        out.println();
        out.println(table.path("title").asText());
        ArrayNode rows = Json.object().arrayNode();
        for (JsonNode row : table.path("rows")) {
          ObjectNode line = rows.addObject();
          for (int i = 0; i < table.path("columns").size(); i++) {
            line.set(table.path("columns").get(i).path("id").asText(), row.get(i));
          }
        }
        if (rows.isEmpty()) {
          out.println("none");
        } else {
          PlainText.list(out, rows);
        }
      }
    }
  }

  @Command(
      name = "registrations",
      mixinStandardHelpOptions = true,
      description = {
        "Registrations by month, by jurisdiction, on time or late, and by evidence, with"
            + " completeness against the expected births.",
        "A registrar sees their own jurisdiction; an auditor any, or all if none is given."
      })
  static final class Registrations extends OneReport {
    @Option(
        names = "--jurisdiction",
        paramLabel = "CC",
        description = "The jurisdiction (default: yours; an auditor's: all).")
    String jurisdiction;

    Registrations() {
      super("registrations");
    }

    @Override
    NodeClient.Route scope(NodeClient.Route route) {
      return route.query("jurisdiction", jurisdiction);
    }
  }

  @Command(
      name = "border",
      mixinStandardHelpOptions = true,
      description = {
        "Border checks by checkpoint, outcome and direction, in the month each was made.",
        "A border officer sees their own country's checkpoints; an auditor any, or all."
      })
  static final class Border extends OneReport {
    @Option(
        names = "--country",
        paramLabel = "CC",
        description = "The checkpoints' country (default: yours; an auditor's: all).")
    String country;

    Border() {
      super("border");
    }

    @Override
    NodeClient.Route scope(NodeClient.Route route) {
      return route.query("country", country);
    }
  }

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description =
          "Auditors: reads of personal data by organisation and purpose; alerts raised and"
              + " resolved, with the median and longest time to resolution.")
  static final class Audit extends OneReport {
    Audit() {
      super("audit");
    }
  }

  @Command(
      name = "expected-births",
      mixinStandardHelpOptions = true,
      description = {
        "Show a jurisdiction's expected births by year, or set a year's with --year and --births.",
        "A registrar of the jurisdiction sets them, usually from the statistics office's"
            + " projection; the registrations report measures completeness against them."
      })
  static final class ExpectedBirths implements Callable<Integer> {
    @Mixin NodeOptions node;

    @Option(
        names = "--jurisdiction",
        paramLabel = "CC",
        description = "The jurisdiction (default: yours).")
    String jurisdiction;

    @Option(names = "--year", paramLabel = "YYYY", description = "The year to set.")
    Integer year;

    @Option(
        names = "--births",
        paramLabel = "N",
        description = "The births expected in that year, 1 to 200,000,000.")
    Integer births;

    @Override
    public Integer call() throws InterruptedException {
      NodeClient client = node.client();
      if (year == null && births == null) {
        JsonNode figures =
            client.get(
                NodeClient.Route.of("reports", "expected-births")
                    .query("jurisdiction", jurisdiction));
        node.print(
            figures,
            out -> {
              if (figures.path("years").isEmpty()) {
                out.println(
                    "No expected births are set for "
                        + figures.path("jurisdiction").asText()
                        + ".");
              } else {
                PlainText.list(out, figures.path("years"));
              }
            });
        return 0;
      }
      if (year == null || births == null || jurisdiction == null) {
        throw new picocli.CommandLine.ParameterException(
            node.command.commandLine(),
            "to set expected births give --jurisdiction, --year and --births together");
      }
      ObjectNode body = Json.object().put("births", births);
      JsonNode figure =
          client.put(
              NodeClient.Route.of("reports", "expected-births", jurisdiction, String.valueOf(year)),
              body);
      node.print(figure, out -> PlainText.fields(out, figure));
      return 0;
    }
  }
}
