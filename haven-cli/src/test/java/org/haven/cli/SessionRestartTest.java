package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.tx.Kind;
import org.haven.node.HavenNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node restarted (SIGTERM, then {@code haven node} again, each a separate process) keeps its
 * officers' sessions: the CLI writes with the session it saved before the restart without logging
 * in again. A session logged out before the restart stays dead, and one whose file was altered on
 * the node's disk while it was down is refused with a log line, after which the officer simply logs
 * in again. The session files hold neither tokens nor the signing key in clear.
 */
class SessionRestartTest {
  private static final Pattern NODE_RUNNING =
      Pattern.compile("Haven node running: .* HTTP http://127\\.0\\.0\\.1:(\\d+)/api/v1/status");
  private static final Pattern CHILD_NUMBER = Pattern.compile("child number +([0-9-]+)");
  private static final String PASSWORD = "a field agent's long password";

  @TempDir Path temp;

  private final List<HavenProcess> running = new ArrayList<>();
  private Path dataDir;
  private Officer agent;
  private String nodeUrl;

  @AfterEach
  void stopEverything() {
    for (HavenProcess process : running) {
      process.close();
    }
  }

  @Test
  void restart_keepsLiveSessions_refusesEndedAndAlteredOnes() throws Exception {
    dataDir = Files.createDirectories(temp.resolve("node"));
    int port = freePort();
    DemoLedger ledger = DemoLedger.create(dataDir, DemoCommand.MEMBERS, port);
    DemoLedger.Member member = DemoCommand.MEMBERS.get(0);
    agent = ledger.newOfficer("agent.restarting", member.id(), Role.FIELD_AGENT, member.country());
    ledger.saveCredential(dataDir, agent.id(), PASSWORD);
    HavenProcess first = startNode("first");
    assertThat(port(first)).isEqualTo(port);
    nodeUrl = "http://127.0.0.1:" + port;
    assertThat(new NodeHttp(port).submit(ledger.enrol(agent)).statusCode()).isEqualTo(200);

    Path live = login("live");
    Path loggedOut = login("logged-out");
    String loggedOutToken = tokenIn(loggedOut);
    CliRun logout = CliRun.run("logout", "--session-file", loggedOut.toString());
    assertThat(logout.exitCode()).as(logout.toString()).isZero();
    Path altered = login("altered");
    List<String> tokens = List.of(tokenIn(live), loggedOutToken, tokenIn(altered));
    assertThat(first.terminate()).as("the node stops on SIGTERM").isTrue();

    // Someone with write access to the node's disk flips one byte of a session file.
    Path alteredFile =
        sessionDirectory()
            .resolve(Hash.sha256(tokenIn(altered).getBytes(StandardCharsets.UTF_8)).toHex());
    byte[] content = Files.readAllBytes(alteredFile);
    content[content.length - 20] ^= 0x01;
    Files.write(alteredFile, content);

    HavenProcess second = startNode("second");
    assertThat(port(second)).as("the node listens where it did").isEqualTo(port);
    NodeHttp http = new NodeHttp(port);

    CliRun declared = declare(live, "Neema");
    assertThat(declared.exitCode()).as(declared.toString()).isZero();
    Matcher number = CHILD_NUMBER.matcher(declared.out());
    assertThat(number.find()).as(declared.out()).isTrue();

    HttpResponse<String> afterLogout = http.get("/session", loggedOutToken);
    assertThat(afterLogout.statusCode()).as(afterLogout.body()).isEqualTo(401);

    CliRun refused = declare(altered, "Zawadi");
    assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
    assertThat(refused.err()).contains("401");
    assertThat(nodeLog("second"))
        .contains("Session file " + alteredFile + " was altered or is damaged")
        .doesNotContain("\tat org.haven.node.auth.");
    assertThat(Files.exists(alteredFile)).as("the altered file is deleted").isFalse();
    Path again = login("altered");
    CliRun afterLoggingIn = declare(again, "Zawadi");
    assertThat(afterLoggingIn.exitCode()).as(afterLoggingIn.toString()).isZero();

    for (Path file : sessionFiles()) {
      byte[] bytes = Files.readAllBytes(file);
      assertThat(indexOf(bytes, ledger.keyOf(agent.id()).seed().toArray()))
          .as("the signing key in %s", file)
          .isEqualTo(-1);
      for (String token : tokens) {
        assertThat(indexOf(bytes, token.getBytes(StandardCharsets.US_ASCII)))
            .as("a token in %s", file)
            .isEqualTo(-1);
      }
    }
    assertThat(nodeLog("first") + nodeLog("second")).doesNotContain(tokens.toArray(String[]::new));
    assertThat(second.terminate()).as("the node stops on SIGTERM").isTrue();
    assertThat(StoppedLedger.transactionsOf(dataDir, Kind.DECLARE_CHILD))
        .as("the two declarations made, no other")
        .isEqualTo(2);
  }

  private HavenProcess startNode(String run) throws Exception {
    HavenProcess process =
        HavenProcess.start(
            temp.resolve(run + "-stderr.log"), "node", "--data-dir", dataDir.toString());
    running.add(process);
    return process;
  }

  private String nodeLog(String run) throws Exception {
    return Files.readString(temp.resolve(run + "-stderr.log"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int port(HavenProcess node) throws InterruptedException {
    return Integer.parseInt(node.awaitLine(NODE_RUNNING).group(1));
  }

  /** Logs the agent in with the CLI and returns the session file it saved. */
  private Path login(String name) throws Exception {
    Path sessionFile = temp.resolve(name + "-session.json");
    Path passwordFile = Files.writeString(temp.resolve("password"), PASSWORD);
    CliRun login =
        CliRun.run(
            "login",
            "--node",
            nodeUrl,
            "--officer",
            agent.id().value(),
            "--password-file",
            passwordFile.toString(),
            "--session-file",
            sessionFile.toString());
    assertThat(login.exitCode()).as(login.toString()).isZero();
    return sessionFile;
  }

  private CliRun declare(Path sessionFile, String givenNames) throws Exception {
    Path declaration =
        Files.writeString(
            temp.resolve(givenNames + ".json"),
            "{\"evidence\": \"BIRTH_NOTIFICATION\", \"child\": {\"givenNames\": \""
                + givenNames
                + "\", \"familyNames\": \"Chebet\", \"dateOfBirth\": \"2021-05-09\","
                + " \"sex\": \"FEMALE\"}}");
    return CliRun.run(
        "child",
        "declare",
        "--file",
        declaration.toString(),
        "--session-file",
        sessionFile.toString());
  }

  private static String tokenIn(Path sessionFile) throws Exception {
    JsonNode session = Output.json(Files.readString(sessionFile));
    return session.get("token").asText();
  }

  private Path sessionDirectory() {
    return dataDir.resolve(HavenNode.SESSIONS_DIR);
  }

  private List<Path> sessionFiles() throws Exception {
    try (Stream<Path> files = Files.list(sessionDirectory())) {
      return files.toList();
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
