package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.core.bytes.Bytes;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.haven.node.HttpsCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code haven init} writes a data directory a node starts from, and refuses what it cannot use.
 */
class InitCommandTest {
  private static final String ORG = "ke-civil-registry";
  private static final OfficerId ADMIN = new OfficerId(ORG + ".admin");

  @TempDir Path temp;

  @Test
  void init_thenNode_servesANewLedgerTheAdminCanLogInToAndEnrolOfficersOn() throws Exception {
    Path dataDir = temp.resolve("node");

    CliRun init = init(dataDir, "KE");

    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.out()).startsWith("Initialised node " + ORG + " of " + ORG + " in " + dataDir);
    assertThat(temp.resolve("node.vault.key"))
        .as("the master key is beside, not in, the data")
        .exists();
    assertThat(dataDir.resolve(HavenNode.LINKAGE_KEY_FILE)).exists();
    assertThat(Files.getPosixFilePermissions(dataDir.resolve(HavenNode.TLS_KEY_FILE)))
        .as("the TLS key is the owner's only")
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Bytes certificate =
        GenesisFile.read(dataDir.resolve(HavenNode.GENESIS_FILE))
            .tlsCertificates()
            .get(new OrgId(ORG));
    assertThat(init.out()).contains("TLS certificate (for genesis):  " + certificate.toBase64());
    assertThat(Files.getPosixFilePermissions(dataDir.resolve(HttpsCertificate.KEY_FILE)))
        .as("the HTTPS key is the owner's only")
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    String pin = printedPin(init.out());
    try (HavenNode node = HavenNode.start(dataDir)) {
      String url = node.httpUrl();
      assertThat(url).as("init makes the node serve HTTPS").startsWith("https://127.0.0.1:");
      NodeHttp http = new NodeHttp(url, NodeClient.httpClient(NodeTrust.of(null, pin)));
      JsonNode status = http.awaitLeadership();
      assertThat(status.get("nodeId").asText()).isEqualTo(ORG);
      assertThat(status.get("height").asLong()).isZero();
      String session = temp.resolve("session.json").toString();
      CliRun health = CliRun.run("status", "--node", url, "--pin", pin);
      assertThat(health.exitCode()).as(health.toString()).isZero();
      assertThat(health.out()).contains("role").contains("LEADER").contains("tree size");

      CliRun login =
          CliRun.run(
              "login",
              "--node",
              url,
              "--pin",
              pin,
              "--session-file",
              session,
              "--officer",
              ADMIN.value(),
              "--password-file",
              adminPassword().toString());
      assertThat(login.exitCode()).as(login.toString()).isZero();
      CliRun enrol =
          CliRun.run(
              "officer",
              "enrol",
              "--session-file",
              session,
              "--id",
              "ke.registrar.otieno",
              "--role",
              "REGISTRAR",
              "--jurisdiction",
              "KE",
              "--password-file",
              adminPassword().toString());
      assertThat(enrol.exitCode()).as(enrol.toString()).isZero();
      assertThat(http.status().get("recordTreeSize").asLong()).isEqualTo(1);
      CliRun registrarLogin =
          CliRun.run(
              "login",
              "--node",
              url,
              "--pin",
              pin,
              "--session-file",
              session,
              "--officer",
              "ke.registrar.otieno",
              "--password-file",
              adminPassword().toString());
      assertThat(registrarLogin.exitCode()).as(registrarLogin.toString()).isZero();
    }
    CliRun verify = CliRun.run("verify", "--data-dir", dataDir.toString(), "--no-progress");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  /** The HTTPS certificate pin {@code haven init} printed. */
  static String printedPin(String out) {
    Matcher pin = Pattern.compile("HTTPS certificate pin: +(sha256:[0-9a-f]{64})").matcher(out);
    assertThat(pin.find()).as("init prints the pin: %s", out).isTrue();
    return pin.group(1);
  }

  private Path adminPassword() throws IOException {
    Path file = temp.resolve("password.txt");
    if (!Files.exists(file)) {
      Files.writeString(file, "a long enough password\n");
    }
    return file;
  }

  @Test
  void init_intoANonEmptyDirectory_failsAndTouchesNothing() throws Exception {
    Path dataDir = Files.createDirectories(temp.resolve("node"));
    Path precious = Files.writeString(dataDir.resolve("precious.txt"), "keep me");

    CliRun init = init(dataDir, "KE");

    assertThat(init.exitCode()).as(init.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(init.err())
        .isEqualTo(
            "haven: "
                + dataDir
                + " already exists and is not empty; choose a new directory."
                + System.lineSeparator());
    try (var files = Files.list(dataDir)) {
      assertThat(files).containsExactly(precious);
    }
    assertThat(precious).hasContent("keep me");
  }

  @ParameterizedTest(name = "--country {0}")
  @ValueSource(strings = {"Kenya", "ke", "XX", "KEN"})
  void init_withABadCountry_failsWithAClearMessage(String country) throws Exception {
    Path dataDir = temp.resolve("node");

    CliRun init = init(dataDir, country);

    assertThat(init.exitCode()).as(init.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(init.err())
        .startsWith("haven: jurisdiction must be an ISO 3166-1 alpha-2 country code")
        .contains("'" + country + "'");
    assertThat(init.err().strip()).as("one line").doesNotContain("\n");
    assertThat(dataDir.resolve(HavenNode.GENESIS_FILE)).doesNotExist();
    assertThat(init(dataDir, "KE").exitCode()).as("a corrected retry succeeds").isZero();
  }

  private CliRun init(Path dataDir, String country) throws IOException {
    return CliRun.run(
        "init",
        "--admin-password-file",
        adminPassword().toString(),
        "--data-dir",
        dataDir.toString(),
        "--org",
        ORG,
        "--name",
        "Kenya Civil Registration Services",
        "--country",
        country,
        "--http-port",
        "0",
        "--raft-port",
        String.valueOf(freePort()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
