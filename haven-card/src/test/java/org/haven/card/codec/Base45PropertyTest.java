package org.haven.card.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Random;
import java.util.stream.LongStream;
import org.haven.card.codec.InvalidBase45Exception.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Base45 over seeded random data, against a naive encoder written from RFC 9285 section 4: every
 * encoding decodes back, and every kind of damage gives its specific error at the right place.
 */
class Base45PropertyTest {
  private static final String NOT_BASE45 = "abcxyz#!?_@&é\n";

  static LongStream seeds() {
    return LongStream.range(0, 500);
  }

  /** RFC 9285 section 4: each pair is a + 256 b = c + 45 d + 45² e, written c d e. */
  private static String naiveEncode(byte[] data) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < data.length; i += 2) {
      boolean pair = i + 1 < data.length;
      int n = pair ? (data[i] & 0xff) * 256 + (data[i + 1] & 0xff) : data[i] & 0xff;
      for (int digit = 0; digit < (pair ? 3 : 2); digit++) {
        out.append(Base45.ALPHABET.charAt(n % 45));
        n /= 45;
      }
    }
    return out.toString();
  }

  private static byte[] randomBytes(Random random) {
    byte[] data = new byte[random.nextInt(300)];
    random.nextBytes(data);
    return data;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void encodingMatchesTheNaiveEncoderAndDecodesBack(long seed) {
    byte[] data = randomBytes(new Random(seed));

    String encoded = Base45.encode(data);

    assertThat(encoded).as("seed %d", seed).isEqualTo(naiveEncode(data));
    assertThat(encoded.length()).isEqualTo(Base45.encodedLength(data.length));
    assertThat(Base45.decode(encoded)).as("seed %d", seed).isEqualTo(data);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aCharacterOutsideTheAlphabetIsNamedByPosition(long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[1 + random.nextInt(300)];
    random.nextBytes(data);
    StringBuilder text = new StringBuilder(Base45.encode(data));
    int position = random.nextInt(text.length());
    text.setCharAt(position, NOT_BASE45.charAt(random.nextInt(NOT_BASE45.length())));

    InvalidBase45Exception e =
        catchThrowableOfType(InvalidBase45Exception.class, () -> Base45.decode(text));

    assertThat(e).as("seed %d", seed).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CHARACTER);
    assertThat(e.getMessage()).contains("character " + (position + 1) + " ");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aGroupAboveItsRangeIsAnOverflow(long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[2 + random.nextInt(300)];
    random.nextBytes(data);
    StringBuilder text = new StringBuilder(Base45.encode(data));
    // ':' is 44, and 44 × 45² = 89100 > 65535 whatever the rest of the group holds.
    int group = random.nextInt(data.length / 2);
    text.setCharAt(group * 3 + 2, ':');

    InvalidBase45Exception e =
        catchThrowableOfType(InvalidBase45Exception.class, () -> Base45.decode(text));

    assertThat(e).as("seed %d", seed).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.VALUE_OVERFLOW);
    assertThat(e.getMessage()).contains("characters " + (group * 3 + 1) + " to ");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void cuttingTheLastPairLeavesABadLength(long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[1 + 2 * random.nextInt(150)];
    random.nextBytes(data);
    String text = Base45.encode(data);

    InvalidBase45Exception e =
        catchThrowableOfType(
            InvalidBase45Exception.class, () -> Base45.decode(text, 0, text.length() - 1));

    assertThat(e).as("seed %d", seed).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.BAD_LENGTH);
  }
}
