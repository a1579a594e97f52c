package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Random;
import java.util.stream.LongStream;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two properties of a serialised type, over seeded random children: decoding an encoding gives
 * the child back, and changed bytes never decode to the same child or the same commitment. The seed
 * is in each case's name and in every failure message.
 */
class PersonalDataPropertyTest {
  private static final int SEEDS = 200;
  private static final int FLIPS_PER_SEED = 20;

  static LongStream seeds() {
    return LongStream.rangeClosed(1, SEEDS);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void roundTrips(long seed) throws DecodeException {
    PersonalData data = new RandomChildren(seed).next();

    PersonalData decoded = PersonalData.decode(data.encode());

    assertThat(decoded).as("seed %d", seed).isEqualTo(data);
    assertThat(decoded.encode()).as("seed %d", seed).isEqualTo(data.encode());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void withOneByteChanged_failsToDecodeOrDecodesToOtherData(long seed) {
    RandomChildren children = new RandomChildren(seed);
    PersonalData data = children.next();
    Bytes salt = children.salt();
    Random random = new Random(seed);

    for (int flip = 0; flip < FLIPS_PER_SEED; flip++) {
      byte[] bytes = data.encode().toArray();
      int at = random.nextInt(bytes.length);
      bytes[at] ^= (byte) (1 + random.nextInt(255));
      String where = "seed " + seed + ", byte " + at + " of " + bytes.length + " changed";

      PersonalData decoded;
      try {
        decoded = PersonalData.decode(Bytes.of(bytes));
      } catch (DecodeException e) {
        assertThat(e.offset()).as(where).isBetween(0, bytes.length);
        continue;
      }
      assertThat(decoded).as(where).isNotEqualTo(data);
      assertThat(decoded.encode()).as(where + ": re-encoding").isEqualTo(Bytes.of(bytes));
      assertThat(Commitment.opens(Commitment.commit(data, salt), decoded, salt))
          .as(where + ": opens the original commitment")
          .isFalse();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void truncated_failsToDecode(long seed) {
    Bytes encoded = new RandomChildren(seed).next().encode();
    int length = new Random(seed).nextInt(encoded.size());

    DecodeException error =
        catchThrowableOfType(
            DecodeException.class, () -> PersonalData.decode(encoded.slice(0, length)));

    assertThat(error)
        .as("seed %d, truncated to %d of %d bytes", seed, length, encoded.size())
        .isNotNull()
        .hasMessageContaining("truncated");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void withAByteAppended_failsToDecode(long seed) {
    Bytes encoded = new RandomChildren(seed).next().encode();
    Bytes extended = encoded.concat(Bytes.of(new byte[] {(byte) seed}));

    DecodeException error =
        catchThrowableOfType(DecodeException.class, () -> PersonalData.decode(extended));

    assertThat(error)
        .as("seed %d", seed)
        .isNotNull()
        .hasMessageContaining("1 unexpected trailing bytes");
    assertThat(error.offset()).as("seed %d", seed).isEqualTo(encoded.size());
  }
}
