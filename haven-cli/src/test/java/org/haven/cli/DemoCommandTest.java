package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haven demo} in its own JVM: it sets up, serves, stops on SIGTERM and leaves a sound
 * ledger; its log and metrics after a journey hold no secret and no child's data.
 */
class DemoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern RUNNING = Pattern.compile("^Haven demo is running");
  static final Pattern STATUS_URL =
      Pattern.compile("curl http://127\\.0\\.0\\.1:(\\d+)/api/v1/status$");
  private static final int DEMO_OFFICERS = 7;

  @TempDir Path temp;

  private HavenProcess demo;

  @AfterEach
  void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void demo_servesItsOfficersAndStopsCleanlyOnSigterm() throws Exception {
    Path dataDir = temp.resolve("demo");
    demo =
        HavenProcess.start(
            temp.resolve("demo-stderr.log"),
            "demo",
            "--http-port",
            "0",
            "--data-dir",
            dataDir.toString());

    demo.awaitLine(RUNNING);
    int port = Integer.parseInt(demo.awaitLine(STATUS_URL).group(1));
    JsonNode status = new NodeHttp(port).status();

    assertThat(status.get("height").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(status.get("leader").asBoolean()).isTrue();
    long transactions = status.get("treeSize").asLong();
    assertThat(transactions).isGreaterThan(DEMO_OFFICERS);

    String session = temp.resolve("session.json").toString();
    CliRun login =
        CliRun.run(
            "login",
            "--node",
            "http://127.0.0.1:" + port,
            "--session-file",
            session,
            "--officer",
            "ke.registrar.otieno",
            "--password-file",
            Files.writeString(temp.resolve("password"), DemoCommand.DEMO_PASSWORD).toString());
    assertThat(login.exitCode()).as(login.toString()).isZero();
    for (String list : List.of("declarations", "duplicates", "alerts")) {
      CliRun items = CliRun.run(list, "--session-file", session, "--json");
      assertThat(items.exitCode()).as(items.toString()).isZero();
      assertThat(new ObjectMapper().readTree(items.out()).get("items").size())
          .as("the demo has %s", list)
          .isPositive();
    }

    assertThat(demo.terminate()).as("exits on SIGTERM; stderr:%n%s", demo.stderr()).isTrue();
    for (String personal : List.of("Amina", "Wanjiru", "Baraka", "Kiprotich", "2019-03-14")) {
      assertThat(demo.stderr()).as("the log").doesNotContain(personal);
      try (Stream<Path> files = Files.walk(temp)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
              .as("%s holds %s in clear", file, personal)
              .doesNotContain(personal);
        }
      }
    }
    CliRun verify = CliRun.run("verify", "--data-dir", dataDir.toString(), "--no-progress");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    // The node may have added its checkpoint cosignature after the status was read.
    Matcher verified =
        Pattern.compile("Ledger OK: \\d+ blocks, (\\d+) transactions").matcher(verify.out());
    assertThat(verified.find()).as(verify.out()).isTrue();
    assertThat(Long.parseLong(verified.group(1))).isGreaterThanOrEqualTo(transactions);
  }

  /**
   * The log of the demo's node with {@code HAVEN_LOG_FORMAT=json} after a full journey over HTTP: a
   * field agent declares a child, the registrar registers it, reads its data and issues its card, a
   * border officer checks it at the border, someone fails to log in twice, and the metrics are
   * scraped. Each event is one JSON line, each request's line names its id and its route's
   * template, and neither the log nor the metrics hold a password, a session token or the child's
   * number or data.
   */
  @Test
  void demo_journeyLogsOneJsonLinePerEvent_withRequestIds_andNoSecretOrPersonalData()
      throws Exception {
    demo =
        HavenProcess.start(
            Map.of(HavenCli.LOG_FORMAT_VARIABLE, "json"),
            temp.resolve("demo-stderr.log"),
            "demo",
            "--http-port",
            "0",
            "--data-dir",
            temp.resolve("demo").toString());
    demo.awaitLine(RUNNING);
    NodeHttp node = new NodeHttp(Integer.parseInt(demo.awaitLine(STATUS_URL).group(1)));
    String wrongPassword = "Wr0ng-Passw0rd-for-the-log-test";
    String agent = node.login("ke.fieldagent.wanjiru", DemoCommand.DEMO_PASSWORD);
    JsonNode registrarSession =
        NodeHttp.json(
            node.post("/session", null, login("ke.registrar.otieno", DemoCommand.DEMO_PASSWORD)));
    String registrar = registrarSession.get("token").asText();
    String border = node.login("ke.border.kamau", DemoCommand.DEMO_PASSWORD);
    List<String> secrets =
        new ArrayList<>(
            List.of(
                DemoCommand.DEMO_PASSWORD,
                wrongPassword,
                agent,
                registrar,
                registrarSession.get("csrfToken").asText(),
                border,
                "Chepkoech",
                "Kiplagat",
                "2018-11-23",
                "Eldoret",
                "Jerotich",
                "B8877665"));

    ObjectNode declaration = JSON.createObjectNode().put("evidence", "BIRTH_NOTIFICATION");
    declaration
        .putObject("child")
        .put("givenNames", "Chepkoech")
        .put("familyNames", "Kiplagat")
        .put("dateOfBirth", "2018-11-23")
        .put("placeOfBirth", "Eldoret")
        .put("sex", "FEMALE");
    ObjectNode mother =
        declaration
            .putArray("guardians")
            .addObject()
            .put("relationship", "MOTHER")
            .put("names", "Jerotich Kiplagat");
    mother.set("document", motherDocument());
    HttpResponse<String> declared = node.post("/children", agent, declaration);
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
    String child = NodeHttp.json(declared).get("childNumber").asText();
    secrets.add(child);
    HttpResponse<String> registered =
        node.post(
            "/children/" + child + "/decision",
            registrar,
            JSON.createObjectNode().put("decision", "REGISTER").put("reason", "notification seen"));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    HttpResponse<String> read =
        node.get("/children/" + child + "/personal-data?purpose=printing+the+card", registrar);
    assertThat(read.body()).contains("Chepkoech");
    HttpResponse<String> card =
        node.post("/children/" + child + "/card", registrar, JSON.createObjectNode());
    assertThat(card.statusCode()).as(card.body()).isEqualTo(201);
    String qr = NodeHttp.json(card).get("qr").asText();
    secrets.add(qr);
    ObjectNode check =
        JSON.createObjectNode()
            .put("qr", qr)
            .put("direction", "EXIT")
            .put("destination", "UG")
            .put("checkpoint", "KE-NAMANGA");
    check.set("companion", motherDocument());
    HttpResponse<String> checked = node.post("/border/check", border, check);
    assertThat(checked.statusCode()).as(checked.body()).isEqualTo(201);
    List<String> failedIds = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> failed =
          node.post("/session", null, login("ke.registrar.otieno", wrongPassword));
      assertThat(failed.statusCode()).isEqualTo(401);
      String instance = NodeHttp.json(failed).get("instance").asText();
      assertThat(instance).startsWith("urn:haven:request:");
      failedIds.add(instance.substring("urn:haven:request:".length()));
    }
    HttpResponse<String> metrics = node.outsideApi("/metrics", Map.of());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("haven_login_failures_total{outcome=\"wrong_credentials\"} 2.0")
        .contains("route=\"/api/v1/children/{number}/personal-data\",status=\"200\"");

    assertThat(demo.terminate()).as("exits on SIGTERM; stderr:%n%s", demo.stderr()).isTrue();
    List<String> lines =
        Files.readAllLines(temp.resolve("demo-stderr.log")).stream()
            .filter(line -> !line.isBlank())
            .toList();
    List<JsonNode> events = new ArrayList<>();
    for (String line : lines) {
      JsonNode event = JSON.readTree(line);
      assertThat(event.has("time") && event.has("level") && event.has("message"))
          .as("one JSON event per line: %s", line)
          .isTrue();
      events.add(event);
    }
    for (String id : failedIds) {
      assertThat(events)
          .as("the log line of request %s", id)
          .anySatisfy(
              event -> {
                assertThat(event.path("request").asText()).isEqualTo(id);
                assertThat(event.get("message").asText()).startsWith("POST /api/v1/session 401 ");
              });
    }
    assertThat(events)
        .as("request lines name the route's template, not the child's number")
        .anySatisfy(
            event ->
                assertThat(event.get("message").asText())
                    .startsWith("GET /api/v1/children/{number}/personal-data 200 "));
    for (String secret : secrets) {
      assertThat(String.join("\n", lines)).as("the log").doesNotContain(secret);
      assertThat(metrics.body()).as("the metrics").doesNotContain(secret);
    }
  }

  private static ObjectNode login(String officer, String password) {
    return JSON.createObjectNode().put("officer", officer).put("password", password);
  }

  /** The child's mother's national id, which she also shows at the border. */
  private static ObjectNode motherDocument() {
    return JSON.createObjectNode()
        .put("type", "NATIONAL_ID")
        .put("number", "B8877665")
        .put("country", "KE");
  }
}
