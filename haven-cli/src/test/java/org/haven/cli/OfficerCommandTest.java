package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haven.cli.Output.json;
import static org.haven.cli.Output.text;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code haven officer enrol} against a fake node. */
class OfficerCommandTest extends LoggedInTest {

  @Test
  void enrol_postsTheOfficerWithThePasswordFromTheFile() throws Exception {
    Path passwordFile = Files.writeString(temp.resolve("password"), "first day at work\r\n");
    node.answer(
        "POST",
        "/officers",
        201,
        "{\"officer\": \"ke.registrar.achieng\", \"publicKey\": \"MCowBQYDK2VwAyEA\","
            + " \"transactionId\": \"9f2c\"}");

    CliRun enrol =
        CliRun.run(
            "officer",
            "enrol",
            "--id",
            "ke.registrar.achieng",
            "--role",
            "registrar",
            "--jurisdiction",
            "KE",
            "--password-file",
            passwordFile.toString(),
            "--session-file",
            sessionFile.toString());

    assertThat(enrol.exitCode()).as(enrol.toString()).isZero();
    FakeNode.Request request = node.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo("/api/v1/officers");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + SavedSession.TOKEN);
    assertThat(request.json())
        .isEqualTo(
            json(
                "{\"id\": \"ke.registrar.achieng\", \"role\": \"REGISTRAR\", \"jurisdiction\":"
                    + " \"KE\", \"password\": \"first day at work\"}"));
    assertThat(text(enrol.out()))
        .isEqualTo(
            "officer         ke.registrar.achieng\n"
                + "public key      MCowBQYDK2VwAyEA\n"
                + "transaction id  9f2c\n");
  }

  @Test
  void enrol_withoutAPasswordFileOrATerminal_refusesAndSendsNothing() {
    assumeTrue(System.console() == null, "tests run in a terminal");

    CliRun enrol =
        CliRun.run(
            "officer",
            "enrol",
            "--id",
            "ke.registrar.achieng",
            "--role",
            "REGISTRAR",
            "--jurisdiction",
            "KE",
            "--session-file",
            sessionFile.toString());

    assertThat(enrol.exitCode()).as(enrol.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(enrol.err())
        .isEqualTo(
            "haven: no password for ke.registrar.achieng: give --password-file FILE, or run in a"
                + " terminal"
                + System.lineSeparator());
    assertThat(node.requests()).isEmpty();
  }
}
