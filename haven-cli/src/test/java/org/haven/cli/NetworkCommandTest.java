package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.haven.core.crypto.CertificatePin;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.haven.node.NodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local consortium of three node processes, each serving HTTPS (the API and /metrics) that the
 * CLI checks by pin: one leader, identical ledgers; the leader killed with SIGKILL, another is
 * elected; the dead member restarts, catches up, and a new write reaches every member.
 */
class NetworkCommandTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final List<String> MEMBERS =
      List.of("ke-civil-registry", "ug-nira", "unicef-esaro");

  @TempDir Path temp;
  private HttpClient http;
  private final Map<String, String> pins = new TreeMap<>();
  private final List<HavenProcess> restarted = new ArrayList<>();

  @AfterEach
  void down() {
    restarted.forEach(HavenProcess::close);
    CliRun.run("network", "down", "--dir", temp.resolve("net").toString());
  }

  @Test
  void upKillTheLeaderRestartItAndConverge() throws Exception {
    Path net = temp.resolve("net");
    CliRun up = CliRun.run("network", "up", "--members", "3", "--dir", net.toString());
    assertThat(up.exitCode()).as(up.toString()).isZero();
    Map<String, String> urls = new TreeMap<>();
    List<CertificatePin> memberPins = new ArrayList<>();
    for (String member : MEMBERS) {
      String url = "https://127.0.0.1:" + NodeConfig.read(net.resolve(member)).httpPort();
      urls.put(member, url);
      CertificatePin pin = NetworkCommand.Up.pinOf(net.resolve(member));
      memberPins.add(pin);
      pins.put(url, pin.toString());
      assertThat(up.out())
          .as("up prints each member's URL and pin")
          .contains(url + "  --pin " + pin);
      assertThat(
              GenesisFile.read(net.resolve(member).resolve(HavenNode.GENESIS_FILE))
                  .tlsCertificates())
          .as("the members talk mutual TLS")
          .hasSize(MEMBERS.size());
    }
    http = NodeClient.httpClient(new NodeTrust(null, memberPins));
    // The demo's seven enrolments, with members' cosignatures among them.
    Map<String, JsonNode> before = awaitConverged(urls, 6);
    List<String> leaders =
        before.entrySet().stream()
            .filter(e -> e.getValue().get("raft").get("role").asText().equals("LEADER"))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(leaders).hasSize(1);
    String leader = leaders.get(0);
    for (String url : urls.values()) {
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/metrics")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).as("GET %s/metrics over HTTPS", url).isEqualTo(200);
      assertThat(metrics.body()).contains("haven_raft_role{role=").contains("haven_block_height");
    }

    long pid =
        Long.parseLong(
            Files.readString(net.resolve(leader).resolve(NetworkCommand.PID_FILE)).strip());
    ProcessHandle killed = ProcessHandle.of(pid).orElseThrow();
    assertThat(killed.destroyForcibly()).isTrue();
    killed.onExit().get();
    Map<String, String> survivors = new TreeMap<>(urls);
    survivors.remove(leader);
    String newLeader = awaitLeader(survivors);
    assertThat(newLeader).isNotEqualTo(leader);

    restarted.add(
        HavenProcess.start(
            temp.resolve(leader + "-restart.log"),
            "node",
            "--data-dir",
            net.resolve(leader).toString()));
    Path password = Files.writeString(temp.resolve("password"), DemoCommand.DEMO_PASSWORD);
    Path session = temp.resolve("session.json");
    long records = awaitConverged(urls, 6).get(leader).get("recordTreeSize").asLong();
    CliRun login =
        CliRun.run(
            "login",
            "--node",
            urls.get(MEMBERS.get(0)),
            "--pin",
            pins.get(urls.get(MEMBERS.get(0))),
            "--session-file",
            session.toString(),
            "--officer",
            "ke-civil-registry.admin",
            "--password-file",
            password.toString());
    assertThat(login.exitCode()).as(login.toString()).isZero();
    String otherAdmin = MEMBERS.get(1) + ".admin";
    CliRun atOwnNode = login(urls.get(MEMBERS.get(1)), otherAdmin, password);
    assertThat(atOwnNode.exitCode()).as("at their own node: %s", atOwnNode).isZero();
    CliRun atFirstNode = login(urls.get(MEMBERS.get(0)), otherAdmin, password);
    assertThat(atFirstNode.exitCode())
        .as("another member's node holds no credential of theirs: %s", atFirstNode)
        .isNotZero();
    assertThat(atFirstNode.err()).contains("Wrong officer id or password");
    CliRun enrol =
        CliRun.run(
            "officer",
            "enrol",
            "--session-file",
            session.toString(),
            "--id",
            "ke.registrar.after-failover",
            "--role",
            "REGISTRAR",
            "--jurisdiction",
            "KE",
            "--password-file",
            password.toString());
    assertThat(enrol.exitCode()).as(enrol.toString()).isZero();

    awaitConverged(urls, records);
  }

  private CliRun login(String url, String officer, Path password) {
    return CliRun.run(
        "login",
        "--node",
        url,
        "--pin",
        pins.get(url),
        "--session-file",
        temp.resolve(officer + "-session.json").toString(),
        "--officer",
        officer,
        "--password-file",
        password.toString());
  }

  /**
   * Waits until every member holds the same log and root, with records (transactions other than
   * members' cosignatures, which are interleaved with them) up to a size beyond {@code records}.
   *
   * @return each member's status
   */
  private Map<String, JsonNode> awaitConverged(Map<String, String> urls, long records)
      throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Map<String, JsonNode> statuses = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      statuses.clear();
      for (Map.Entry<String, String> member : urls.entrySet()) {
        NetworkCommand.status(http, member.getValue())
            .ifPresent(status -> statuses.put(member.getKey(), status));
      }
      boolean converged =
          statuses.size() == urls.size()
              && statuses.values().stream()
                  .allMatch(s -> s.get("recordTreeSize").asLong() > records)
              && statuses.values().stream().map(s -> s.get("treeSize").asLong()).distinct().count()
                  == 1
              && statuses.values().stream().map(s -> s.get("root").asText()).distinct().count()
                  == 1;
      if (converged) {
        return statuses;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "members did not converge beyond record tree size " + records + ": " + statuses);
  }

  private String awaitLeader(Map<String, String> urls) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (Map.Entry<String, String> member : urls.entrySet()) {
        Optional<JsonNode> status = NetworkCommand.status(http, member.getValue());
        if (status.isPresent() && status.get().get("raft").get("role").asText().equals("LEADER")) {
          return member.getKey();
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no new leader among " + urls.keySet());
  }
}
