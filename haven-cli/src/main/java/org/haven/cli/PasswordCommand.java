package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Changes the logged-in officer's own password on the node. */
@Command(
    name = "password",
    mixinStandardHelpOptions = true,
    description = {
      "Change your own password on the node you are logged in to. The node seals your signing"
          + " key under the new password; the old one stops working.",
      "The current password comes from --password-file, else $HAVEN_PASSWORD, else the terminal;"
          + " the new one from --new-password-file, else $HAVEN_NEW_PASSWORD, else the terminal"
          + " (typed twice). A wrong current password counts as a failed login."
    })
final class PasswordCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "A file that holds your current password (a final line break is ignored).")
  Path passwordFile;

  @Option(
      names = "--new-password-file",
      paramLabel = "FILE",
      description = "A file that holds your new password (a final line break is ignored).")
  Path newPasswordFile;

  @Override
  public Integer call() throws InterruptedException {
    Session session = node.session();
    String current = Passwords.existing(passwordFile, "HAVEN_PASSWORD", session.officer());
    String next =
        Passwords.newPassword(
            newPasswordFile,
            "--new-password-file",
            Optional.of("HAVEN_NEW_PASSWORD"),
            session.officer());
    JsonNode answer =
        node.client(session)
            .post(
                NodeClient.Route.of("session", "password"),
                Json.object().put("currentPassword", current).put("newPassword", next));
    node.print(
        answer,
        out ->
            out.println(
                "Password changed for "
                    + session.officer()
                    + ": log in with the new one from now on. This session stays open."));
    return 0;
  }
}
