package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VerhoeffTest {
  private static final int NUMBERS_PER_SEED = 500;

  /**
   * Wikipedia's worked example (236 gives 3) and Rosetta Code's "Verhoeff algorithm" task values;
   * the single 0 was added from the same check. Each was recomputed independently in Python, with
   * D5 built from its rotations and reflections and σ from its cycles rather than from copied
   * tables.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "236, 3",
    "12345, 1",
    "142857, 0",
    "123456789012, 0",
    "8473643095483728456789, 2",
    "0, 4",
  })
  void checkDigit_matchesPublishedValues(String digits, int check) {
    assertThat(Verhoeff.checkDigit(digits)).isEqualTo(check);
    assertThat(Verhoeff.isValid(digits + check)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2364", "2336", "3263", "123450", "123454", "1428571"})
  void isValid_rejectsWrongCheckDigits(String digitsWithCheck) {
    assertThat(Verhoeff.isValid(digitsWithCheck)).isFalse();
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 10);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void checkDigit_agreesWithTheGroupDefinition(long seed) {
    Random random = new Random(seed);
    for (int n = 0; n < NUMBERS_PER_SEED; n++) {
      String digits = randomDigits(random, 1 + random.nextInt(30));
      assertThat(Verhoeff.checkDigit(digits))
          .as("seed %d, %s", seed, digits)
          .isEqualTo(Reference.checkDigit(digits));
    }
  }

  /** Verhoeff's two guarantees, checked exhaustively around many random numbers. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void isValid_detectsEverySubstitutionAndAdjacentTransposition(long seed) {
    Random random = new Random(seed);
    for (int n = 0; n < NUMBERS_PER_SEED; n++) {
      String payload = randomDigits(random, 1 + random.nextInt(20));
      String number = payload + Verhoeff.checkDigit(payload);
      String context = "seed " + seed + ", " + number;
      assertThat(Verhoeff.isValid(number)).as(context).isTrue();
      for (int i = 0; i < number.length(); i++) {
        for (char digit = '0'; digit <= '9'; digit++) {
          if (digit != number.charAt(i)) {
            String typo = number.substring(0, i) + digit + number.substring(i + 1);
            assertThat(Verhoeff.isValid(typo)).as("%s, substitution %s", context, typo).isFalse();
          }
        }
      }
      for (int i = 0; i + 1 < number.length(); i++) {
        if (number.charAt(i) != number.charAt(i + 1)) {
          String swapped =
              number.substring(0, i)
                  + number.charAt(i + 1)
                  + number.charAt(i)
                  + number.substring(i + 2);
          assertThat(Verhoeff.isValid(swapped)).as("%s, swap %s", context, swapped).isFalse();
        }
      }
    }
  }

  @Test
  void rejectsAnythingButAsciiDigits() {
    assertThatThrownBy(() -> Verhoeff.checkDigit(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Verhoeff needs at least 1 digits, got 0");
    assertThatThrownBy(() -> Verhoeff.isValid("7"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Verhoeff needs at least 2 digits, got 1");
    assertThatThrownBy(() -> Verhoeff.checkDigit("12a4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Verhoeff works on ASCII digits only; character 3 is not one");
    assertThatThrownBy(() -> Verhoeff.isValid("١٢٣"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Verhoeff works on ASCII digits only; character 1 is not one");
  }

  private static String randomDigits(Random random, int length) {
    StringBuilder digits = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }

  /**
   * Verhoeff's scheme from its definition: D5 as pairs (reflection, rotation) composed by the group
   * law, σ from its cycles (0 1 5 8 9 4 2 7)(3 6), and the inverse found by search.
   */
  private static final class Reference {
    /** Element 5 + k is r^k s; (r^a s^x)(r^b s^y) = r^(a + (-1)^x b) s^(x + y). */
    static int multiply(int p, int q) {
      int x = p / 5;
      int a = p % 5;
      int y = q / 5;
      int b = q % 5;
      return 5 * ((x + y) % 2) + Math.floorMod(a + (x == 1 ? -b : b), 5);
    }

    static int sigma(int digit, int times) {
      int[] cycleOf8 = {0, 1, 5, 8, 9, 4, 2, 7};
      for (int i = 0; i < 8; i++) {
        if (cycleOf8[i] == digit) {
          return cycleOf8[(i + times) % 8];
        }
      }
      return times % 2 == 0 ? digit : 9 - digit;
    }

    static int checkDigit(String digits) {
      int product = 0;
      for (int i = 0; i < digits.length(); i++) {
        int digit = digits.charAt(digits.length() - 1 - i) - '0';
        product = multiply(product, sigma(digit, i + 1));
      }
      for (int inverse = 0; ; inverse++) {
        if (multiply(product, inverse) == 0) {
          return inverse;
        }
      }
    }
  }
}
