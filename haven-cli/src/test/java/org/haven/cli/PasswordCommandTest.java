package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haven.cli.Output.json;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code haven password} against a fake node. */
class PasswordCommandTest extends LoggedInTest {

  @Test
  void password_postsTheCurrentAndTheNewPassword_fromTheirFiles() throws Exception {
    Path current = Files.writeString(temp.resolve("current"), "correct horse battery\n");
    Path next = Files.writeString(temp.resolve("next"), "a different passphrase, long\n");
    node.answer("POST", "/session/password", 204, "");

    CliRun change =
        CliRun.run(
            "password",
            "--password-file",
            current.toString(),
            "--new-password-file",
            next.toString(),
            "--session-file",
            sessionFile.toString());

    assertThat(change.exitCode()).as(change.toString()).isZero();
    FakeNode.Request request = node.onlyRequest();
    assertThat(request.rawPath()).isEqualTo("/api/v1/session/password");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + SavedSession.TOKEN);
    assertThat(request.json())
        .isEqualTo(
            json(
                "{\"currentPassword\": \"correct horse battery\","
                    + " \"newPassword\": \"a different passphrase, long\"}"));
    assertThat(change.out())
        .startsWith("Password changed for " + SavedSession.OFFICER + ": log in with the new one");
  }

  @Test
  void password_withAWrongCurrentPassword_saysSoAndFails() throws Exception {
    Path current = Files.writeString(temp.resolve("current"), "not my password at all\n");
    Path next = Files.writeString(temp.resolve("next"), "a different passphrase, long\n");
    node.answer(
        "POST",
        "/session/password",
        403,
        "{\"type\": \"urn:haven:problem:forbidden\", \"title\": \"Forbidden\", \"status\": 403,"
            + " \"detail\": \"The current password is wrong; nothing was changed.\"}");

    CliRun change =
        CliRun.run(
            "password",
            "--password-file",
            current.toString(),
            "--new-password-file",
            next.toString(),
            "--session-file",
            sessionFile.toString());

    assertThat(change.exitCode()).as(change.toString()).isNotZero();
    assertThat(change.err()).contains("The current password is wrong");
  }
}
