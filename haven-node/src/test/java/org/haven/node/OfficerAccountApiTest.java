package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.haven.core.identity.Role;
import org.haven.node.auth.LoginThrottle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An officer's own account over real HTTP against a started node: an outsider who fails logins from
 * one address cannot lock the officer out from another, a lockout is bounded and the officer's org
 * admin (and nobody else) lifts it, and an officer changes their own password. Each attacker speaks
 * from its own loopback address (127.0.0.x), as the node counts per address.
 */
class OfficerAccountApiTest {
  private static final String PASSWORD = RegistryScenarioTest.PASSWORD;
  private static final String NEW_PASSWORD = "a different passphrase, long";

  @TempDir static Path root;

  private static SingleNodeLedger ledger;
  private static HavenNode node;

  @BeforeAll
  static void start() throws Exception {
    ledger = SingleNodeLedger.writeTo(root);
    ledger.saveAdminCredential(PASSWORD);
    node =
        ledger.startWith(
            Map.of(
                "ke.registrar.locked", Role.REGISTRAR,
                "ke.registrar.unlocked", Role.REGISTRAR,
                "ke.registrar.peer", Role.REGISTRAR,
                "ke.caseworker.changes", Role.CASE_WORKER,
                "ke.caseworker.guessed", Role.CASE_WORKER,
                "ke.agent.forgetful", Role.FIELD_AGENT),
            PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void outsiderFailingFromOneAddress_doesNotLockTheOfficerOutFromAnother() throws Exception {
    String outsider = "127.0.0.11";
    for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
      assertThat(login(outsider, "ke.registrar.locked", "guess number " + i).status())
          .isEqualTo(401);
    }
    Raw paused = login(outsider, "ke.registrar.locked", PASSWORD);
    assertThat(paused.status()).as(paused.body()).isEqualTo(429);
    assertThat(paused.body()).doesNotContain("token");

    Raw officer = login("127.0.0.12", "ke.registrar.locked", PASSWORD);

    assertThat(officer.status()).as(officer.body()).isEqualTo(200);
    assertThat(officer.json().get("officer").asText()).isEqualTo("ke.registrar.locked");
  }

  @Test
  void aLockout_isBounded_andFailingWhileLockedDoesNotExtendIt() throws Exception {
    String outsider = "127.0.0.21";
    for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
      login(outsider, "ke.registrar.peer", "guess number " + i);
    }

    long firstWait = Long.parseLong(login(outsider, "ke.registrar.peer", "again").retryAfter());
    for (int i = 0; i < 10; i++) {
      Raw paused = login(outsider, "ke.registrar.peer", "and again " + i);
      assertThat(paused.status()).isEqualTo(429);
      assertThat(Long.parseLong(paused.retryAfter()))
          .isLessThanOrEqualTo(firstWait)
          .isLessThanOrEqualTo(LoginThrottle.MAX_LOCKOUT.toSeconds());
    }
  }

  @Test
  void theOfficersOrgAdmin_unlocksThem() throws Exception {
    String shared = "127.0.0.31";
    for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
      login(shared, "ke.registrar.unlocked", "guess number " + i);
    }
    assertThat(login(shared, "ke.registrar.unlocked", PASSWORD).status()).isEqualTo(429);
    ApiClient admin = loggedIn(SingleNodeLedger.ADMIN.value());

    ApiClient.Answer unlocked = admin.post("/officers/ke.registrar.unlocked/unlock", Map.of());

