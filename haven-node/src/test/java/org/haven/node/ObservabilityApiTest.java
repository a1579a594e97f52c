package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.core.identity.Role;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.Validation;
import org.haven.node.api.RequestId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} and the request ids on a started node: the metrics count what happened under
 * route templates and name no child, officer or secret; who may scrape them; and every problem
 * names the request's id, which the node makes itself.
 */
class ObservabilityApiTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String WRONG_PASSWORD = "Tr0ub4dor&3-not-it";
  private static final String AGENT = "ke.agent.wanjiku";
  private static final String REGISTRAR = "ke.registrar.otieno";

  @TempDir Path root;

  /**
   * A declaration, a registration, an audited read of the child's data, a refused transaction and
   * two failed logins, then a scrape: each is counted, requests under their route's template, and
   * the scrape holds neither the child's number nor its data, nor an officer's id, a password or a
   * session token.
   */
  @Test
  void metrics_countWhatHappened_underRouteTemplates_andNameNoChildOfficerOrSecret()
      throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    SingleNodeLedger.Actor agentOfficer = ledger.newOfficer(AGENT, Role.FIELD_AGENT);
    try (HavenNode node =
        ledger.startWith(
            List.of(agentOfficer, ledger.newOfficer(REGISTRAR, Role.REGISTRAR)), PASSWORD)) {
      ApiClient agent = new ApiClient(node.httpPort()).loggedIn(AGENT, PASSWORD);
      ApiClient registrar = new ApiClient(node.httpPort()).loggedIn(REGISTRAR, PASSWORD);
      ApiClient.Answer declared =
          agent.post(
              "/children",
              RegistryScenarioTest.declaration("Nyokabi", "2021-05-06", "FEMALE", "Nyeri"));
      assertThat(declared.status()).as("%s", declared).isEqualTo(201);
      String child = declared.body().get("childNumber").asText();
      assertThat(
              registrar
                  .post(
                      "/children/" + child + "/decision",
                      Map.of("decision", "REGISTER", "reason", "birth notification seen"))
                  .status())
          .isEqualTo(200);
      assertThat(registrar.get("/children/" + child + "/personal-data?purpose=printing").status())
          .isEqualTo(200);
      Validation replayed =
          node.submit(agentOfficer.enrolment().encoded())
              .get(30, TimeUnit.SECONDS)
              .result()
              .validation();
      assertThat(replayed).isInstanceOf(Validation.Rejected.class);
      RejectReason reason = ((Validation.Rejected) replayed).reason();
      ApiClient stranger = new ApiClient(node.httpPort());
      for (int i = 0; i < 2; i++) {
        assertThat(stranger.login(REGISTRAR, WRONG_PASSWORD).status()).isEqualTo(401);
      }

      // Readiness is a background sample taken every 500 ms: wait for one taken after the writes.
      ApiClient probe = new ApiClient(node.httpPort());
      long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (probe.getText("/ready", Map.of()).statusCode() != 200 && System.nanoTime() < readyBy) {
        Thread.sleep(100);
      }
      HttpResponse<String> scraped = probe.getText("/metrics", Map.of());
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain; version=0.0.4");
      String metrics = scraped.body();

      assertThat(value(metrics, "haven_transactions_submitted_total"))
          .as("two enrolments, the declaration, the decision, the read's audit, the replay")
          .isGreaterThanOrEqualTo(6);
      assertThat(value(metrics, "haven_transactions_committed_total")).isGreaterThanOrEqualTo(5);
      assertThat(
              value(metrics, "haven_transactions_rejected_total{reason=\"" + reason.name() + "\"}"))
          .isEqualTo(1);
      assertThat(value(metrics, "haven_transaction_commit_seconds_count"))
          .isEqualTo(value(metrics, "haven_transactions_committed_total"));
      assertThat(value(metrics, "haven_login_failures_total{outcome=\"wrong_credentials\"}"))
          .isEqualTo(2);
      assertThat(
              value(
                  metrics,
                  "haven_http_requests_seconds_count{method=\"GET\","
                      + "route=\"/api/v1/children/{number}/personal-data\",status=\"200\"}"))
          .isEqualTo(1);
      assertThat(
              value(
                  metrics,
                  "haven_http_requests_seconds_count{method=\"POST\","
                      + "route=\"/api/v1/session\",status=\"401\"}"))
          .isEqualTo(2);
      assertThat(value(metrics, "haven_block_height")).isGreaterThanOrEqualTo(4);
      assertThat(value(metrics, "haven_raft_role{role=\"LEADER\"}")).isEqualTo(1);
      assertThat(value(metrics, "haven_raft_term")).isGreaterThanOrEqualTo(1);
      assertThat(value(metrics, "haven_raft_append_repairs")).isZero();
      assertThat(value(metrics, "haven_ready")).isEqualTo(1);
      assertThat(metrics)
          .contains("haven_transaction_commit_seconds_bucket{le=\"0.1\"}")
          .contains("haven_witness_final_checkpoint_height")
          .contains("haven_bundle_version")
          .contains("jvm_memory_used_bytes")
          .contains("jvm_gc_memory_allocated_bytes_total");
      for (String secret :
          List.of(
              child,
              "Nyokabi",
              "Wanjiru",
              "2021-05-06",
              "Nyeri",
              "A7654321",
              AGENT,
              REGISTRAR,
              PASSWORD,
              WRONG_PASSWORD,
              agent.token(),
              registrar.token())) {
        assertThat(metrics).as("the scrape").doesNotContain(secret);
      }
    }
  }

  /** A token in metrics.token is asked of every scraper, loopback included. */
  @Test
  void metricsToken_isRequiredFromLoopbackToo() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    String token = HexFormat.of().formatHex(new byte[32]).replace('0', 'a');
    Files.writeString(ledger.dataDir().resolve(MetricsAccess.TOKEN_FILE), token + "\n");
    try (HavenNode node = HavenNode.start(ledger.dataDir())) {
      ApiClient client = new ApiClient(node.httpPort());
      HttpResponse<String> without = client.getText("/metrics", Map.of());
      HttpResponse<String> wrong =
          client.getText("/metrics", Map.of("Authorization", "Bearer " + token + "b"));
      HttpResponse<String> right =
          client.getText("/metrics", Map.of("Authorization", "Bearer " + token));

      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(without.body()).contains(MetricsAccess.TOKEN_FILE).doesNotContain("haven_");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.body()).contains("haven_block_height");
    }
  }

  /**
   * A TLS proxy on the node's host connects from loopback on behalf of anyone; a request that names
   * a proxy hop is not taken as local.
   */
  @Test
  void metricsThroughAProxyOnThisHost_isRefused() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    try (HavenNode node = HavenNode.start(ledger.dataDir())) {
      ApiClient client = new ApiClient(node.httpPort());
      for (String header : List.of("X-Forwarded-For", "Forwarded")) {
        HttpResponse<String> proxied = client.getText("/metrics", Map.of(header, "198.51.100.7"));
        assertThat(proxied.statusCode()).as(header).isEqualTo(403);
        assertThat(proxied.body()).doesNotContain("haven_");
      }
      assertThat(client.getText("/metrics", Map.of()).statusCode()).isEqualTo(200);
    }
  }

  /** A token too short to be a secret stops the node at start, naming the file and the fix. */
  @Test
  void aShortMetricsToken_stopsTheNode_namingTheFile() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    Files.writeString(ledger.dataDir().resolve(MetricsAccess.TOKEN_FILE), "secret");

    assertThatThrownBy(() -> HavenNode.start(ledger.dataDir()).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MetricsAccess.TOKEN_FILE)
        .hasMessageContaining("openssl rand -hex 32");
  }

  /**
   * Every answer carries the node's own request id, and a problem names it as its {@code instance};
   * an id the client sends, which could write anything into the log, is ignored.
   */
  @Test
  void problems_nameTheNodesOwnRequestId_notOneTheClientSent() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    try (HavenNode node = HavenNode.start(ledger.dataDir())) {
      ApiClient client = new ApiClient(node.httpPort());
      ApiClient.Answer first = client.get("/children/2345678901/personal-data?purpose=x");
      ApiClient.Answer second =
          client.post(
              "/session",
              Map.of("officer", REGISTRAR, "password", WRONG_PASSWORD),
              Map.of(RequestId.HEADER, "forged\", \"level\":\"ERROR"));

      for (ApiClient.Answer answer : List.of(first, second)) {
        String id = answer.header(RequestId.HEADER);
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(answer.body().get("instance").asText()).isEqualTo("urn:haven:request:" + id);
      }
      assertThat(first.header(RequestId.HEADER)).isNotEqualTo(second.header(RequestId.HEADER));
    }
  }

  private static double value(String metrics, String series) {
    Matcher line =
        Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(metrics);
    assertThat(line.find()).as("%s in%n%s", series, metrics).isTrue();
    return Double.parseDouble(line.group(1));
  }
}
