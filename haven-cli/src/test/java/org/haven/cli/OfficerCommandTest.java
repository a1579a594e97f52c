package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haven.cli.Output.json;
import static org.haven.cli.Output.text;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code haven officer enrol}, {@code haven officer unlock} and {@code haven officer deactivate}
 * against a fake node.
 */
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

  @Test
  void unlock_postsToTheOfficersUnlockRoute_andSaysHowManyAddresses() throws Exception {
    node.answer(
        "POST",
        "/officers/ke.registrar.achieng/unlock",
        200,
        "{\"officer\": \"ke.registrar.achieng\", \"unlockedAddresses\": 2}");

    CliRun unlock =
        CliRun.run(
            "officer", "unlock", "ke.registrar.achieng", "--session-file", sessionFile.toString());

    assertThat(unlock.exitCode()).as(unlock.toString()).isZero();
    FakeNode.Request request = node.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo("/api/v1/officers/ke.registrar.achieng/unlock");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + SavedSession.TOKEN);
    assertThat(unlock.out())
        .isEqualTo(
            "Unlocked ke.registrar.achieng at 2 address(es); they can log in again."
                + System.lineSeparator());
  }

  @Test
  void unlock_refusedByTheNode_saysWhyAndFails() {
    node.answer(
        "POST",
        "/officers/ug.registrar.nakato/unlock",
        403,
        "{\"type\": \"urn:haven:reject:ROLE_NOT_PERMITTED\", \"title\": \"Forbidden\","
            + " \"status\": 403, \"reason\": \"ROLE_NOT_PERMITTED\", \"detail\":"
            + " \"ke-civil-registry.admin may not unlock officers' logins; an ORG_ADMIN of the"
            + " officer's organisation may.\"}");

    CliRun unlock =
        CliRun.run(
            "officer", "unlock", "ug.registrar.nakato", "--session-file", sessionFile.toString());

    assertThat(unlock.exitCode()).as(unlock.toString()).isNotZero();
    assertThat(unlock.err()).contains("may not unlock officers' logins");
  }

  @Test
  void deactivate_postsTheReason_andSaysWhatFollows() throws Exception {
    node.answer(
        "POST",
        "/officers/ke.border.wekesa/deactivate",
        200,
        "{\"officer\": \"ke.border.wekesa\", \"active\": false, \"transactionId\": \"7ab1\"}");

    CliRun deactivate =
        CliRun.run(
            "officer",
            "deactivate",
            "ke.border.wekesa",
            "--reason",
            "left the border service",
            "--session-file",
            sessionFile.toString());

    assertThat(deactivate.exitCode()).as(deactivate.toString()).isZero();
    FakeNode.Request request = node.onlyRequest();
    assertThat(request.rawPath()).isEqualTo("/api/v1/officers/ke.border.wekesa/deactivate");
    assertThat(request.json()).isEqualTo(json("{\"reason\": \"left the border service\"}"));
    assertThat(text(deactivate.out()))
        .isEqualTo(
            "Deactivated ke.border.wekesa (transaction 7ab1): their logins and signatures are"
                + " refused.\n");
  }
}
