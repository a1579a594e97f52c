package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.haven.consensus.Receipt;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haven import} on a real network of three members (RocksDB, Ratis over gRPC, HTTP): a
 * register imported at the Kenyan member, then the same children imported at the Ugandan member by
 * its own registrar, each through its own node and vault. The Ugandan declarations are flagged for
 * duplicate review against the Kenyan children, across members; a child only Uganda holds goes in.
 */
class ImportAcrossMembersTest {
  private static final Path TESTDATA = Path.of("..", "testdata", "import");
  private static final String KE = "ke-civil-registry";
  private static final String UG = "ug-nira";
  private static final String KE_REGISTRAR = "ke.registrar.otieno";
  private static final String UG_REGISTRAR = "ug.registrar.nakato";

  @TempDir static Path root;
  private static InProcessNetwork network;

  @BeforeAll
  static void startTheConsortium() throws Exception {
    network = InProcessNetwork.start(root.resolve("network"), UnaryOperator.identity());
    network.awaitLeader(network.members());
    DemoLedger ledger = network.ledger();
    for (Officer officer : DemoCommand.demoOfficers(ledger)) {
      Receipt receipt =
          network
              .node(KE)
              .submit(ledger.enrol(officer).encoded())
              .get(InProcessNetwork.PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(receipt.result().accepted()).as("%s", receipt).isTrue();
    }
    ledger.saveCredential(
        network.dataDir(KE), new OfficerId(KE_REGISTRAR), DemoCommand.DEMO_PASSWORD);
    ledger.saveCredential(
        network.dataDir(UG), new OfficerId(UG_REGISTRAR), DemoCommand.DEMO_PASSWORD);
  }

  @AfterAll
  static void stopTheConsortium() throws Exception {
    if (network != null) {
      network.close();
    }
  }

  @Test
  void childrenImportedAtOneMember_areFlaggedForReview_whenImportedAgainAtAnother()
      throws Exception {
    Path kenyan = Files.copy(TESTDATA.resolve("registry.csv"), root.resolve("ke-register.csv"));
    Path ugandan =
        Files.writeString(
            root.resolve("ug-register.csv"),
            Files.readString(kenyan)
                + "R5,Nakato,Ssempala,04/04/2021,Kampala,F,Namubiru Ssempala,CM90012,\n");

    CliRun atKenya = importAt(KE, KE_REGISTRAR, kenyan);
    CliRun atUganda = importAt(UG, UG_REGISTRAR, ugandan);

    assertThat(atKenya.exitCode()).as(atKenya.toString()).isZero();
    assertThat(atKenya.out()).contains("imported                 4");
    assertThat(atUganda.exitCode()).as(atUganda.toString()).isZero();
    assertThat(atUganda.out())
        .contains(
            "imported                 1",
            "duplicates for review    4",
            "rejected                 0");
    Map<String, String> kenyanChildren = childrenByLine(kenyan);
    Map<String, String> ugandanChildren = childrenByLine(ugandan);
    NodeHttp ugNode = new NodeHttp(network.node(UG).httpPort());
    String ugToken = ugNode.login(UG_REGISTRAR, DemoCommand.DEMO_PASSWORD);
    HttpResponse<String> queue = ugNode.get("/duplicate-reviews", ugToken);
    assertThat(queue.statusCode()).as(queue.body()).isEqualTo(200);
    for (String line : kenyanChildren.keySet()) {
      String declaredAgain = ugandanChildren.get(line);
      assertThat(queue.body()).contains(declaredAgain);
      HttpResponse<String> record = ugNode.get("/children/" + declaredAgain, ugToken);
      JsonNode candidates = NodeHttp.json(record).path("duplicateCandidates");
      assertThat(candidates.toString())
          .as("line %s at Uganda is a candidate duplicate of Kenya's child", line)
          .contains(kenyanChildren.get(line));
      assertThat(NodeHttp.json(record).path("status").asText()).isNotEqualTo("REGISTERED");
    }
    String onlyInUganda = ugandanChildren.get("6");
    HttpResponse<String> registered = ugNode.get("/children/" + onlyInUganda, ugToken);
    assertThat(NodeHttp.json(registered).path("status").asText()).isEqualTo("REGISTERED");
  }

  /** {@code haven import} of {@code csv} by {@code registrar}, logged in at {@code member}. */
  private static CliRun importAt(String member, String registrar, Path csv) throws Exception {
    Path session = root.resolve(member + "-session.json");
    Path password =
        Files.writeString(root.resolve(member + "-password"), DemoCommand.DEMO_PASSWORD);
    CliRun.succeed(
        "login",
        "--node",
        "http://127.0.0.1:" + network.node(member).httpPort(),
        "--officer",
        registrar,
        "--password-file",
        password.toString(),
        "--session-file",
        session.toString());
    return CliRun.run(
        "import",
        "--csv",
        csv.toString(),
        "--mapping",
        TESTDATA.resolve("mapping.json").toString(),
        "--no-progress",
        "--session-file",
        session.toString());
  }

  /** The child number of each line of {@code csv}, from its progress file. */
  private static Map<String, String> childrenByLine(Path csv) throws Exception {
    return Files.readAllLines(Path.of(csv + ".progress")).stream()
        .skip(1)
        .map(line -> line.split("\t", -1))
        .collect(Collectors.toMap(fields -> fields[0], fields -> fields[2]));
  }
}
