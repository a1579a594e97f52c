package org.haven.core.registry.identity;

/**
 * What a linkage token is computed over. Each type's tag is part of the keyed hash, so tokens of
 * different types never collide. Tags are never reused.
 */
public enum TokenType {
  /** The child's phonetic name parts, sex and date of birth. One token. */
  NAME_BIRTH_DATE(1),
  /**
   * The child's phonetic name parts, sex, day and month of birth, and a window of {@value
   * LinkageTokens#YEAR_WINDOW} consecutive birth years. One token for each window that holds the
   * birth year, so two births on the same day and month share one when their years are at most
   * {@value LinkageTokens#YEAR_WINDOW} - 1 apart.
   */
  NAME_BIRTH_YEAR_WINDOW(2),
  /** The child's phonetic name parts and the mother's. One token, when her names are known. */
  NAME_MOTHER(3),
  /**
   * The mother's identity document and the child's date of birth: one delivery. One token, when her
   * document is known.
   */
  MOTHER_BIRTH_DATE(4),
  /**
   * The mother's identity document and a window of {@value LinkageTokens#MONTH_WINDOW} consecutive
   * calendar months. One token for each window that holds the birth month, so two births less than
   * 9 months apart always share one. Names alone cannot stand for the mother here: {@code
   * docs/duplicates.md} measures how many unrelated mothers share them.
   */
  MOTHER_BIRTH_WINDOW(5);

  private final int tag;

  TokenType(int tag) {
    this.tag = tag;
  }

  /** The byte that stands for this type in the keyed hash. */
  public int tag() {
    return tag;
  }
}
