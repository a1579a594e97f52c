package org.haven.card.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.haven.card.codec.InvalidBase45Exception.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The examples of RFC 9285 and every way text can fail to be Base45. */
class Base45Test {

  /** RFC 9285 sections 4.3 and 4.4: the ASCII text and its Base45 encoding. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "AB|BB8", // section 4.3
        "Hello!!|%69 VD92EX0", // section 4.3
        "base-45|UJCLQE7W581", // section 4.3
        "ietf!|QED8WEX0", // section 4.4, the decoding example
      })
  void rfc9285Examples(String text, String base45) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);

    assertThat(Base45.encode(bytes)).isEqualTo(base45);
    assertThat(Base45.decode(base45)).isEqualTo(bytes);
  }

  @Test
  void encodesNothingAsNothing() {
    assertThat(Base45.encode(new byte[0])).isEmpty();
    assertThat(Base45.decode("")).isEmpty();
  }

  @Test
  void largestValuesDecode() {
    // "FGW" = 15 + 16 × 45 + 32 × 45² = 65535; "U5" = 30 + 5 × 45 = 255.
    assertThat(Base45.decode("FGW")).containsExactly(0xff, 0xff);
    assertThat(Base45.decode("U5")).containsExactly(0xff);
    assertThat(Base45.encode(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}))
        .isEqualTo("FGWU5");
  }

  @ParameterizedTest(name = "\"{0}\" breaks {1} at character {2}")
  @CsvSource({
    "bb8, INVALID_CHARACTER, 1", // lower case is not in the alphabet
    "BB#, INVALID_CHARACTER, 3",
    "BBé, INVALID_CHARACTER, 3",
    "BB8BB8A_, INVALID_CHARACTER, 8",
    "GGW, VALUE_OVERFLOW, 1", // 16 + 16 × 45 + 32 × 45² = 65536
    "BB8:::, VALUE_OVERFLOW, 4",
    "V5, VALUE_OVERFLOW, 1", // 31 + 5 × 45 = 256
  })
  void refusesTextThatIsNotBase45(String text, Reason reason, int position) {
    InvalidBase45Exception e =
        catchThrowableOfType(InvalidBase45Exception.class, () -> Base45.decode(text));

    assertThat(e.reason()).isEqualTo(reason);
    String where = reason == Reason.VALUE_OVERFLOW ? "characters " : "character ";
    assertThat(e.getMessage()).contains(where + position + " ");
  }

  @ParameterizedTest(name = "{0} characters")
  @CsvSource({"A", "BB8A", "BB8BB8B"})
  void refusesALengthOneMoreThanAMultipleOfThree(String text) {
    InvalidBase45Exception e =
        catchThrowableOfType(InvalidBase45Exception.class, () -> Base45.decode(text));

    assertThat(e.reason()).isEqualTo(Reason.BAD_LENGTH);
    assertThat(e.getMessage()).contains(text.length() + " characters");
  }

  @Test
  void errorsNeverQuoteTheText() {
    InvalidBase45Exception e =
        catchThrowableOfType(InvalidBase45Exception.class, () -> Base45.decode("SECRETNAMEx"));

    assertThat(e.getMessage()).doesNotContain("SECRET").doesNotContain("x");
  }

  @Test
  void decodesARangeWithPositionsCountedFromItsStart() {
    assertThat(Base45.decode("HV1:BB8", 4, 7)).containsExactly('A', 'B');

    InvalidBase45Exception e =
        catchThrowableOfType(InvalidBase45Exception.class, () -> Base45.decode("HV1:BB#", 4, 7));
    assertThat(e.getMessage()).contains("character 3 ");
  }
}
