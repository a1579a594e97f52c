package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.haven.core.registry.identity.InvalidChildNumberException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChildNumberTest {
  private static final long SEED = 20_250_611L;

  @Test
  void generate_obeysEveryFilter_over100kNumbers() {
    SplittableRandom random = new SplittableRandom(SEED);
    Set<ChildNumber> distinct = new HashSet<>();
    for (int n = 0; n < 100_000; n++) {
      ChildNumber number = ChildNumber.generate(random);
      String digits = number.toString();
      assertThat(digits).as("seed %d, number %d", SEED, n).matches("[2-9][0-9]{10}");
      assertThat(Verhoeff.isValid(digits)).as("seed %d, %s", SEED, digits).isTrue();
      assertThat(Reference.passesFilters(digits.substring(0, ChildNumber.RANDOM_DIGITS)))
          .as("seed %d, %s", SEED, digits)
          .isTrue();
      assertThat(ChildNumber.parse(digits)).isEqualTo(number);
      distinct.add(number);
    }
    // About a billion numbers pass the filters, so 100,000 draws should almost never repeat.
    assertThat(distinct.size()).isGreaterThan(99_990);
  }

  /** Every single-digit typo and every swap of two neighbours, on a thousand issued numbers. */
  @Test
  void parse_rejectsEverySubstitutionAndAdjacentTransposition() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int n = 0; n < 1_000; n++) {
      String digits = ChildNumber.generate(random).toString();
      List<String> typos = new ArrayList<>();
      for (int i = 0; i < digits.length(); i++) {
        for (char digit = '0'; digit <= '9'; digit++) {
          if (digit != digits.charAt(i)) {
            typos.add(digits.substring(0, i) + digit + digits.substring(i + 1));
          }
        }
        if (i + 1 < digits.length() && digits.charAt(i) != digits.charAt(i + 1)) {
          typos.add(
              digits.substring(0, i)
                  + digits.charAt(i + 1)
                  + digits.charAt(i)
                  + digits.substring(i + 2));
        }
      }
      for (String typo : typos) {
        assertThatThrownBy(() -> ChildNumber.parse(typo))
            .as("seed %d, %s typed as %s", SEED, digits, typo)
            .isInstanceOfSatisfying(
                InvalidChildNumberException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CHECK_DIGIT_MISMATCH));
      }
    }
  }

  @Test
  void parse_acceptsTheDisplayFormSpacesDashesAndOtherDigitScripts() {
    ChildNumber number = ChildNumber.generate(new SplittableRandom(SEED));
    String digits = number.toString();
    String arabicIndic =
        digits
            .chars()
            .mapToObj(c -> String.valueOf((char) ('٠' + c - '0')))
            .reduce("", String::concat);

    assertThat(number.display())
        .matches("[0-9]{4} [0-9]{4} [0-9]{2}-[0-9]")
        .isEqualTo(
            digits.substring(0, 4)
                + " "
                + digits.substring(4, 8)
                + " "
                + digits.substring(8, 10)
                + "-"
                + digits.charAt(10));
    assertThat(ChildNumber.parse(number.display())).isEqualTo(number);
    assertThat(ChildNumber.parse("2957 4830 61-9")).hasToString("29574830619");
    assertThat(ChildNumber.parse(" " + digits.replaceAll("(...)", "$1–") + "\t")).isEqualTo(number);
    assertThat(ChildNumber.parse(digits.replaceAll("(..)", "$1\u00a0"))).isEqualTo(number);
    assertThat(ChildNumber.parse(arabicIndic)).isEqualTo(number);
    assertThat(ChildNumber.parse(arabicIndic).toString()).isEqualTo(digits);
  }

  @Test
  void fromCanonical_acceptsOnlyElevenAsciiDigits() {
    assertThat(ChildNumber.fromCanonical("29574830619"))
        .isEqualTo(ChildNumber.parse("29574830619"));
    for (String other : new String[] {"2957 4830 61-9", "٢٩٥٧٤٨٣٠٦١٩", " 29574830619"}) {
      assertThatThrownBy(() -> ChildNumber.fromCanonical(other))
          .as(other)
          .isInstanceOfSatisfying(
              InvalidChildNumberException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_DIGIT))
          .hasMessageStartingWith("A child number in canonical form holds only the digits 0 to 9");
    }
    assertThatThrownBy(() -> ChildNumber.fromCanonical("2957483061"))
        .isInstanceOfSatisfying(
            InvalidChildNumberException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_LENGTH));
    assertThatThrownBy(() -> ChildNumber.fromCanonical("29574830618"))
        .isInstanceOfSatisfying(
            InvalidChildNumberException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CHECK_DIGIT_MISMATCH));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2957 4830 61", "2957 4830 61-8 4", "   "})
  void parse_rejectsTheWrongNumberOfDigits_sayingHowManyThereAre(String text) {
    long digits = text.chars().filter(Character::isDigit).count();
    assertThatThrownBy(() -> ChildNumber.parse(text))
        .isInstanceOfSatisfying(
            InvalidChildNumberException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_LENGTH))
        .hasMessage(
            "A child number has 11 digits, but this has "
                + digits
                + ". Check for a missing or an extra digit.");
  }

  @ParameterizedTest
  @CsvSource({"Wanjiru Kamau, 1", "2957/4830/618, 5", "2957 4830 6l8, 12"})
  void parse_rejectsOtherCharacters_withoutQuotingThem(String text, int position) {
    assertThatThrownBy(() -> ChildNumber.parse(text))
        .isInstanceOfSatisfying(
            InvalidChildNumberException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_DIGIT))
        .hasMessage(
            "A child number holds only digits, spaces and dashes, but character "
                + position
                + " is something else. Type the number again from the card.")
        .message()
        .doesNotContain("Wanjiru");
  }

  @Test
  void parse_rejectsAWrongCheckDigit_sayingWhatProbablyHappened() {
    String digits = ChildNumber.generate(new SplittableRandom(SEED)).toString();
    String wrongCheck = digits.substring(0, 10) + (char) ('0' + (digits.charAt(10) - '0' + 1) % 10);

    assertThatThrownBy(() -> ChildNumber.parse(wrongCheck))
        .isInstanceOfSatisfying(
            InvalidChildNumberException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CHECK_DIGIT_MISMATCH))
        .hasMessage(
            "The check digit does not match: a digit is probably mistyped or two digits are"
                + " swapped. Compare the number with the card digit by digit.");
  }

  /** Random digits with a correct check digit, but a pattern that is never issued. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1592648370 | it starts with 1, and none starts with 0 or 1",
        "0592648370 | it starts with 0, and none starts with 0 or 1",
        "2552648370 | digits 2 and 3 are the same",
        "2529648370 | digits 1 and 3 are the same",
        "2890648370 | digits 2 to 4 count up one by one",
        "2109584736 | digits 1 to 3 count down one by one",
        "7210594836 | digits 2 to 4 count down one by one",
        "4725081472 | digits 1 to 3 come back as digits 8 to 10",
        "4729581274 | digits 1 to 3 come back reversed as digits 8 to 10",
      })
  void parse_rejectsNumbersThatAreNeverIssued_namingTheRule(String random, String problem) {
    String digits = random + Verhoeff.checkDigit(random);

    assertThatThrownBy(() -> ChildNumber.parse(digits))
        .isInstanceOfSatisfying(
            InvalidChildNumberException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NEVER_ISSUED))
        .hasMessage(
            "No child number is ever issued like this: "
                + problem
                + ". Several digits are probably wrong; compare the number with the card.");
    assertThat(Reference.passesFilters(random)).isFalse();
  }

  @Test
  void generate_drawsAgainWhileTheNumberIsTaken() {
    AtomicInteger asked = new AtomicInteger();
    ChildNumber number =
        ChildNumber.generate(new SplittableRandom(SEED), n -> asked.incrementAndGet() <= 3);

    assertThat(asked).hasValue(4);
    SplittableRandom same = new SplittableRandom(SEED);
    for (int i = 0; i < 3; i++) {
      ChildNumber.generate(same);
    }
    assertThat(number).isEqualTo(ChildNumber.generate(same));
  }

  @Test
  void generate_givesUpWhenEveryNumberIsTaken() {
    assertThatThrownBy(() -> ChildNumber.generate(new Random(SEED), n -> true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "No free child number after 1000 draws: the number space is nearly used up or"
                + " isTaken answers wrongly");
  }

  @Test
  void equalNumbersAreEqualValues() {
    ChildNumber number = ChildNumber.generate(new SplittableRandom(SEED));

    assertThat(ChildNumber.parse(number.display()))
        .isEqualTo(number)
        .hasSameHashCodeAs(number)
        .hasToString(number.toString());
    assertThat(ChildNumber.generate(new SplittableRandom(SEED + 1))).isNotEqualTo(number);
  }

  /** The filters of docs/child-number.md, written out independently of ChildNumber. */
  private static final class Reference {
    static boolean passesFilters(String digits) {
      if (digits.charAt(0) < '2') {
        return false;
      }
      for (int i = 0; i + 1 < digits.length(); i++) {
        if (digits.charAt(i) == digits.charAt(i + 1)
            || i + 2 < digits.length() && digits.charAt(i) == digits.charAt(i + 2)) {
          return false;
        }
      }
      for (int start = 0; start < 10; start++) {
        String up = "" + start + (start + 1) % 10 + (start + 2) % 10;
        if (digits.contains(up) || digits.contains(new StringBuilder(up).reverse())) {
          return false;
        }
      }
      for (int i = 0; i + 3 <= digits.length(); i++) {
        String block = digits.substring(i, i + 3);
        String reversed = new StringBuilder(block).reverse().toString();
        if (digits.indexOf(block, i + 3) >= 0 || digits.indexOf(reversed, i + 3) >= 0) {
          return false;
        }
      }
      return true;
    }
  }
}
