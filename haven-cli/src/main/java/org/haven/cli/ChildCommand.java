package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.EventType;
import org.haven.core.registry.Relationship;
import org.haven.core.tx.DecideDeclaration;
import org.haven.node.ConfigException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The child registry through a node's API: declare a child, decide, correct, read, erase... */
@Command(
    name = "child",
    mixinStandardHelpOptions = true,
    description = "Declare, decide on, read and update children in the registry through a node.",
    subcommands = {
      ChildCommand.Declare.class,
      ChildCommand.Show.class,
      ChildCommand.Decide.class,
      ChildCommand.ReviewDuplicate.class,
      ChildCommand.Correct.class,
      ChildCommand.Read.class,
      ChildCommand.Status.class,
      ChildCommand.Erase.class,
      ChildCommand.Guardian.class,
      ChildCommand.Alert.class,
      ChildCommand.Event.class,
      ChildCommand.Timeline.class,
      ChildCommand.AccessLog.class
    })
final class ChildCommand {
  private static final String PUBLIC_TEXT =
      " Every member of the ledger can read it: never put a child's personal data in it.";

  private ChildCommand() {}

  /**
   * A child number as typed, without the spaces people put in when they copy one from a card. The
   * node checks the rest.
   */
  static String childNumber(String typed) {
    return typed.replaceAll("\\s+", "");
  }

  @Command(
      name = "declare",
      mixinStandardHelpOptions = true,
      description = {
        "Declare a child: the node keeps the personal data in its vault and puts the declaration"
            + " on the ledger.",
        "Prints the new child number, its status and any children it may duplicate."
      })
  static final class Declare implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Mixin IdempotencyKeyOption idempotencyKey;

    @Option(
        names = "--file",
        required = true,
        paramLabel = "FILE",
        description =
            "The declaration as JSON: jurisdiction, late, evidence, witnesses, child, guardians"
                + " (see docs/api.md).")
    Path file;

