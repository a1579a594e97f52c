package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.haven.core.identity.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Officers of the organisation that runs the node. */
@Command(
    name = "officer",
    mixinStandardHelpOptions = true,
    description = "Manage the officers of your organisation on a node.",
    subcommands = {
      OfficerCommand.Enrol.class,
      OfficerCommand.Unlock.class,
      OfficerCommand.Deactivate.class
    })
final class OfficerCommand {
  private OfficerCommand() {}

  @Command(
      name = "enrol",
      mixinStandardHelpOptions = true,
      description = {
        "Enrol a new officer: the node makes the officer's signing key, keeps it encrypted under"
            + " the officer's password, and enrols the officer on the ledger. For an"
            + " organisation admin.",
        "The new officer's password comes from --password-file, else the terminal (typed twice)."
            + " $HAVEN_PASSWORD is not used: it is your own."
      })
  static final class Enrol implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Mixin IdempotencyKeyOption idempotencyKey;

    @Option(
        names = "--id",
        required = true,
        paramLabel = "ID",
        description = "The new officer's id, e.g. ke.registrar.otieno.")
    String id;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "One of ${COMPLETION-CANDIDATES}.")
    Role role;

    @Option(
        names = "--jurisdiction",
        required = true,
        paramLabel = "CC",
        description = "Where the officer works (ISO 3166-1 alpha-2, e.g. KE).")
    String jurisdiction;

    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description =
            "A file that holds the new officer's password (a final line break is ignored).")
    Path passwordFile;

    @Override
    public Integer call() throws InterruptedException {
      NodeClient client = idempotencyKey.applyTo(node.client());
      ObjectNode body =
          Json.object()
              .put("id", id)
              .put("role", role.name())
              .put("jurisdiction", jurisdiction)
              .put("password", password());
      JsonNode answer = client.post(NodeClient.Route.of("officers"), body);
      node.print(answer, out -> PlainText.fields(out, answer));
      return 0;
    }

    private String password() {
      return Passwords.newPassword(passwordFile, "--password-file", Optional.empty(), id);
    }
  }

  @Command(
      name = "unlock",
      mixinStandardHelpOptions = true,
      description = {
        "Lift the login lockouts of an officer of your organisation, at every address: for an"
            + " officer whom failed logins (theirs or someone else's) locked out. For an"
            + " organisation admin."
      })
  static final class Unlock implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Mixin IdempotencyKeyOption idempotencyKey;

    @Parameters(paramLabel = "ID", description = "The officer's id, e.g. ke.registrar.otieno.")
    String id;

    @Override
    public Integer call() throws InterruptedException {
      JsonNode answer =
          idempotencyKey
              .applyTo(node.client())
              .post(NodeClient.Route.of("officers", id, "unlock"), Json.object());
      node.print(
          answer,
          out ->
              out.println(
                  "Unlocked "
                      + answer.path("officer").asText(id)
                      + " at "
                      + answer.path("unlockedAddresses").asInt()
                      + " address(es); they can log in again."));
      return 0;
    }
  }

  @Command(
      name = "deactivate",
      mixinStandardHelpOptions = true,
      description = {
        "Deactivate an officer of your organisation on the ledger: from then on their logins,"
            + " open sessions and signatures are refused, even on what they signed before. A new"
            + " key (the web app's admin workspace) reinstates them. For an organisation admin."
      })
  static final class Deactivate implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Mixin IdempotencyKeyOption idempotencyKey;

    @Parameters(paramLabel = "ID", description = "The officer's id, e.g. ke.registrar.otieno.")
    String id;

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why; it goes on the ledger, so never personal data.")
    String reason;

    @Override
    public Integer call() throws InterruptedException {
      JsonNode answer =
          idempotencyKey
              .applyTo(node.client())
              .post(
                  NodeClient.Route.of("officers", id, "deactivate"),
                  Json.object().put("reason", reason));
      node.print(
          answer,
          out ->
              out.println(
                  "Deactivated "
                      + answer.path("officer").asText(id)
                      + " (transaction "
                      + answer.path("transactionId").asText()
                      + "): their logins and signatures are refused."));
      return 0;
    }
  }
}
