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
  MOTHER_BIRTH_WINDOW(5),
  /**
   * One phonetic name part, the sex and one birth year: what is left of a child's identity when it
   * is found alone and gives one name and looks a certain age. A registration carries one token per
   * distinct name part at its birth year; a found child one per name part and per year its
   * estimated age allows. Used only to match found children ({@link FoundChildTokens}).
   */
  NAME_PART_AGE(6),
  /**
   * The region (the first word of the place of birth, or of the place a child was found, as a
   * phonetic code), the sex and one birth year. Used only to match found children.
   */
  REGION_AGE(7),
  /**
   * The mother's identity document and the child's phonetic name parts, whatever the birth date.
   * One token, when her document is known. Shared, it says one mother's child of these names; both
   * registrations carrying one and not sharing it says two mothers, or two differently named
   * children, which {@link DuplicateRule} counts against a match. Records declared before this type
   * existed do not carry it, and are judged without it.
   */
  MOTHER_DOCUMENT_NAMES(8);

  private final int tag;

  TokenType(int tag) {
    this.tag = tag;
  }

  /**
   * Whether tokens of this type describe partial data, for matching found children only. Such
   * tokens never count towards a {@link DuplicateRule}, and the ledger indexes them one entry per
   * child, since a name part and a birth year are shared by thousands of children.
   */
  public boolean partial() {
    return this == NAME_PART_AGE || this == REGION_AGE;
  }

  /** The byte that stands for this type in the keyed hash. */
  public int tag() {
    return tag;
  }
}