    @Override
    public Integer call() throws InterruptedException {
      ObjectNode declaration = Json.readObject(file);
      JsonNode answer =
          idempotencyKey.applyTo(node.client()).post(NodeClient.Route.of("children"), declaration);
      node.print(answer, out -> PlainText.fields(out, answer));
      return 0;
    }
  }

  /** A command about one child: {@code haven child <command> NUMBER ...}. */
  abstract static class OnChild implements Callable<Integer> {
    @Mixin NodeOptions node;

    @Parameters(
        index = "0",
        paramLabel = "NUMBER",
        description = "The child number, e.g. 5283-9461-072.")
    String number;

    @Override
    public Integer call() throws InterruptedException {
      JsonNode answer = send(client());
      node.print(answer, out -> text(out, answer));
      return 0;
    }

    NodeClient client() {
      return node.client();
    }

    /** Sends this command's request and returns the node's answer. */
    abstract JsonNode send(NodeClient client) throws InterruptedException;

    void text(PrintWriter out, JsonNode answer) {
      PlainText.fields(out, answer);
    }

    /** {@code /children/NUMBER/below...} */
    NodeClient.Route route(String... below) {
      return NodeClient.Route.of(
          Stream.concat(Stream.of("children", childNumber(number)), Stream.of(below))
              .toArray(String[]::new));
    }
  }

  /** A command that writes about one child, and may be retried with its idempotency key. */
  abstract static class WriteOnChild extends OnChild {
    @Mixin IdempotencyKeyOption idempotencyKey;

    @Override
    NodeClient client() {
      return idempotencyKey.applyTo(node.client());
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Show what the ledger holds about a child: status, guardians, alert, duplicate candidates.",
        "No personal data: see 'haven child read'."
      })
  static final class Show extends OnChild {
    @Override
    JsonNode send(NodeClient client) throws InterruptedException {
      return client.get(route());
    }
  }

  /** The reason a change is made, which the ledger keeps for every member to see. */
  static final class Reason {
    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why, kept on the ledger." + PUBLIC_TEXT)
    String text;
  }

  @Command(
      name = "decide",
      mixinStandardHelpOptions = true,
      description = "Register a declared child, reject the declaration, or ask for information.")
  static final class Decide extends WriteOnChild {
    @Option(
        names = "--decision",
        paramLabel = "DECISION",
        required = true,
        description = "One of ${COMPLETION-CANDIDATES}.")
    DecideDeclaration.Decision decision;

    @Mixin Reason reason;

    @Override
    JsonNode send(NodeClient client) throws InterruptedException {
      return client.post(
          route("decision"),
          Json.object().put("decision", decision.name()).put("reason", reason.text));
    }
  }

  @Command(
      name = "review-duplicate",
      mixinStandardHelpOptions = true,
      description =
          "Resolve an open duplicate review: the child is, or is not, a duplicate of the"
              + " candidate.")
  static final class ReviewDuplicate extends WriteOnChild {
    @Option(
        names = "--candidate",
        required = true,
        paramLabel = "NUMBER",
        description = "The child number it may duplicate.")
    String candidate;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Verdict verdict;

    static final class Verdict {
      @Option(
          names = "--duplicate",
          required = true,
          description = "It is the candidate: the declaration becomes DUPLICATE.")
      boolean duplicate;

      @Option(names = "--not-duplicate", required = true, description = "It is another child.")
      boolean notDuplicate;
    }

    @Override
    JsonNode send(NodeClient client) throws InterruptedException {
      return client.post(
          route("duplicate-review"),
          Json.object()
              .put("candidate", childNumber(candidate))
              .put("duplicate", verdict.duplicate));
    }
  }

  @Command(
      name = "correct",
      mixinStandardHelpOptions = true,
      description = "Replace a child's personal data in the vault, with a reason on the ledger.")
  static final class Correct extends WriteOnChild {
    @Option(
        names = "--file",
        required = true,
        paramLabel = "FILE",
        description = "The corrected personal data as JSON: {\"child\": ..., \"guardians\": ...}.")
    Path file;

    @Mixin Reason reason;

    @Override
    JsonNode send(NodeClient client) throws InterruptedException {
      return client.put(route("personal-data"), Json.readObject(file).put("reason", reason.text));
    }
  }

  @Command(
      name = "read",
      mixinStandardHelpOptions = true,
      description = {
        "Read a child's personal data from the vault.",
        "The ledger records who read it, when, and the purpose, before the data is shown."
      })
  static final class Read extends OnChild {
    @Option(
        names = "--purpose",
        required = true,
        paramLabel = "TEXT",
        description = "Why you read it, kept on the ledger." + PUBLIC_TEXT)
    String purpose;

    @Override
    JsonNode send(NodeClient client) throws InterruptedException {
      return client.get(route("personal-data").query("purpose", purpose));
    }

    @Override
    void text(PrintWriter out, JsonNode answer) {
      if (answer.path("erased").asBoolean()) {
        out.println(
            "Child "
                + answer.path("childNumber").asText(childNumber(number))
                + " is erased: its personal data no longer exists.");
        return;
      }
      ObjectNode data = answer.deepCopy();
      data.remove("erased");
      PlainText.fields(out, data);
    }
  }

  /** The statuses a registrar may set directly (docs/api.md). */
  enum StatusChange {
    SUSPENDED,
    REGISTERED,
    REVOKED,
    DECEASED
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Suspend, reinstate or revoke a registered child, or record a death.")
  static final class Status extends WriteOnChild {
    @Option(
        names = "--status",
        paramLabel = "STATUS",
        required = true,
        description = "One of ${COMPLETION-CANDIDATES}.")
    StatusChange status;

    @Mixin Reason reason;

    @Override
    JsonNode send(NodeClient client) throws InterruptedException {
      return client.post(
          route("status"), Json.object().put("status", status.name()).put("reason", reason.text));
    }
  }

  @Command(
      name = "erase",
      mixinStandardHelpOptions = true,
      description = {
        "Erase a child's personal data for good: the vault destroys its key.",
        "The ledger's history stays. Asks first unless --yes is given."
      })
  static final class Erase extends WriteOnChild {
    @Mixin Reason reason;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    JsonNode send(NodeClient client) throws InterruptedException {
      if (!yes) {
        confirm();
      }
      return client.post(route("erasure"), Json.object().put("reason", reason.text));
    }

    private void confirm() {
      String child = childNumber(number);
      Console console = System.console();
      if (console == null) {
        throw new ConfigException(
            "not erasing child "
                + child
                + ": there is no terminal to confirm on; add --yes if you are sure");
      }
      String answer =
          console.readLine(
              "Erase the personal data of child %s? It cannot be undone. [y/N] ", child);
      if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
        throw new ConfigException("child " + child + " not erased");
      }
    }
  }

  @Command(
      name = "guardian",
      mixinStandardHelpOptions = true,
      description = {
        "Link a guardian to a child, or unlink one.",
        "The guardian's document goes on the ledger only as a hash."
      })
  static final class Guardian extends WriteOnChild {
    @Option(names = "--unlink", description = "Unlink the guardian instead of linking.")
    boolean unlink;

    @Option(
        names = "--relationship",
        paramLabel = "RELATIONSHIP",
        required = true,
        description = "One of ${COMPLETION-CANDIDATES}.")
    Relationship relationship;

    @Option(
        names = "--document-type",
        required = true,
        paramLabel = "TYPE",
        description =
            "The guardian's document: PASSPORT, NATIONAL_ID, BIRTH_CERTIFICATE, REFUGEE_ID or"
                + " RESIDENCE_PERMIT.")
    String documentType;

    @Option(
        names = "--document-number",
        required = true,
        paramLabel = "NUMBER",
        description = "The document's number.")
    String documentNumber;

    @Option(
        names = "--document-country",
        required = true,
        paramLabel = "CC",
        description = "The country that issued the document (ISO 3166-1 alpha-2, e.g. KE).")
    String documentCountry;

    @Option(
        names = "--may-consent",
        description = "The guardian may consent to the child's travel.")
    boolean mayConsent;

    @Option(
        names = "--reference",
        required = true,
        paramLabel = "TEXT",
        description =
            "What authorises the link, e.g. a birth record or court order number." + PUBLIC_TEXT)
    String reference;

    @Override
    JsonNode send(NodeClient client) throws InterruptedException {
      ObjectNode body =
          Json.object()
              .put("action", unlink ? "UNLINK" : "LINK")
              .put("relationship", relationship.name());
      body.putObject("document")
          .put("type", documentType)
          .put("number", documentNumber)
          .put("country", documentCountry);
      body.put("mayConsentToTravel", mayConsent).put("reference", reference);
      return client.post(route("guardians"), body);
    }
  }

  @Command(
      name = "alert",
      mixinStandardHelpOptions = true,
      description = "Raise a missing-child alert, update its priority or contact, or resolve it.")
  static final class Alert extends WriteOnChild {
    @Option(
        names = "--action",
        paramLabel = "ACTION",
        required = true,
        description = "One of ${COMPLETION-CANDIDATES}.")
    AlertAction action;

    @Option(
        names = "--priority",
        paramLabel = "PRIORITY",
        description = "One of ${COMPLETION-CANDIDATES}.")
    AlertPriority priority;

    @Option(
        names = "--contact",
        paramLabel = "TEXT",
        description = "The unit to call, e.g. a desk's phone line." + PUBLIC_TEXT)
    String contact;

    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        description = "Why the alert is resolved (required with RESOLVE)." + PUBLIC_TEXT)
    String reason;

    @Override
    JsonNode send(NodeClient client) throws InterruptedException {
      ObjectNode body = Json.object().put("action", action.name());
      if (reason != null) {
        body.put("reason", reason);
      }
      if (priority != null) {
        body.put("priority", priority.name());
      }
      if (contact != null) {
        body.put("contactPoint", contact);
      }
      return client.post(route("alert"), body);
    }
  }

  @Command(
      name = "event",
      mixinStandardHelpOptions = true,
      description = "Record an event on a child's timeline: a sighting, a check-in or a crossing.")
  static final class Event extends WriteOnChild {
    @Option(
        names = "--type",
        paramLabel = "TYPE",
        required = true,
        description = "One of ${COMPLETION-CANDIDATES}.")
    EventType type;

    @Override
    JsonNode send(NodeClient client) throws InterruptedException {
      return client.post(route("events"), Json.object().put("type", type.name()));
    }
  }

  @Command(
      name = "timeline",
      mixinStandardHelpOptions = true,
      description =
          "Show a child's timeline: each event's type, place, time and recording officer.")
  static final class Timeline extends OnChild {
    @Override
    JsonNode send(NodeClient client) throws InterruptedException {
      return client.get(route("timeline"));
    }
  }

  @Command(
      name = "access-log",
      mixinStandardHelpOptions = true,
      description = "Show who read a child's personal data, when, and for what purpose.")
  static final class AccessLog extends OnChild {
    @Override
    JsonNode send(NodeClient client) throws InterruptedException {
      return client.get(route("access-log"));
    }
  }
}
