package org.haven.core.registry.identity;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.haven.core.registry.identity.InvalidChildNumberException.Reason;

/**
 * A child number: {@value #RANDOM_DIGITS} random digits followed by their {@link Verhoeff} check
 * digit, {@value #LENGTH} digits in all. The random digits obey the filters national ID systems
 * apply (MOSIP's UIN generator, Aadhaar), so that no issued number is easy to guess, to forge from
 * a pattern or to misread. {@code docs/child-number.md} states the rules and the reasons.
 *
 * <p>The canonical form is the {@value #LENGTH} digits with nothing between them; {@link
 * #display()} groups them for people to read.
 */
public final class ChildNumber {
  /** How many random digits a child number has. */
  public static final int RANDOM_DIGITS = 10;

  /** How many digits a child number has, the check digit included. */
  public static final int LENGTH = RANDOM_DIGITS + 1;

  /** The length of a block that may not come back later in the number, forwards or reversed. */
  static final int BLOCK = 3;

  private static final int MAX_DRAWS = 1_000;

  private final String digits;

  private ChildNumber(String digits) {
    this.digits = digits;
  }

  /**
   * Draws a number uniformly from every number that passes the filters. Call {@link
   * #generate(RandomGenerator, Predicate)} instead when the number must also be new.
   *
   * @param random the source of the digits: a {@link java.security.SecureRandom} in production,
   *     since a predictable number helps whoever wants to forge one
   */
  public static ChildNumber generate(RandomGenerator random) {
    while (true) {
      // The first digit of an issued number is 2 to 9, so draw only from there.
      String randomDigits = Long.toString(random.nextLong(2_000_000_000L, 10_000_000_000L));
      if (filterProblem(randomDigits).isEmpty()) {
        return new ChildNumber(randomDigits + Verhoeff.checkDigit(randomDigits));
      }
    }
  }

