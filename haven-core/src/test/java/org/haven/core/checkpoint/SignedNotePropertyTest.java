package org.haven.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the signed-note encoding over seeded random notes. The seed is in each test's name,
 * so a failure can be replayed.
 */
class SignedNotePropertyTest {
  // Characters that matter to the format (newline, space, em dash, plus, base64 padding),
  // multi-byte UTF-8 and a surrogate pair.
  private static final String[] ALPHABET = {
    "a", "Z", "0", " ", "\n", "\n", "—", "+", "=", "/", "é", "日", "😀"
  };

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 300);
  }

  private record Fixture(SignedNote note, List<NoteVerifier> verifiers) {}

  private static Fixture randomNote(Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(40); i > 0; i--) {
      text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    text.append('\n');
    List<NoteSigner> signers = new ArrayList<>();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      byte[] seed = new byte[Ed25519PrivateKey.SEED_SIZE];
      random.nextBytes(seed);
      signers.add(
          new NoteSigner(
              "member" + i + ".haven.example", Ed25519PrivateKey.fromSeed(Bytes.of(seed))));
    }
    SignedNote note = signers.get(0).sign(text.toString());
    for (NoteSigner cosigner : signers.subList(1, signers.size())) {
      note = note.withSignature(cosigner.signature(note.text()));
    }
    return new Fixture(note, signers.stream().map(NoteSigner::verifier).toList());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void formatThenParse_givesTheSameVerifiedNote(long seed) {
    Fixture fixture = randomNote(new Random(seed));

    SignedNote parsed = SignedNote.parse(fixture.note().format());

    assertThat(parsed).isEqualTo(fixture.note());
    assertThat(parsed.verifiedSigners(fixture.verifiers()))
        .containsExactlyInAnyOrderElementsOf(fixture.verifiers());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void changingOneCharacter_givesAFormatErrorOrLosesASignature(long seed) {
    Random random = new Random(seed);
    Fixture fixture = randomNote(random);
    String formatted = fixture.note().format();
    int at = random.nextInt(formatted.length());
    String replacement;
    do {
      replacement = ALPHABET[random.nextInt(ALPHABET.length)];
    } while (formatted.startsWith(replacement, at));
    String mutated = formatted.substring(0, at) + replacement + formatted.substring(at + 1);

    Throwable error = catchThrowable(() -> SignedNote.parse(mutated));

    if (error != null) {
      assertThat(error).isInstanceOf(NoteFormatException.class).message().isNotBlank();
      return;
    }
    Set<NoteVerifier> signers = SignedNote.parse(mutated).verifiedSigners(fixture.verifiers());
    assertThat(signers).as("signers of %s", mutated).hasSizeLessThan(fixture.verifiers().size());
  }
}
