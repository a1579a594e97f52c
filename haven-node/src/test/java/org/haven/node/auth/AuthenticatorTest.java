package org.haven.node.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.node.auth.CredentialFixture.FAST;
import static org.haven.node.auth.CredentialFixture.PASSWORD;
import static org.haven.node.auth.CredentialFixture.RANDOM;
import static org.haven.node.auth.CredentialFixture.aCredential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.OfficerId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
  private static final String OTIENO = "ke.registrar.otieno";
  private static final String NAKATO = "ug.clerk.nakato";
  private static final String ADDRESS = "192.0.2.7";
  private static final String OTHER_ADDRESS = "198.51.100.4";
  private static final String WRONG = "not the password";

  @TempDir Path credentials;
  @TempDir Path sessionFiles;

  private final FakeClock clock = new FakeClock();
  private Sessions sessions;
  private final Ed25519PrivateKey otienoKey = Ed25519PrivateKey.generate(RANDOM);
  private CredentialStore store;
  private Authenticator authenticator;

  @BeforeEach
  void storeTwoOfficers() {
    store = CredentialStore.open(credentials);
    store.put(aCredential().forOfficer(OTIENO).withKey(otienoKey).build());
    store.put(aCredential().forOfficer(NAKATO).build());
    sessions = Sessions.open(sessionFiles, clock, RANDOM);
    authenticator = new Authenticator(store, sessions, new LoginThrottle(clock), FAST, RANDOM);
  }

  @Test
  void login_withTheRightPassword_opensASessionHoldingTheOfficersKey() {
    LoginResult result = authenticator.login(OTIENO, PASSWORD.toCharArray(), ADDRESS);

    assertThat(result).isInstanceOf(LoginResult.Success.class);
    LoginResult.Success success = (LoginResult.Success) result;
    assertThat(success.session().officer()).isEqualTo(new OfficerId(OTIENO));
    assertThat(success.session().signingKey().seed()).isEqualTo(otienoKey.seed());
    Session found = sessions.find(success.token()).orElseThrow();
    assertThat(found.officer()).isEqualTo(new OfficerId(OTIENO));
    assertThat(found.csrfToken()).isEqualTo(success.session().csrfToken());
  }

  @Test
  void login_withAWrongPassword_fails() {
    assertThat(authenticator.login(OTIENO, WRONG.toCharArray(), ADDRESS))
        .isEqualTo(new LoginResult.Failed());
  }

  @Test
  void login_ofAnUnknownOfficer_failsExactlyLikeAWrongPassword() {
    LoginResult wrongPassword = authenticator.login(OTIENO, WRONG.toCharArray(), ADDRESS);

    assertThat(authenticator.login("ke.registrar.nobody", PASSWORD.toCharArray(), ADDRESS))
        .isEqualTo(wrongPassword);
    assertThat(authenticator.login("Not An Id!", PASSWORD.toCharArray(), ADDRESS))
        .isEqualTo(wrongPassword);
  }

  @Test
  void fiveWrongPasswordsFromOneAddress_throttleTheOfficerThere_evenWithTheRightPasswordAfter() {
    fail(OTIENO, ADDRESS, 5);

    assertThat(authenticator.login(OTIENO, PASSWORD.toCharArray(), ADDRESS))
        .isEqualTo(new LoginResult.Throttled(Duration.ofMinutes(15)));
    assertThat(authenticator.login(NAKATO, PASSWORD.toCharArray(), ADDRESS))
        .isInstanceOf(LoginResult.Success.class);
  }

  @Test
  void anOutsidersFailuresFromOneAddress_doNotLockTheOfficerOutFromAnother() {
    for (int lockout = 0; lockout < 10; lockout++) {
      fail(OTIENO, ADDRESS, 5);
      clock.advance(Duration.ofMinutes(30));
    }

    assertThat(authenticator.login(OTIENO, PASSWORD.toCharArray(), OTHER_ADDRESS))
        .isInstanceOf(LoginResult.Success.class);
  }

  @Test
  void failuresSpreadOverManyAddresses_lockNoAddressAndNotTheOfficer() {
    for (int i = 0; i < 50; i++) {
      authenticator.login(OTIENO, WRONG.toCharArray(), "203.0.113." + i);
    }

    assertThat(authenticator.login(OTIENO, PASSWORD.toCharArray(), OTHER_ADDRESS))
        .isInstanceOf(LoginResult.Success.class);
  }

  @Test
  void failuresForManyOfficersFromOneAddress_throttleThatAddress_forEveryOfficer() {
    for (int i = 0; i < Authenticator.ADDRESS_MAX_FAILURES; i++) {
      authenticator.login("ke.registrar.guess" + i, PASSWORD.toCharArray(), ADDRESS);
    }

    assertThat(authenticator.login(NAKATO, PASSWORD.toCharArray(), ADDRESS))
        .isEqualTo(new LoginResult.Throttled(Duration.ofMinutes(15)));
    assertThat(authenticator.login(NAKATO, PASSWORD.toCharArray(), OTHER_ADDRESS))
        .isInstanceOf(LoginResult.Success.class);
  }

  @Test
  void unknownOfficers_areThrottledLikeKnownOnes() {
    fail("ke.registrar.nobody", ADDRESS, 5);

    assertThat(authenticator.login("ke.registrar.nobody", WRONG.toCharArray(), ADDRESS))
        .isEqualTo(new LoginResult.Throttled(Duration.ofMinutes(15)));
  }

  @Test
  void aLockout_neverLastsMoreThanAnHour() {
    fail(OTIENO, ADDRESS, 5);
    for (int i = 0; i < 20; i++) {
      LoginResult throttled = authenticator.login(OTIENO, WRONG.toCharArray(), ADDRESS);
      assertThat(((LoginResult.Throttled) throttled).retryAfter())
          .isLessThanOrEqualTo(LoginThrottle.MAX_LOCKOUT);
      // Attempts while locked are refused unchecked; one just after the lockout fails again.
      clock.advance(((LoginResult.Throttled) throttled).retryAfter());
      authenticator.login(OTIENO, WRONG.toCharArray(), ADDRESS);
    }

    clock.advance(LoginThrottle.MAX_LOCKOUT);
    assertThat(authenticator.login(OTIENO, PASSWORD.toCharArray(), ADDRESS))
        .isInstanceOf(LoginResult.Success.class);
  }

  @Test
  void throttled_endsWhenTheLockoutHasPassed() {
    fail(OTIENO, ADDRESS, 5);

    clock.advance(Duration.ofMinutes(15));

    assertThat(authenticator.login(OTIENO, PASSWORD.toCharArray(), ADDRESS))
        .isInstanceOf(LoginResult.Success.class);
  }

  @Test
  void unlock_liftsTheOfficersLockoutsEverywhere_butNotAnotherOfficers() {
    fail(OTIENO, ADDRESS, 5);
    fail(OTIENO, OTHER_ADDRESS, 5);
    fail(NAKATO, OTHER_ADDRESS, 5);

    assertThat(authenticator.unlock(new OfficerId(OTIENO))).isEqualTo(2);

    assertThat(authenticator.login(OTIENO, PASSWORD.toCharArray(), ADDRESS))
        .isInstanceOf(LoginResult.Success.class);
    assertThat(authenticator.login(OTIENO, PASSWORD.toCharArray(), OTHER_ADDRESS))
        .isInstanceOf(LoginResult.Success.class);
    assertThat(authenticator.login(NAKATO, PASSWORD.toCharArray(), OTHER_ADDRESS))
        .isInstanceOf(LoginResult.Throttled.class);
  }

  @Test
  void success_clearsTheOfficersFailuresFromThatAddress() {
    fail(OTIENO, ADDRESS, 4);

    authenticator.login(OTIENO, PASSWORD.toCharArray(), ADDRESS);
    fail(OTIENO, ADDRESS, 4);

    assertThat(authenticator.login(OTIENO, PASSWORD.toCharArray(), ADDRESS))
        .isInstanceOf(LoginResult.Success.class);
  }

  @Test
  void success_doesNotClearTheAddressesFailures() {
    for (int i = 0; i < Authenticator.ADDRESS_MAX_FAILURES - 1; i++) {
      authenticator.login("ke.registrar.guess" + i, WRONG.toCharArray(), ADDRESS);
    }

    authenticator.login(NAKATO, PASSWORD.toCharArray(), ADDRESS);
    authenticator.login("ke.registrar.guess99", WRONG.toCharArray(), ADDRESS);

    assertThat(authenticator.login(NAKATO, PASSWORD.toCharArray(), ADDRESS))
        .isInstanceOf(LoginResult.Throttled.class);
  }

  @Test
  void changePassword_resealsTheKey_andOnlyTheNewPasswordLogsIn() {
    char[] newPassword = "a brand new passphrase".toCharArray();

    assertThat(
            authenticator.changePassword(
                new OfficerId(OTIENO), PASSWORD.toCharArray(), newPassword, ADDRESS))
        .isEqualTo(new PasswordChange.Changed());

    assertThat(authenticator.login(OTIENO, PASSWORD.toCharArray(), OTHER_ADDRESS))
        .isEqualTo(new LoginResult.Failed());
    LoginResult renewed = authenticator.login(OTIENO, newPassword, OTHER_ADDRESS);
    assertThat(((LoginResult.Success) renewed).session().signingKey().seed())
        .isEqualTo(otienoKey.seed());
  }

  @Test
  void changePassword_withAWrongCurrentPassword_countsAsAFailedLogin_andChangesNothing() {
    OfficerCredential before = store.find(new OfficerId(OTIENO)).orElseThrow();
    for (int i = 0; i < 5; i++) {
      assertThat(
              authenticator.changePassword(
                  new OfficerId(OTIENO),
                  WRONG.toCharArray(),
                  "a brand new passphrase".toCharArray(),
                  ADDRESS))
          .isEqualTo(new PasswordChange.WrongPassword());
    }

    assertThat(
            authenticator.changePassword(
                new OfficerId(OTIENO),
                PASSWORD.toCharArray(),
                "a brand new passphrase".toCharArray(),
                ADDRESS))
        .isEqualTo(new PasswordChange.Throttled(Duration.ofMinutes(15)));
    assertThat(authenticator.login(OTIENO, PASSWORD.toCharArray(), ADDRESS))
        .isInstanceOf(LoginResult.Throttled.class);
    assertThat(store.find(new OfficerId(OTIENO))).contains(before);
  }

  @Test
  void changePassword_toATooShortOrTheSamePassword_isRefusedUncounted() {
    OfficerId otieno = new OfficerId(OTIENO);
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(
              () ->
                  authenticator.changePassword(
                      otieno, PASSWORD.toCharArray(), "short".toCharArray(), ADDRESS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least");
      assertThatThrownBy(
              () ->
                  authenticator.changePassword(
                      otieno, PASSWORD.toCharArray(), PASSWORD.toCharArray(), ADDRESS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("differ");
    }

    assertThat(authenticator.login(OTIENO, PASSWORD.toCharArray(), ADDRESS))
        .isInstanceOf(LoginResult.Success.class);
  }

  @Test
  void login_ofAnAlteredCredential_namesIt() throws IOException {
    Path file = credentials.resolve(OTIENO + ".json");
    String json = Files.readString(file);
    String encryptedKey = OfficerCredential.fromJson(json).encryptedKey().toBase64();
    String altered = (encryptedKey.charAt(0) == 'A' ? "B" : "A") + encryptedKey.substring(1);
    Files.writeString(file, json.replace(encryptedKey, altered));

    assertThatThrownBy(() -> authenticator.login(OTIENO, PASSWORD.toCharArray(), ADDRESS))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("The credential of officer ke.registrar.otieno is damaged");
  }

  @Test
  void success_toStringDoesNotShowTheToken() {
    LoginResult.Success success =
        (LoginResult.Success) authenticator.login(OTIENO, PASSWORD.toCharArray(), ADDRESS);

    assertThat(success.toString())
        .contains(OTIENO)
        .doesNotContain(success.token())
        .doesNotContain(success.session().csrfToken());
  }

  private void fail(String officer, String address, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(authenticator.login(officer, WRONG.toCharArray(), address))
          .isNotInstanceOf(LoginResult.Success.class);
    }
  }
}
