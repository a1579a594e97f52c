package org.haven.core.registry.identity;

/**
 * The Verhoeff check digit: J. Verhoeff, <i>Error Detecting Decimal Codes</i>, Mathematical Centre
 * Tracts 29, Mathematisch Centrum, Amsterdam, 1969. It detects every single-digit substitution and
 * every transposition of two adjacent digits, the two errors people make most when copying a number
 * by hand, which a mod-10 or mod-11 digit does not.
 *
 * <p>The three tables are Verhoeff's, as reproduced in Wikipedia's "Verhoeff algorithm" article and
 * on Rosetta Code; the tests check their worked examples. The numbering of the group elements
 * matters: another labelling of the same group gives other check digits.
 */
public final class Verhoeff {
  /**
   * The multiplication table of the dihedral group D5, the symmetries of a regular pentagon: entry
   * {@code [a][b]} is {@code a·b}, where {@code k < 5} stands for the rotation r<sup>k</sup> and
   * {@code 5 + k} for the reflection r<sup>k</sup>s. D5 is not commutative, which is what lets the
   * check catch transpositions.
   */
  private static final int[][] MULTIPLY = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
    {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
    {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
    {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
    {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
    {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
    {6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
    {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
    {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
    {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}
  };

  /**
   * Row {@code i} is σ<sup>i</sup>, where σ = (0 1 5 8 9 4 2 7)(3 6) is Verhoeff's permutation (row
   * 1). σ has order 8, so the digit in position {@code i} (counted from the right, from 0) is
   * permuted by row {@code i mod 8}.
   */
  private static final int[][] PERMUTE = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
    {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
    {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
    {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
    {9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
    {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
    {2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
    {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}
  };

  /** {@code INVERSE[a]} is the element {@code b} with {@code a·b = 0} in D5. */
  private static final int[] INVERSE = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

  private Verhoeff() {}

  /**
   * Returns the check digit to append to {@code digits}.
   *
   * @param digits one or more ASCII digits
   * @throws IllegalArgumentException if {@code digits} is empty or holds anything but ASCII digits
   */
  public static int checkDigit(String digits) {
    requireDigits(digits, 1);
    // Appending the check digit shifts every digit one position to the left.
    return INVERSE[product(digits, 1)];
  }

  /**
   * Tells whether the last digit of {@code digitsWithCheck} is the check digit of the others.
   *
   * @param digitsWithCheck two or more ASCII digits, the check digit last
   * @throws IllegalArgumentException if {@code digitsWithCheck} is shorter than two characters or
   *     holds anything but ASCII digits
   */
  public static boolean isValid(String digitsWithCheck) {
    requireDigits(digitsWithCheck, 2);
    return product(digitsWithCheck, 0) == 0;
  }

  /**
   * The D5 product of every digit permuted by its position, positions counted from the right and
   * starting at {@code firstPosition}.
   */
  private static int product(String digits, int firstPosition) {
    int product = 0;
    for (int i = 0; i < digits.length(); i++) {
      int digit = digits.charAt(digits.length() - 1 - i) - '0';
      product = MULTIPLY[product][PERMUTE[(i + firstPosition) % 8][digit]];
    }
    return product;
  }

  private static void requireDigits(String digits, int minLength) {
    if (digits.length() < minLength) {
      throw new IllegalArgumentException(
          "Verhoeff needs at least " + minLength + " digits, got " + digits.length());
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException(
            "Verhoeff works on ASCII digits only; character " + (i + 1) + " is not one");
      }
    }
  }
}
