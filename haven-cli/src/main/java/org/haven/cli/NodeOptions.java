package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.haven.node.ConfigException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of every command that talks to a node: which node, where the session is kept, and
 * whether to print the node's JSON answer instead of text. A picocli mixin.
 */
final class NodeOptions {
  static final String NOT_LOGGED_IN = "not logged in: run 'haven login --officer ID'";

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--node",
      paramLabel = "URL",
      description =
          "The node's URL (default: the saved session's node; for login, $HAVEN_NODE, else port"
              + " 8080 of this machine).")
  String node;

  @Option(
      names = "--session-file",
      paramLabel = "FILE",
      description =
          "Where the session is kept (default: $HAVEN_SESSION, else ~/.haven/session.json).")
  Path sessionFile;

  @Option(names = "--json", description = "Print the node's JSON answer instead of text.")
  boolean json;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description =
          "Trust an https:// node whose certificate this authority (PEM) signed, such as your"
              + " organisation's CA (default: what the session saved at login).")
  Path caFile;

  @Option(
      names = "--pin",
      paramLabel = "sha256:HEX",
      description =
          "Trust only the https:// node certificate with this SHA-256 fingerprint, as 'haven init'"
              + " printed it (default: what the session saved at login).")
  String pin;

  SessionFile sessionFile() {
    if (sessionFile != null) {
      return new SessionFile(sessionFile);
    }
    String fromEnv = System.getenv("HAVEN_SESSION");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new SessionFile(Path.of(fromEnv));
    }
    return new SessionFile(Path.of(System.getProperty("user.home"), ".haven", "session.json"));
  }

  /** The node to log in to: {@code --node}, else {@code $HAVEN_NODE}, else the default. */
  URI loginNode() {
    if (node != null) {
      return NodeClient.nodeUrl(node, "--node");
    }
    String fromEnv = System.getenv("HAVEN_NODE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return NodeClient.nodeUrl(fromEnv, "HAVEN_NODE");
    }
    return URI.create(NodeClient.DEFAULT_NODE);
  }

  /** How to check the node's certificate: {@code --ca-file} or {@code --pin}, if given. */
  NodeTrust trust() {
    return NodeTrust.of(caFile, pin);
  }

  /**
   * The saved session, unless it has expired.
   *
   * @throws ConfigException "not logged in" if there is none
   */
  Session session() {
    return sessionFile()
        .read()
        .filter(session -> !session.expired(System.currentTimeMillis()))
        .orElseThrow(() -> new ConfigException(NOT_LOGGED_IN));
  }

  /**
   * A client that acts in the saved session, at {@code --node} or else at the session's node: the
   * token is good only at the node that issued it.
   */
  NodeClient client() {
    return client(session());
  }

  NodeClient client(Session session) {
    URI url =
        node != null
            ? NodeClient.nodeUrl(node, "--node")
            : NodeClient.nodeUrl(session.node(), "the node in " + sessionFile().path());
    NodeTrust trust = caFile != null || pin != null ? trust() : session.trust();
    return NodeClient.inSession(url, session.token(), trust);
  }

  PrintWriter out() {
    return command.commandLine().getOut();
  }

  /** Prints the node's answer as indented JSON with {@code --json}, else as {@code text} says. */
  void print(JsonNode answer, Consumer<PrintWriter> text) {
    if (json) {
      out().println(Json.pretty(answer));
    } else {
      text.accept(out());
    }
  }
}