    assertThat(unlocked.status()).as("%s", unlocked).isEqualTo(200);
    assertThat(unlocked.body().get("unlockedAddresses").asInt()).isEqualTo(1);
    assertThat(login(shared, "ke.registrar.unlocked", PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void anOfficerWhoIsNotAnAdmin_cannotUnlock_andTheLockoutStays() throws Exception {
    String attacker = "127.0.0.41";
    for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
      login(attacker, "ke.caseworker.guessed", "guess number " + i);
    }
    ApiClient registrar = loggedIn("ke.registrar.peer");

    ApiClient.Answer refused = registrar.post("/officers/ke.caseworker.guessed/unlock", Map.of());

    assertThat(refused.status()).as("%s", refused).isEqualTo(403);
    assertThat(refused.body().get("detail").asText()).contains("ORG_ADMIN");
    assertThat(login(attacker, "ke.caseworker.guessed", PASSWORD).status()).isEqualTo(429);
    assertThat(
            new ApiClient(node.httpPort())
                .post("/officers/ke.caseworker.guessed/unlock", Map.of())
                .status())
        .isEqualTo(401);
    ApiClient admin = loggedIn(SingleNodeLedger.ADMIN.value());
    assertThat(admin.post("/officers/ke.nobody.here/unlock", Map.of()).status()).isEqualTo(404);
  }

  @Test
  void anOfficer_changesTheirOwnPassword_andTheOldOneStopsWorking() throws Exception {
    String officer = "ke.caseworker.changes";
    ApiClient session = loggedIn(officer);
    Path credential = credentialFile(officer);
    byte[] before = Files.readAllBytes(credential);

    ApiClient.Answer changed =
        session.post(
            "/session/password", Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));

    assertThat(changed.status()).as("%s", changed).isEqualTo(204);
    assertThat(Files.readAllBytes(credential)).isNotEqualTo(before);
    assertThat(login("127.0.0.51", officer, PASSWORD).status()).isEqualTo(401);
    assertThat(login("127.0.0.51", officer, NEW_PASSWORD).status()).isEqualTo(200);
    assertThat(session.get("/session").status())
        .as("the session holds the same key and stays open")
        .isEqualTo(200);
  }

  @Test
  void aWrongCurrentPassword_isRefused_countedByTheThrottle_andChangesNothing() throws Exception {
    String officer = "ke.agent.forgetful";
    ApiClient session = loggedIn(officer);
    Path credential = credentialFile(officer);
    byte[] before = Files.readAllBytes(credential);

    for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
      ApiClient.Answer wrong =
          session.post(
              "/session/password",
              Map.of("currentPassword", "not my password " + i, "newPassword", NEW_PASSWORD));
      assertThat(wrong.status()).as("%s", wrong).isEqualTo(403);
      assertThat(wrong.body().get("detail").asText()).contains("current password is wrong");
    }
    ApiClient.Answer paused =
        session.post(
            "/session/password", Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));

    assertThat(paused.status()).as("%s", paused).isEqualTo(429);
    assertThat(Files.readAllBytes(credential)).isEqualTo(before);
    assertThat(new ApiClient(node.httpPort()).login(officer, PASSWORD).status()).isEqualTo(429);
    assertThat(login("127.0.0.61", officer, PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void aPasswordChange_withoutASession_orToATooShortPassword_isRefused() throws Exception {
    ApiClient.Answer anonymous =
        new ApiClient(node.httpPort())
            .post(
                "/session/password",
                Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));
    assertThat(anonymous.status()).isEqualTo(401);

    ApiClient session = loggedIn("ke.registrar.locked");
    ApiClient.Answer tooShort =
        session.post(
            "/session/password", Map.of("currentPassword", PASSWORD, "newPassword", "short"));

    assertThat(tooShort.status()).as("%s", tooShort).isEqualTo(400);
    assertThat(tooShort.body().at("/errors/0/field").asText()).isEqualTo("newPassword");
    assertThat(login("127.0.0.71", "ke.registrar.locked", PASSWORD).status()).isEqualTo(200);
  }

  private static ApiClient loggedIn(String officer) throws Exception {
    return new ApiClient(node.httpPort()).loggedIn(officer, PASSWORD);
  }

  private static Path credentialFile(String officer) {
    return ledger.dataDir().resolve(HavenNode.CREDENTIALS_DIR).resolve(officer + ".json");
  }

  /** An HTTP answer read off a raw socket. */
  private record Raw(int status, String head, String body) {
    JsonNode json() throws IOException {
      return ApiClient.JSON.readTree(body);
    }

    String retryAfter() {
      return head.lines()
          .filter(line -> line.regionMatches(true, 0, "Retry-After:", 0, 12))
          .map(line -> line.substring(12).strip())
          .findFirst()
          .orElseThrow(() -> new AssertionError("no Retry-After in " + head));
    }
  }

  /**
   * POSTs a login from {@code source}, a loopback address of this machine, over a socket bound to
   * it: Java's HTTP client cannot choose its local address.
   */
  private static Raw login(String source, String officer, String password) throws IOException {
    byte[] body =
        ApiClient.JSON.writeValueAsBytes(Map.of("officer", officer, "password", password));
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.httpPort()));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/v1/session HTTP/1.1\r\n"
                  + "Host: 127.0.0.1\r\n"
                  + "Content-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n"
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = answer.indexOf("\r\n\r\n");
      String head = answer.substring(0, split);
      return new Raw(Integer.parseInt(head.split(" ", 3)[1]), head, answer.substring(split + 4));
    }
  }
}