  /**
   * Draws numbers as {@link #generate(RandomGenerator)} does until one is not taken.
   *
   * @param isTaken answers whether a number is already on the ledger
   * @throws IllegalStateException if {@value #MAX_DRAWS} draws in a row are all taken, which means
   *     that the number space is nearly used up or that {@code isTaken} is wrong
   */
  public static ChildNumber generate(RandomGenerator random, Predicate<ChildNumber> isTaken) {
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      ChildNumber number = generate(random);
      if (!isTaken.test(number)) {
        return number;
      }
    }
    throw new IllegalStateException(
        "No free child number after "
            + MAX_DRAWS
            + " draws: the number space is nearly used up or isTaken answers wrongly");
  }

  /**
   * Reads a child number as a person typed it. Spaces and dashes anywhere are ignored, and digits
   * of any script (Arabic-Indic, for example) count as the same digits.
   *
   * @throws InvalidChildNumberException if the text is not an issued child number; the message says
   *     what is wrong and what to do, and {@link InvalidChildNumberException#reason()} which rule
   *     failed
   */
  public static ChildNumber parse(String text) {
    StringBuilder digits = new StringBuilder(LENGTH);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)
          || Character.isSpaceChar(c)
          || Character.getType(c) == Character.DASH_PUNCTUATION) {
        continue;
      }
      int digit = Character.digit(c, 10);
      if (digit < 0) {
        throw new InvalidChildNumberException(
            Reason.NOT_A_DIGIT,
            "A child number holds only digits, spaces and dashes, but character "
                + (i + 1)
                + " is something else. Type the number again from the card.");
      }
      digits.append((char) ('0' + digit));
    }
    return checked(digits.toString());
  }

  /**
   * Reads the canonical form, {@value #LENGTH} ASCII digits and nothing else, as decoders of stored
   * and signed data must: there, another way of writing the same number is an error.
   *
   * @throws InvalidChildNumberException as {@link #parse} does, and for any character that is not
   *     an ASCII digit
   */
  public static ChildNumber fromCanonical(String digits) {
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidChildNumberException(
            Reason.NOT_A_DIGIT,
            "A child number in canonical form holds only the digits 0 to 9, but character "
                + (i + 1)
                + " is something else.");
      }
    }
    return checked(digits);
  }

  /** Checks the length, the check digit and the filters of a string of ASCII digits. */
  private static ChildNumber checked(String digits) {
    if (digits.length() != LENGTH) {
      throw new InvalidChildNumberException(
          Reason.WRONG_LENGTH,
          "A child number has "
              + LENGTH
              + " digits, but this has "
              + digits.length()
              + ". Check for a missing or an extra digit.");
    }
    if (!Verhoeff.isValid(digits)) {
      throw new InvalidChildNumberException(
          Reason.CHECK_DIGIT_MISMATCH,
          "The check digit does not match: a digit is probably mistyped or two digits are"
              + " swapped. Compare the number with the card digit by digit.");
    }
    Optional<String> problem = filterProblem(digits.substring(0, RANDOM_DIGITS));
    if (problem.isPresent()) {
      throw new InvalidChildNumberException(
          Reason.NEVER_ISSUED,
          "No child number is ever issued like this: "
              + problem.get()
              + ". Several digits are probably wrong; compare the number with the card.");
    }
    return new ChildNumber(digits);
  }

  /**
   * The first filter that {@code randomDigits} breaks, described with 1-based digit positions, or
   * empty if it passes them all. Every contiguous palindrome has a centre "aa" or "aba", so the two
   * repeat rules already exclude them all; the block rule adds mirror images that are not
   * contiguous, such as 472...274.
   */
  static Optional<String> filterProblem(String randomDigits) {
    char first = randomDigits.charAt(0);
    if (first == '0' || first == '1') {
      return Optional.of("it starts with " + first + ", and none starts with 0 or 1");
    }
    for (int i = 0; i + 1 < randomDigits.length(); i++) {
      if (randomDigits.charAt(i) == randomDigits.charAt(i + 1)) {
        return Optional.of("digits " + (i + 1) + " and " + (i + 2) + " are the same");
      }
    }
    for (int i = 0; i + 2 < randomDigits.length(); i++) {
      if (randomDigits.charAt(i) == randomDigits.charAt(i + 2)) {
        return Optional.of("digits " + (i + 1) + " and " + (i + 3) + " are the same");
      }
      int rise = Math.floorMod(randomDigits.charAt(i + 1) - randomDigits.charAt(i), 10);
      if ((rise == 1 || rise == 9)
          && Math.floorMod(randomDigits.charAt(i + 2) - randomDigits.charAt(i + 1), 10) == rise) {
        return Optional.of(
            "digits "
                + (i + 1)
                + " to "
                + (i + 3)
                + " count "
                + (rise == 1 ? "up" : "down")
                + " one by one");
      }
    }
    for (int i = 0; i + BLOCK <= randomDigits.length(); i++) {
      String block = randomDigits.substring(i, i + BLOCK);
      String reversed = new StringBuilder(block).reverse().toString();
      for (int j = i + BLOCK; j + BLOCK <= randomDigits.length(); j++) {
        String later = randomDigits.substring(j, j + BLOCK);
        if (later.equals(block) || later.equals(reversed)) {
          return Optional.of(
              "digits "
                  + (i + 1)
                  + " to "
                  + (i + BLOCK)
                  + " come back "
                  + (later.equals(block) ? "" : "reversed ")
                  + "as digits "
                  + (j + 1)
                  + " to "
                  + (j + BLOCK));
        }
      }
    }
    return Optional.empty();
  }

  /** The number grouped for people to read and type, as on the card: {@code 2957 4830 61-9}. */
  public String display() {
    return digits.substring(0, 4)
        + ' '
        + digits.substring(4, 8)
        + ' '
        + digits.substring(8, RANDOM_DIGITS)
        + '-'
        + digits.charAt(RANDOM_DIGITS);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChildNumber && digits.equals(((ChildNumber) other).digits);
  }

  @Override
  public int hashCode() {
    return digits.hashCode();
  }

  /** The canonical form: the {@value #LENGTH} digits, nothing between them. */
  @Override
  public String toString() {
    return digits;
  }
}
