package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.haven.core.identity.Role;
import org.haven.node.auth.LoginThrottle;
import org.haven.node.auth.OfficerCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins over HTTP: what a client sees for a right, a wrong and a throttled attempt. */
class LoginApiTest {
  @TempDir Path root;

  @Test
  void afterFiveWrongPasswords_loginsArePausedEvenWithTheRightOne() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    SingleNodeLedger.Actor registrar = ledger.newOfficer("ke.registrar.r", Role.REGISTRAR);
    ledger.saveCredential(registrar.id(), registrar.key(), RegistryScenarioTest.PASSWORD);
    try (HavenNode node = HavenNode.start(ledger.dataDir())) {
      assertThat(
              node.submit(registrar.enrolment().encoded())
                  .get(30, TimeUnit.SECONDS)
                  .result()
                  .accepted())
          .isTrue();
      ApiClient client = new ApiClient(node.httpPort());
      ApiClient.Answer right = client.login("ke.registrar.r", RegistryScenarioTest.PASSWORD);
      assertThat(right.status()).as("%s", right).isEqualTo(200);
      assertThat(right.body().get("role").asText()).isEqualTo("REGISTRAR");
      assertThat(right.body().get("token").asText()).hasSizeGreaterThan(40);

      ApiClient.Answer credential = client.get("/session/credential");
      assertThat(credential.status()).isEqualTo(200);
      assertThat(
              OfficerCredential.fromJson(credential.response().body())
                  .unlock(RegistryScenarioTest.PASSWORD.toCharArray()))
          .as("the sealed key a device takes offline opens with the officer's password")
          .hasValueSatisfying(
              key -> assertThat(key.publicKey()).isEqualTo(registrar.key().publicKey()));

      for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
        ApiClient.Answer wrong = client.login("ke.registrar.r", "wrong password " + i);
        assertThat(wrong.status()).as("%s", wrong).isEqualTo(401);
        assertThat(wrong.body().get("detail").asText()).contains("Wrong officer id or password");
      }
      ApiClient.Answer paused = client.login("ke.registrar.r", RegistryScenarioTest.PASSWORD);
      assertThat(paused.status()).as("%s", paused).isEqualTo(429);
      assertThat(Long.parseLong(paused.header("Retry-After"))).isPositive();
      assertThat(paused.body().has("token")).isFalse();
    }
  }

  @Test
  void unknownOrUnenrolledOfficers_cannotLogIn() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    SingleNodeLedger.Actor pending = ledger.newOfficer("ke.registrar.pending", Role.REGISTRAR);
    ledger.saveCredential(pending.id(), pending.key(), RegistryScenarioTest.PASSWORD);
    try (HavenNode node = HavenNode.start(ledger.dataDir())) {
      ApiClient.Answer notEnrolled =
          new ApiClient(node.httpPort())
              .login("ke.registrar.pending", RegistryScenarioTest.PASSWORD);
      assertThat(notEnrolled.status()).isEqualTo(401);
      assertThat(notEnrolled.body().get("detail").asText())
          .contains("not an active officer on the ledger");
      ApiClient.Answer unknown =
          new ApiClient(node.httpPort()).login("ke.registrar.nobody", "some long password");
      assertThat(unknown.status()).isEqualTo(401);
      assertThat(unknown.body().get("detail").asText()).contains("Wrong officer id or password");
    }
  }
}
