package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One of the node's work queues, a page at a time: {@code {"items": [...], "next": CURSOR|null}}.
 */
abstract class QueueCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin NodeOptions node;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "How many to show, 1 to 200 (default: the node's, 50).")
  Integer limit;

  @Option(
      names = "--cursor",
      paramLabel = "CURSOR",
      description = "Continue from here: the 'next' of the previous page.")
  String cursor;

  private final String path;
  private final String empty;

  /**
   * @param path the queue's route under /api/v1
   * @param empty what to print when the queue is empty
   */
  QueueCommand(String path, String empty) {
    this.path = path;
    this.empty = empty;
  }

  @Override
  public Integer call() throws InterruptedException {
    JsonNode answer =
        node.client().get(NodeClient.Route.of(path).query("limit", limit).query("cursor", cursor));
    node.print(
        answer,
        out -> {
          JsonNode items = answer.path("items");
          if (items.isEmpty()) {
            out.println(empty);
          } else {
            PlainText.list(out, items);
          }
          JsonNode next = answer.path("next");
          if (next.isTextual()) {
            out.println();
            out.println(
                "More: "
                    + spec.qualifiedName()
                    + (limit == null ? "" : " --limit " + limit)
                    + " --cursor "
                    + next.asText());
          }
        });
    return 0;
  }

  @Command(
      name = "declarations",
      mixinStandardHelpOptions = true,
      description = "List the declarations of your jurisdiction that await a decision.")
  static final class Declarations extends QueueCommand {
    Declarations() {
      super("declarations", "No declaration awaits a decision.");
    }
  }

  @Command(
      name = "duplicates",
      mixinStandardHelpOptions = true,
      description = "List the open duplicate reviews: each child and the children it may be.")
  static final class Duplicates extends QueueCommand {
    Duplicates() {
      super("duplicate-reviews", "No duplicate review is open.");
    }
  }

  @Command(
      name = "alerts",
      mixinStandardHelpOptions = true,
      description = "List the open missing-child alerts.")
  static final class Alerts extends QueueCommand {
    Alerts() {
      super("alerts", "No alert is open.");
    }
  }
}
