package org.haven.core.registry.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Why two registrations are possibly the same child, judged only from the linkage tokens they
 * share. A registrar reviews every flagged pair; the rules decide what reaches the review queue.
 * {@code docs/duplicates.md} gives the recall and false-flag rates measured for them.
 */
public enum DuplicateRule {
  /** Same phonetic names, sex and date of birth: spelling variants, reordered or accented names. */
  SAME_NAMES_AND_BIRTH_DATE(
      "same names, sex and date of birth", shared -> shared.contains(TokenType.NAME_BIRTH_DATE)),
  /** Same phonetic names, sex, day and month of birth, but birth years 1 to 3 apart. */
  SAME_NAMES_BIRTH_YEAR_SHIFTED(
      "same names, sex, day and month of birth; the birth years differ by 1 to "
          + LinkageTokens.MAX_YEAR_SHIFT,
      shared ->
          shared.contains(TokenType.NAME_BIRTH_YEAR_WINDOW)
              && !shared.contains(TokenType.NAME_BIRTH_DATE)),
  /** Same phonetic names as the child and same mother, whatever the birth dates say. */
  SAME_NAMES_AND_MOTHER(
      "same names and same mother's names", shared -> shared.contains(TokenType.NAME_MOTHER)),
  /**
   * Same mother's document, births on different days in calendar months at most 9 apart: every pair
   * less than 9 months apart, and some up to 10. Two deliveries that close cannot both be real, so
   * one registration is a duplicate or has a wrong date. The same mother on the same day is a
   * multiple birth and is not flagged: twins have different names, and their names decide.
   */
  SHORT_BIRTH_INTERVAL(
      "same mother's identity document, births at most 9 calendar months apart but not on the"
          + " same day",
      shared ->
          shared.contains(TokenType.MOTHER_BIRTH_WINDOW)
              && !shared.contains(TokenType.MOTHER_BIRTH_DATE));

  private final String reason;
  private final Predicate<Set<TokenType>> applies;

  DuplicateRule(String reason, Predicate<Set<TokenType>> applies) {
    this.reason = reason;
    this.applies = applies;
  }

  /** What the registrar is told, in words. */
  public String reason() {
    return reason;
  }

  /**
   * The rules that flag two registrations with these tokens; empty if they are not possible
   * duplicates.
   */
  public static List<DuplicateRule> matches(
      Collection<LinkageToken> tokensA, Collection<LinkageToken> tokensB) {
    Set<LinkageToken> inA = new HashSet<>(tokensA);
    Set<TokenType> shared = EnumSet.noneOf(TokenType.class);
    for (LinkageToken token : tokensB) {
      if (inA.contains(token)) {
        shared.add(token.type());
      }
    }
    return forSharedTypes(shared);
  }

  /**
   * The rules that flag two registrations sharing tokens of these types, for callers that find
   * shared tokens through an index; empty if they are not possible duplicates.
   */
  public static List<DuplicateRule> forSharedTypes(Set<TokenType> sharedTypes) {
    List<DuplicateRule> rules = new ArrayList<>();
    for (DuplicateRule rule : values()) {
      if (rule.applies.test(sharedTypes)) {
        rules.add(rule);
      }
    }
    return List.copyOf(rules);
  }
}
