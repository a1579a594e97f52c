package org.haven.node.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.haven.node.auth.CredentialFixture.RANDOM;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.OfficerId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsTest {
  private static final OfficerId OTIENO = new OfficerId("ke.registrar.otieno");
  private static final OfficerId NAKATO = new OfficerId("ug.clerk.nakato");
  private static final String BASE64URL_OF_32_BYTES = "[A-Za-z0-9_-]{43}";
  private static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);
  private static final Duration TWELVE_HOURS = Duration.ofHours(12);

  private final FakeClock clock = new FakeClock();
  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);

  @TempDir Path directory;
  private Sessions sessions;

  @BeforeEach
  void openSessions() {
    sessions = Sessions.open(directory, clock, RANDOM);
  }

  @Test
  void open_givesA32ByteBase64urlToken_andASeparateCsrfToken() {
    Sessions.Opened opened = sessions.open(OTIENO, key);

    assertThat(opened.token()).matches(BASE64URL_OF_32_BYTES);
    assertThat(opened.session().csrfToken())
        .matches(BASE64URL_OF_32_BYTES)
        .isNotEqualTo(opened.token());
    assertThat(opened.session().officer()).isEqualTo(OTIENO);
    assertThat(opened.session().signingKey()).isSameAs(key);
    assertThat(opened.session().expiresAt())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
  }

  @Test
  void open_givesEverySessionItsOwnTokens() {
    Sessions.Opened first = sessions.open(OTIENO, key);
    Sessions.Opened second = sessions.open(OTIENO, key);

    assertThat(second.token()).isNotEqualTo(first.token());
    assertThat(second.session().csrfToken()).isNotEqualTo(first.session().csrfToken());
  }

  @Test
  void find_withTheToken_givesTheSession() {
    Sessions.Opened opened = sessions.open(OTIENO, key);

    Session found = sessions.find(opened.token()).orElseThrow();

    assertThat(found.officer()).isEqualTo(OTIENO);
    assertThat(found.signingKey()).isSameAs(key);
    assertThat(found.csrfToken()).isEqualTo(opened.session().csrfToken());
  }

  @Test
  void find_withEachSessionsToken_givesThatSessionOnly() {
    Sessions.Opened otieno = sessions.open(OTIENO, key);
    Sessions.Opened nakato = sessions.open(NAKATO, Ed25519PrivateKey.generate(RANDOM));

    assertThat(sessions.find(otieno.token()).map(Session::officer)).contains(OTIENO);
    assertThat(sessions.find(nakato.token()).map(Session::officer)).contains(NAKATO);
  }

  @Test
  void find_withAnUnknownOrMalformedToken_isEmpty() {
    Sessions.Opened opened = sessions.open(OTIENO, key);
    String flipped = (opened.token().charAt(0) == 'A' ? "B" : "A") + opened.token().substring(1);

    assertThat(sessions.find(flipped)).isEmpty();
    assertThat(sessions.find(opened.session().csrfToken())).isEmpty();
    assertThat(sessions.find(opened.token() + "A")).isEmpty();
    assertThat(sessions.find("")).isEmpty();
    assertThat(sessions.find(null)).isEmpty();
  }

  @Test
  void close_endsThatSession_andNoOther() {
    Sessions.Opened closed = sessions.open(OTIENO, key);
    Sessions.Opened kept = sessions.open(OTIENO, key);

    sessions.close(closed.token());

    assertThat(sessions.find(closed.token())).isEmpty();
    assertThat(sessions.find(kept.token())).isPresent();
  }

  @Test
  void find_afterTheIdleTimeout_isEmpty() {
    Sessions.Opened opened = sessions.open(OTIENO, key);

    clock.advance(Duration.ofMinutes(30).minusSeconds(1));
    assertThat(sessions.find(opened.token())).isPresent();
    clock.advance(Duration.ofMinutes(30));

    assertThat(sessions.find(opened.token())).isEmpty();
  }

  @Test
  void find_restartsTheIdleTimeout() {
    Sessions.Opened opened = sessions.open(OTIENO, key);

    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofMinutes(29));
      Session found = sessions.find(opened.token()).orElseThrow();
      assertThat(found.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    }
  }

  @Test
  void find_afterTheAbsoluteTimeout_isEmpty_evenWhenInUse() {
    Sessions.Opened opened = sessions.open(OTIENO, key);
    Instant loggedIn = clock.instant();

    Session last = null;
    for (int i = 0; i < 12 * 3 - 1; i++) {
      clock.advance(Duration.ofMinutes(20));
      last = sessions.find(opened.token()).orElseThrow();
    }
    assertThat(last.expiresAt()).isEqualTo(loggedIn.plus(Duration.ofHours(12)));
    clock.advance(Duration.ofMinutes(20));

    assertThat(sessions.find(opened.token())).isEmpty();
  }

  @Test
  void find_anExpiredSession_forgetsIt_soLaterUseDoesNotRevive() {
    Sessions.Opened opened = sessions.open(OTIENO, key);
    clock.advance(Duration.ofMinutes(31));
    assertThat(sessions.find(opened.token())).isEmpty();

    clock.advance(Duration.ofMinutes(-31));

    assertThat(sessions.find(opened.token())).isEmpty();
  }

  @Test
  void open_atCapacity_endsTheSessionClosestToExpiry() {
    Sessions small =
        Sessions.open(directory.resolve("small"), clock, RANDOM, THIRTY_MINUTES, TWELVE_HOURS, 2);
    Sessions.Opened oldest = small.open(OTIENO, key);
    clock.advance(Duration.ofMinutes(1));
    Sessions.Opened middle = small.open(OTIENO, key);
    clock.advance(Duration.ofMinutes(1));
    small.find(oldest.token());

    Sessions.Opened newest = small.open(NAKATO, key);

    assertThat(small.find(middle.token())).isEmpty();
    assertThat(small.find(oldest.token())).isPresent();
    assertThat(small.find(newest.token())).isPresent();
  }

  @Test
  void open_atCapacity_dropsExpiredSessionsFirst() {
    Sessions small =
        Sessions.open(directory.resolve("small"), clock, RANDOM, THIRTY_MINUTES, TWELVE_HOURS, 2);
    Sessions.Opened expired = small.open(OTIENO, key);
    clock.advance(Duration.ofMinutes(20));
    Sessions.Opened live = small.open(OTIENO, key);
    clock.advance(Duration.ofMinutes(15));

    Sessions.Opened newest = small.open(NAKATO, key);

    assertThat(small.find(live.token())).isPresent();
    assertThat(small.find(newest.token())).isPresent();
    assertThat(small.find(expired.token())).isEmpty();
  }

  @Test
  void open_rejectsAnIdleTimeoutLongerThanTheAbsoluteOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                Sessions.open(
                    directory, clock, RANDOM, Duration.ofHours(13), Duration.ofHours(12), 10))
        .withMessageContaining("at most the absolute timeout");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> Sessions.open(directory, clock, RANDOM, Duration.ZERO, Duration.ofHours(12), 10))
        .withMessageContaining("positive");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                Sessions.open(
                    directory, clock, RANDOM, Duration.ofMinutes(5), Duration.ofHours(12), 0))
        .withMessageContaining("capacity");
  }

  @Test
  void csrfMatches_onlyTheSessionsOwnToken() {
    Session session = sessions.open(OTIENO, key).session();
    Session other = sessions.open(OTIENO, key).session();

    assertThat(session.csrfMatches(session.csrfToken())).isTrue();
    assertThat(session.csrfMatches(other.csrfToken())).isFalse();
    assertThat(session.csrfMatches(session.csrfToken().substring(1))).isFalse();
    assertThat(session.csrfMatches("")).isFalse();
    assertThat(session.csrfMatches(null)).isFalse();
  }

  @Test
  void toString_showsNeitherToken() {
    Sessions.Opened opened = sessions.open(OTIENO, key);

    assertThat(List.of(opened.toString(), opened.session().toString()))
        .allSatisfy(
            text ->
                assertThat(text)
                    .contains("ke.registrar.otieno")
                    .doesNotContain(opened.token())
                    .doesNotContain(opened.session().csrfToken())
                    .doesNotContain(key.seed().toHex()));
  }

  @Test
  void openAndFind_fromManyThreads_keepEverySession() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> tokens = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        tokens.add(
            threads.submit(
                () -> {
                  String token = sessions.open(OTIENO, key).token();
                  assertThat(sessions.find(token)).isPresent();
                  return token;
                }));
      }
      for (Future<String> token : tokens) {
        assertThat(sessions.find(token.get())).isPresent();
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
