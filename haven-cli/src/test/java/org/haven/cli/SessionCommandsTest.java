package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haven.cli.Output.json;
import static org.haven.cli.Output.text;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haven login} and {@code haven logout} against a fake node: what they send, and the session
 * file they leave behind.
 */
class SessionCommandsTest {
  private static final long EXPIRES_AT = 4_102_444_800_000L; // 2100-01-01T00:00:00Z
  private static final String LOGIN_ANSWER =
      "{\"token\": \"tok-1\", \"csrfToken\": \"csrf-1\", \"officer\": \"ke.registrar.otieno\","
          + " \"role\": \"REGISTRAR\", \"organisation\": \"ke-civil-registry\","
          + " \"jurisdiction\": \"KE\", \"expiresAt\": "
          + EXPIRES_AT
          + "}";

  @TempDir Path temp;
  private FakeNode node;
  private Path sessionFile;

  @BeforeEach
  void startNode() throws IOException {
    node = FakeNode.start();
    sessionFile = temp.resolve("haven/session.json");
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  @Test
  void login_postsOfficerAndPassword_andSavesTheSessionForItsOwnerOnly() throws Exception {
    node.answer("POST", "/session", 200, LOGIN_ANSWER);
    Path passwordFile = Files.writeString(temp.resolve("password"), "correct horse\n");

    CliRun login =
        CliRun.run(
            "login",
            "--officer",
            "ke.registrar.otieno",
            "--password-file",
            passwordFile.toString(),
            "--node",
            node.url() + "/",
            "--session-file",
            sessionFile.toString());

    assertThat(login.exitCode()).as(login.toString()).isZero();
    FakeNode.Request request = node.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo("/api/v1/session");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("Authorization")).isNull();
    assertThat(request.json())
        .isEqualTo(json("{\"officer\": \"ke.registrar.otieno\", \"password\": \"correct horse\"}"));
    assertThat(json(Files.readString(sessionFile)))
        .isEqualTo(
            json(
                "{\"node\": \""
                    + node.url()
                    + "\", \"officer\": \"ke.registrar.otieno\", \"token\": \"tok-1\","
                    + " \"expiresAt\": "
                    + EXPIRES_AT
                    + "}"));
    assertThat(Files.getPosixFilePermissions(sessionFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(sessionFile.getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(text(login.out()))
        .isEqualTo(
            "Logged in to "
                + node.url()
                + "; the session is saved in "
                + sessionFile
                + ".\n"
                + "officer       ke.registrar.otieno\n"
                + "role          REGISTRAR\n"
                + "organisation  ke-civil-registry\n"
                + "jurisdiction  KE\n"
                + "expires at    2100-01-01T00:00:00Z\n");
  }

  @Test
  void login_replacesAReadableSessionFile_withAnOwnerOnlyOne() throws Exception {
    node.answer("POST", "/session", 200, LOGIN_ANSWER);
    Files.createDirectories(sessionFile.getParent());
    SavedSession.at(sessionFile, "http://old.example:8080");
    Files.setPosixFilePermissions(sessionFile, PosixFilePermissions.fromString("rw-r--r--"));

    CliRun login = login("--password-file", passwordFile());

    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(json(Files.readString(sessionFile)).get("token").asText()).isEqualTo("tok-1");
    assertThat(Files.getPosixFilePermissions(sessionFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    try (var files = Files.list(sessionFile.getParent())) {
      assertThat(files).as("no temporary file is left behind").containsExactly(sessionFile);
    }
  }

  @Test
  void login_refusedByTheNode_exitsThree_andSavesNothing() throws Exception {
    node.answer(
        "POST",
        "/session",
        401,
        "{\"type\": \"urn:haven:problem:unauthenticated\", \"title\": \"Unauthenticated\","
            + " \"status\": 401, \"detail\": \"wrong officer or password\"}");

    CliRun login = login("--password-file", passwordFile());

    assertThat(login.exitCode()).as(login.toString()).isEqualTo(HavenCli.EXIT_NODE);
    assertThat(login.err())
        .isEqualTo(
            "haven: the node answered 401 Unauthenticated: wrong officer or password"
                + System.lineSeparator());
    assertThat(sessionFile).doesNotExist();
  }

  @Test
  void login_withNoPasswordFromAnywhere_saysWhereOneCanComeFrom() throws Exception {
    assumeTrue(System.getenv("HAVEN_PASSWORD") == null, "HAVEN_PASSWORD is set");
    assumeTrue(System.console() == null, "tests run in a terminal");

    CliRun login = login();

    assertThat(login.exitCode()).as(login.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(login.err())
        .isEqualTo(
            "haven: no password: give --password-file FILE, set HAVEN_PASSWORD, or run in a"
                + " terminal"
                + System.lineSeparator());
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void login_takesNodeSessionFileAndPasswordFromTheEnvironment() throws Exception {
    node.answer("POST", "/session", 200, LOGIN_ANSWER);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    String surefire = System.getProperty("surefire.test.class.path");
    command.add(
        surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path"));
    command.add(HavenCli.class.getName());
    command.addAll(List.of("login", "--officer", "ke.registrar.otieno"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(temp.resolve("stdout").toFile())
            .redirectError(temp.resolve("stderr").toFile());
    builder.environment().put("HAVEN_NODE", node.url());
    builder.environment().put("HAVEN_SESSION", sessionFile.toString());
    builder.environment().put("HAVEN_PASSWORD", "from the environment");

    Process process = builder.start();

    assertThat(process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(temp.resolve("stderr"))).isZero();
    assertThat(node.onlyRequest().json().get("password").asText())
        .isEqualTo("from the environment");
    assertThat(json(Files.readString(sessionFile)).get("node").asText()).isEqualTo(node.url());
  }

  @Test
  void logout_endsTheSessionOnTheNode_andRemovesTheFile() throws Exception {
    saveSession();
    node.answer("DELETE", "/session", 204, "");

    CliRun logout = logout();

    assertThat(logout.exitCode()).as(logout.toString()).isZero();
    FakeNode.Request request = node.onlyRequest();
    assertThat(request.method()).isEqualTo("DELETE");
    assertThat(request.rawPath()).isEqualTo("/api/v1/session");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + SavedSession.TOKEN);
    assertThat(sessionFile).doesNotExist();
    assertThat(text(logout.out())).isEqualTo("Logged out of " + node.url() + ".\n");
  }

  @Test
  void logout_ofASessionTheNodeNoLongerKnows_stillRemovesTheFile() throws Exception {
    saveSession();
    node.answer(
        "DELETE",
        "/session",
        401,
        "{\"title\": \"Unauthenticated\", \"status\": 401, \"detail\": \"no such session\"}");

    CliRun logout = logout();

    assertThat(logout.exitCode()).as(logout.toString()).isZero();
    assertThat(sessionFile).doesNotExist();
  }

  @Test
  void logout_whenTheNodeIsDown_keepsTheFileToTryAgain() throws Exception {
    Files.createDirectories(sessionFile.getParent());
    SavedSession.at(sessionFile, "http://127.0.0.1:" + FakeNode.closedPort());

    CliRun logout = logout();

    assertThat(logout.exitCode()).as(logout.toString()).isEqualTo(HavenCli.EXIT_NODE);
    assertThat(logout.err()).startsWith("haven: cannot reach the node at http://127.0.0.1:");
    assertThat(sessionFile).exists();
  }

  @Test
  void logout_ofAnExpiredSession_removesTheFileWithoutAskingTheNode() throws Exception {
    Files.createDirectories(sessionFile.getParent());
    SavedSession.write(sessionFile, node.url(), System.currentTimeMillis() - 1);

    CliRun logout = logout();

    assertThat(logout.exitCode()).as(logout.toString()).isZero();
    assertThat(node.requests()).isEmpty();
    assertThat(sessionFile).doesNotExist();
    assertThat(text(logout.out())).isEqualTo("Logged out: the session had expired.\n");
  }

  @Test
  void aCommand_withoutASession_saysHowToLogIn() {
    CliRun show =
        CliRun.run("child", "show", "5283-9461-072", "--session-file", sessionFile.toString());

    assertThat(show.exitCode()).as(show.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(show.err())
        .isEqualTo("haven: not logged in: run 'haven login --officer ID'" + System.lineSeparator());
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void aCommand_withAnExpiredSession_saysHowToLogIn() throws Exception {
    Files.createDirectories(sessionFile.getParent());
    SavedSession.write(sessionFile, node.url(), System.currentTimeMillis() - 1);

    CliRun show =
        CliRun.run("child", "show", "5283-9461-072", "--session-file", sessionFile.toString());

    assertThat(show.exitCode()).as(show.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(show.err())
        .isEqualTo("haven: not logged in: run 'haven login --officer ID'" + System.lineSeparator());
    assertThat(node.requests()).isEmpty();
  }

  private CliRun login(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "login",
                "--officer",
                "ke.registrar.otieno",
                "--node",
                node.url(),
                "--session-file",
                sessionFile.toString()));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  private CliRun logout() {
    return CliRun.run("logout", "--session-file", sessionFile.toString());
  }

  private void saveSession() throws IOException {
    Files.createDirectories(sessionFile.getParent());
    SavedSession.at(sessionFile, node.url());
  }

  private String passwordFile() throws IOException {
    return Files.writeString(temp.resolve("password"), "correct horse").toString();
  }
}
