package org.haven.node.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.haven.node.auth.CredentialFixture.RANDOM;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.OfficerId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @Test
  void reopened_findsTheSession_withItsKeyAndCsrfToken() {
    Sessions.Opened opened = sessions.open(OTIENO, key);

    Session found = restart().find(opened.token()).orElseThrow();

    assertThat(found.officer()).isEqualTo(OTIENO);
    assertThat(found.signingKey().seed()).isEqualTo(key.seed());
    assertThat(found.csrfToken()).isEqualTo(opened.session().csrfToken());
    assertThat(found.expiresAt()).isEqualTo(clock.instant().plus(THIRTY_MINUTES));
  }

  @Test
  void reopened_aClosedSession_staysClosed() {
    Sessions.Opened closed = sessions.open(OTIENO, key);
    Sessions.Opened kept = sessions.open(NAKATO, key);
    sessions.close(closed.token());

    Sessions restarted = restart();

    assertThat(restarted.find(closed.token())).isEmpty();
    assertThat(restarted.find(kept.token())).isPresent();
    assertThat(sessionFiles()).hasSize(1);
  }

  @Test
  void reopened_afterTheIdleTimeoutPassedWhileDown_deletesTheSession() {
    Sessions.Opened opened = sessions.open(OTIENO, key);
    clock.advance(THIRTY_MINUTES);

    Sessions restarted = restart();

    assertThat(sessionFiles()).isEmpty();
    clock.advance(Duration.ofMinutes(-1));
    assertThat(restarted.find(opened.token())).isEmpty();
  }

  @Test
  void reopened_keepsTheAbsoluteTimeoutOfTheLogin() {
    Sessions.Opened opened = sessions.open(OTIENO, key);
    Instant loggedIn = clock.instant();
    for (int i = 0; i < 12 * 3 - 1; i++) {
      clock.advance(Duration.ofMinutes(20));
      sessions.find(opened.token()).orElseThrow();
    }

    Sessions restarted = restart();
    Session found = restarted.find(opened.token()).orElseThrow();
    clock.advance(Duration.ofMinutes(20));

    assertThat(found.expiresAt()).isEqualTo(loggedIn.plus(TWELVE_HOURS));
    assertThat(restarted.find(opened.token())).isEmpty();
  }

  @Test
  void reopened_countsIdleTimeFromTheLastSavedUse_soASessionEndsEarlyNeverLate() {
    Sessions.Opened opened = sessions.open(OTIENO, key);
    Instant loggedIn = clock.instant();
    clock.advance(Sessions.SAVE_INTERVAL.dividedBy(2));
    Session inMemory = sessions.find(opened.token()).orElseThrow();

    Sessions restarted = restart();
    clock.advance(THIRTY_MINUTES.minus(Sessions.SAVE_INTERVAL.dividedBy(2)));

    assertThat(clock.instant())
        .isEqualTo(loggedIn.plus(THIRTY_MINUTES))
        .isBefore(inMemory.expiresAt());
    assertThat(restarted.find(opened.token())).isEmpty();
  }

  @Test
  void find_savesTheLastUse_onceASaveIntervalHasPassed() {
    Sessions.Opened opened = sessions.open(OTIENO, key);
    clock.advance(Sessions.SAVE_INTERVAL);
    sessions.find(opened.token()).orElseThrow();

    Sessions restarted = restart();
    clock.advance(THIRTY_MINUTES.minusSeconds(1));

    assertThat(restarted.find(opened.token())).isPresent();
  }

  /**
   * Someone who can write the node's disk alters a session file, hoping to stretch the session or
   * swap in another key: every byte is covered by the tag, so the session is refused and its file
   * deleted, and the officer logs in again.
   */
  @ParameterizedTest(name = "byte {0} flipped")
  @ValueSource(ints = {0, 5, 12, 19, 20, 31, 32, 60, -1})
  void reopened_aSessionFileWithAFlippedByte_isRefusedAndDeleted(int position) throws Exception {
    Sessions.Opened opened = sessions.open(OTIENO, key);
    Path file = sessionFiles().get(0);
    byte[] content = Files.readAllBytes(file);
    int index = position < 0 ? content.length + position : position;
    content[index] ^= 0x01;
    Files.write(file, content);

    Sessions restarted = restart();

    assertThat(restarted.find(opened.token())).isEmpty();
    assertThat(sessionFiles()).isEmpty();
    assertThat(restarted.open(OTIENO, key).token()).matches(BASE64URL_OF_32_BYTES);
  }

  /** Someone renames one officer's session file to another session's name: the tag fails. */
  @Test
  void reopened_aSessionFileRenamedToAnotherSession_isRefused() throws Exception {
    Sessions.Opened otieno = sessions.open(OTIENO, key);
    Path otienoFile = sessionFiles().get(0);
    Sessions.Opened nakato = sessions.open(NAKATO, Ed25519PrivateKey.generate(RANDOM));
    Path nakatoFile = directory.resolve(Sessions.key(nakato.token()).toHex());
    Files.move(otienoFile, nakatoFile, StandardCopyOption.REPLACE_EXISTING);

    Sessions restarted = restart();

    assertThat(restarted.find(nakato.token())).isEmpty();
    assertThat(restarted.find(otieno.token())).isEmpty();
  }

  @Test
  void reopened_deletesWhatIsNotASessionFile_andKeepsTheRest() throws Exception {
    Sessions.Opened opened = sessions.open(OTIENO, key);
    Files.writeString(directory.resolve(".session.123.tmp"), "half a write");
    Files.writeString(directory.resolve("f".repeat(64)), "HVS");

    Sessions restarted = restart();

    assertThat(sessionFiles()).hasSize(1);
    assertThat(restarted.find(opened.token())).isPresent();
  }

  @Test
  void sessionFile_holdsNeitherTheKeyNorTheTokensNorTheOfficer_inClear() throws Exception {
    Sessions.Opened opened = sessions.open(OTIENO, key);

    byte[] content = Files.readAllBytes(sessionFiles().get(0));

    assertThat(Files.getPosixFilePermissions(sessionFiles().get(0)))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    for (byte[] secret :
        List.of(
            key.seed().toArray(),
            opened.token().getBytes(StandardCharsets.US_ASCII),
            Base64.getUrlDecoder().decode(opened.token()),
            opened.session().csrfToken().getBytes(StandardCharsets.US_ASCII),
            OTIENO.value().getBytes(StandardCharsets.UTF_8))) {
      assertThat(indexOf(content, secret)).as("found in the session file").isEqualTo(-1);
    }
  }

  private Sessions restart() {
    return Sessions.open(directory, clock, RANDOM);
  }

  private List<Path> sessionFiles() {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
