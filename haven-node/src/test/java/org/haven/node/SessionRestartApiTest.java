package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.Role;
import org.haven.core.tx.Kind;
import org.haven.node.auth.CredentialStore;
import org.haven.node.auth.FakeClock;
import org.haven.node.auth.Sessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions across a restart of a started node, over HTTP: the web app's cookie session goes on with
 * its CSRF token, and a session file forged on the node's disk gives no access.
 */
class SessionRestartApiTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String AGENT = "ke.agent.a";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path root;

  private SingleNodeLedger ledger;
  private HavenNode node;

  @BeforeEach
  void start() throws Exception {
    ledger = SingleNodeLedger.writeTo(root);
    node = ledger.startWith(Map.of(AGENT, Role.FIELD_AGENT), PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  /**
   * The web app keeps its cookie and the CSRF token it was given at login: after a restart both
   * still work, and the CSRF token is still required.
   */
  @Test
  void cookieSession_survivesARestart_andStillNeedsItsCsrfToken() throws Exception {
    HttpResponse<String> login =
        send(
            "POST",
            "/session",
            Map.of(),
            "{\"officer\":\"" + AGENT + "\",\"password\":\"" + PASSWORD + "\"}");
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String csrf = ApiClient.JSON.readTree(login.body()).get("csrfToken").asText();
    restart();
    long before = officersTransactions();
    String declaration =
        ApiClient.JSON.writeValueAsString(
            RegistryScenarioTest.declaration("Neema", "2021-05-09", "FEMALE", "Kisumu"));

    HttpResponse<String> withoutCsrf =
        send("POST", "/children", Map.of("Cookie", cookie), declaration);
    assertThat(withoutCsrf.statusCode()).as(withoutCsrf.body()).isEqualTo(403);
    assertThat(officersTransactions()).isEqualTo(before);

    HttpResponse<String> withCsrf =
        send("POST", "/children", Map.of("Cookie", cookie, "X-CSRF-Token", csrf), declaration);
    assertThat(withCsrf.statusCode()).as(withCsrf.body()).isEqualTo(201);
    assertThat(officersTransactions()).isEqualTo(before + 1);
  }

  /**
   * Someone who can write the node's data directory, but holds no officer's key, plants a
   * well-formed session file for the field agent sealed under a token of their choosing, with their
   * own key inside: the node unseals it, but the key is not the one enrolled on the ledger, so
   * every request is refused and nothing is written.
   */
  @Test
  void sessionFileForgedOnDisk_withTheAttackersKey_isRefused_andWritesNothing() throws Exception {
    node.close();
    node = null;
    String forged =
        Sessions.open(
                ledger.dataDir().resolve(HavenNode.SESSIONS_DIR),
                Clock.systemUTC(),
                new SecureRandom())
            .open(new OfficerId(AGENT), Ed25519PrivateKey.generate(new SecureRandom()))
            .token();
    node = HavenNode.start(ledger.dataDir());
    ApiClient attacker = new ApiClient(node.httpPort()).inSession(forged);
    long before = officersTransactions();

    ApiClient.Answer whoAmI = attacker.get("/session");
    ApiClient.Answer write =
        attacker.post(
            "/children", RegistryScenarioTest.declaration("Amani", "2021-05-09", "MALE", "Kisumu"));

    assertThat(whoAmI.status()).as("%s", whoAmI).isEqualTo(401);
    assertThat(write.status()).as("%s", write).isEqualTo(401);
    assertThat(write.body().get("detail").asText()).contains("not the key enrolled on the ledger");
    assertThat(officersTransactions()).isEqualTo(before);
  }

  /**
   * Time passes while the node is down: a session whose idle timeout, or whose absolute timeout,
   * ran out meanwhile is dead when the node comes back, and its file is deleted; one still within
   * both goes on. The sessions are written as the node writes them, by {@link Sessions} with a
   * clock set back.
   */
  @Test
  void sessionsThatExpiredWhileTheNodeWasDown_stayDead() throws Exception {
    node.close();
    node = null;
    Instant now = Instant.now();
    Ed25519PrivateKey key = agentKey();
    String idle = openedAt(now.minus(Sessions.DEFAULT_IDLE_TIMEOUT).minusSeconds(60), key, null);
    String tooLong =
        openedAt(
            now.minus(Sessions.DEFAULT_ABSOLUTE_TIMEOUT).minusSeconds(60),
            key,
            now.minus(Duration.ofMinutes(5)));
    String live =
        openedAt(now.minus(Sessions.DEFAULT_IDLE_TIMEOUT).plus(Duration.ofMinutes(10)), key, null);
    assertThat(sessionFiles()).hasSize(3);

    node = HavenNode.start(ledger.dataDir());

    assertThat(sessionFiles()).as("the expired sessions' files are deleted at start").hasSize(1);
    for (String dead : List.of(idle, tooLong)) {
      ApiClient.Answer answer = new ApiClient(node.httpPort()).inSession(dead).get("/session");
      assertThat(answer.status()).as("%s", answer).isEqualTo(401);
    }
    ApiClient.Answer alive = new ApiClient(node.httpPort()).inSession(live).get("/session");
    assertThat(alive.status()).as("%s", alive).isEqualTo(200);
    assertThat(alive.body().get("officer").asText()).isEqualTo(AGENT);
  }

  /**
   * Opens a session for the agent as if logged in at {@code openedAt}, and, unless {@code usedAt}
   * is null, in use until {@code usedAt}.
   */
  private String openedAt(Instant openedAt, Ed25519PrivateKey key, Instant usedAt) {
    FakeClock clock = new FakeClock();
    clock.set(openedAt);
    Sessions sessions =
        Sessions.open(ledger.dataDir().resolve(HavenNode.SESSIONS_DIR), clock, new SecureRandom());
    String token = sessions.open(new OfficerId(AGENT), key).token();
    if (usedAt != null) {
      // Used every twenty minutes until then, as an officer at work would.
      while (clock.instant().isBefore(usedAt)) {
        Instant next = clock.instant().plus(Duration.ofMinutes(20));
        clock.set(next.isBefore(usedAt) ? next : usedAt);
        sessions.find(token).orElseThrow();
      }
    }
    return token;
  }

  private Ed25519PrivateKey agentKey() {
    return CredentialStore.open(ledger.dataDir().resolve(HavenNode.CREDENTIALS_DIR))
        .find(new OfficerId(AGENT))
        .orElseThrow()
        .unlock(PASSWORD.toCharArray())
        .orElseThrow();
  }

  private List<Path> sessionFiles() throws IOException {
    try (Stream<Path> files = Files.list(ledger.dataDir().resolve(HavenNode.SESSIONS_DIR))) {
      return files.toList();
    }
  }

  private void restart() throws Exception {
    node.close();
    node = HavenNode.start(ledger.dataDir());
  }

  /**
   * The transactions in the log that officers made. The node adds its own cosignatures and bundle
   * attestations whenever a checkpoint or bundle is due (one came right after a restart), so the
   * log's size alone does not say whether a request wrote something.
   */
  private long officersTransactions() {
    LedgerQueries queries = node.queries();
    return LongStream.range(0, queries.head().treeSize())
        .filter(i -> queries.decodedTransaction(i).kind().authority() != Kind.Authority.MEMBER_NODE)
        .count();
  }

  private HttpResponse<String> send(
      String method, String path, Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1" + path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
