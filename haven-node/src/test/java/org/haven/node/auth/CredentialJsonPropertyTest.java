package org.haven.node.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.OfficerId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two properties of the credential file, over seeded random credentials: decoding an encoding
 * gives the credential back, and a file with one character changed either fails to decode with a
 * {@link CredentialException}, decodes to the same credential, or no longer unlocks to any key.
 * Each case's seed is in its name and in every failure message.
 */
class CredentialJsonPropertyTest {
  private static final int SEEDS = 50;
  private static final int CHANGES_PER_SEED = 20;
  private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789.-";
  private static final String[] PASSWORD_TEXT = {"a", "Z", "7", " ", "'", "é", "—", "日", "😀"};

  static LongStream seeds() {
    return LongStream.range(0, SEEDS);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void roundTrip(long seed) throws NoSuchAlgorithmException {
    Random random = new Random(seed);
    String password = password(random);
    OfficerCredential credential = credential(seed, random, password);

    OfficerCredential decoded = OfficerCredential.fromJson(credential.toJson());

    assertThat(decoded).as("seed %d", seed).isEqualTo(credential);
    assertThat(decoded.unlock(password.toCharArray()).map(Ed25519PrivateKey::publicKey))
        .as("seed %d", seed)
        .contains(credential.publicKey());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void changedCharacter_failsToDecode_orToUnlock(long seed) throws NoSuchAlgorithmException {
    Random random = new Random(seed);
    String password = password(random);
    OfficerCredential credential = credential(seed, random, password);
    String json = credential.toJson();

    for (int i = 0; i < CHANGES_PER_SEED; i++) {
      int position = random.nextInt(json.length());
      char replacement = (char) (' ' + random.nextInt('~' - ' ' + 1));
      if (replacement == json.charAt(position)) {
        continue;
      }
      String changed = json.substring(0, position) + replacement + json.substring(position + 1);
      String context = "seed " + seed + ", '" + replacement + "' at " + position + " in:\n" + json;

      Optional<OfficerCredential> decoded = decode(changed);

      if (decoded.isPresent() && !decoded.get().equals(credential)) {
        assertThat(unlocks(decoded.get(), password)).as(context).isFalse();
      }
    }
  }

  private static Optional<OfficerCredential> decode(String json) {
    try {
      return Optional.of(OfficerCredential.fromJson(json));
    } catch (CredentialException e) {
      return Optional.empty();
    }
  }

  private static boolean unlocks(OfficerCredential credential, String password) {
    try {
      return credential.unlock(password.toCharArray()).isPresent();
    } catch (CredentialException e) {
      return false;
    }
  }

  private static OfficerCredential credential(long seed, Random random, String password)
      throws NoSuchAlgorithmException {
    // SHA1PRNG seeded before first use is deterministic, so the whole credential follows the seed.
    SecureRandom secureRandom = SecureRandom.getInstance("SHA1PRNG");
    secureRandom.setSeed(seed);
    Argon2Params argon2 = new Argon2Params(8 + random.nextInt(249), 1 + random.nextInt(2), 1);
    return OfficerCredential.create(
        officerId(random),
        Ed25519PrivateKey.generate(secureRandom),
        password.toCharArray(),
        argon2,
        secureRandom);
  }

  private static OfficerId officerId(Random random) {
    StringBuilder id = new StringBuilder().append((char) ('a' + random.nextInt(26)));
    int length = 1 + random.nextInt(40);
    for (int i = 0; i < length; i++) {
      id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
    }
    return new OfficerId(id.toString());
  }

  private static String password(Random random) {
    StringBuilder password = new StringBuilder();
    int length = OfficerCredential.MIN_PASSWORD_LENGTH + random.nextInt(30);
    for (int i = 0; i < length; i++) {
      password.append(PASSWORD_TEXT[random.nextInt(PASSWORD_TEXT.length)]);
    }
    return password.toString();
  }
}
