package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Logs an officer in to a node and saves the session for the other commands. */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Log in to a node as an officer and save the session for the other commands.",
      "The password comes from --password-file, else $HAVEN_PASSWORD, else the terminal.",
      "An https:// node's certificate is checked with --pin (the fingerprint 'haven init' printed)"
          + " or --ca-file, else this machine's authorities; the session remembers which."
    })
final class LoginCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Option(
      names = "--officer",
      required = true,
      paramLabel = "ID",
      description = "Your officer id, e.g. ke.registrar.otieno.")
  String officer;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "A file that holds your password (a final line break is ignored).")
  Path passwordFile;

  @Override
  public Integer call() throws InterruptedException {
    URI url = node.loginNode();
    NodeTrust trust = node.trust();
    NodeClient client = NodeClient.anonymous(url, trust);
    ObjectNode body = Json.object().put("officer", officer).put("password", password());
    JsonNode answer = client.post(NodeClient.Route.of("session"), body);
    JsonNode token = answer.path("token");
    JsonNode expiresAt = answer.path("expiresAt");
    if (!token.isTextual() || !expiresAt.isIntegralNumber()) {
      throw new NodeException(
          "the node at " + url + " answered the login without a token and its expiry");
    }
    SessionFile file = node.sessionFile();
    file.save(
        Session.of(
            url.toString(),
            answer.path("officer").asText(officer),
            token.asText(),
            expiresAt.asLong(),
            trust));
    node.print(
        answer,
        out -> {
          out.println("Logged in to " + url + "; the session is saved in " + file.path() + ".");
          ObjectNode shown = answer.deepCopy();
          shown.remove(List.of("token", "csrfToken"));
          PlainText.fields(out, shown);
        });
    return 0;
  }

  private String password() {
    return Passwords.existing(passwordFile, "HAVEN_PASSWORD", officer);
  }
}
