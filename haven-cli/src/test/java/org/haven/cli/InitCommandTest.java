package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.core.ledger.Genesis;
import org.haven.core.tx.EnrolOfficer;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.TxSigner;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.haven.node.KeyFile;
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
  void init_thenNode_servesANewLedgerTheAdminCanWriteTo() throws Exception {
    Path dataDir = temp.resolve("node");

    CliRun init = init(dataDir, "KE");

    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.out()).startsWith("Initialised node " + ORG + " of " + ORG + " in " + dataDir);
    Genesis genesis = GenesisFile.read(dataDir.resolve(HavenNode.GENESIS_FILE));
    Ed25519PrivateKey adminKey = KeyFile.read(dataDir.resolve("keys/" + ADMIN.value() + ".key"));
    try (HavenNode node = HavenNode.start(dataDir)) {
      NodeHttp http = new NodeHttp(node.httpPort());
      JsonNode status = http.status();
      assertThat(status.get("nodeId").asText()).isEqualTo(ORG);
      assertThat(status.get("height").asLong()).isZero();
      assertThat(status.get("treeSize").asLong()).isZero();

      HttpResponse<String> enrolled = http.submit(enrolment(genesis, adminKey));

      assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(200);
    }
    CliRun verify = CliRun.run("verify", "--data-dir", dataDir.toString(), "--no-progress");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
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

  private static CliRun init(Path dataDir, String country) throws IOException {
    return CliRun.run(
        "init",
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

  /** The admin whose key init wrote enrols a registrar. */
  private static Transaction enrolment(Genesis genesis, Ed25519PrivateKey adminKey) {
    SecureRandom random = new SecureRandom();
    byte[] nonce = new byte[TxBody.NONCE_SIZE];
    random.nextBytes(nonce);
    Officer registrar =
        new Officer(
            new OfficerId("ke.registrar.otieno"),
            new OrgId(ORG),
            Role.REGISTRAR,
            new Jurisdiction("KE"),
            Ed25519PrivateKey.generate(random).publicKey(),
            true);
    TxBody body =
        new TxBody(ADMIN, System.currentTimeMillis(), Bytes.of(nonce), new EnrolOfficer(registrar));
    return Transaction.sign(body, genesis.hash(), List.of(new TxSigner(ADMIN, adminKey)));
  }
}
