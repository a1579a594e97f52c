package org.haven.core.registry.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Why two registrations are possibly the same child, judged only from their linkage tokens: the
 * types they share are the evidence for, and the types both carry without sharing are the evidence
 * against (two known mothers whose names differ, two documented mothers who differ on the same
 * birth date). A registrar reviews every flagged pair; the rules decide what reaches the review
 * queue. {@code docs/duplicates.md} gives the recall and false-flag rates measured for them.
 */
public enum DuplicateRule {
  /** Same phonetic names, sex and date of birth: spelling variants, reordered or accented names. */
  SAME_NAMES_AND_BIRTH_DATE(
      "same names, sex and date of birth",
      tokens -> tokens.share(TokenType.NAME_BIRTH_DATE) && !tokens.differentMothers()),
  /** Same phonetic names, sex, day and month of birth, but birth years 1 to 3 apart. */
  SAME_NAMES_BIRTH_YEAR_SHIFTED(
      "same names, sex, day and month of birth; the birth years differ by 1 to "
          + LinkageTokens.MAX_YEAR_SHIFT,
      tokens ->
          tokens.share(TokenType.NAME_BIRTH_YEAR_WINDOW)
              && !tokens.share(TokenType.NAME_BIRTH_DATE)
              && !tokens.differentMothers()),
  /** Same phonetic names as the child and same mother, whatever the birth dates say. */
  SAME_NAMES_AND_MOTHER(
      "same names and same mother's names",
      tokens -> tokens.share(TokenType.NAME_MOTHER) && !tokens.differentMothers()),
  /**
   * Same mother's document, births on different days in calendar months at most 9 apart: every pair
   * less than 9 months apart, and some up to 10. Two deliveries that close cannot both be real, so
   * one registration is a duplicate or has a wrong date. The same mother on the same day is a
   * multiple birth and is not flagged: twins have different names, and their names decide.
   */
  SHORT_BIRTH_INTERVAL(
      "same mother's identity document, births at most 9 calendar months apart but not on the"
          + " same day",
      tokens ->
          tokens.share(TokenType.MOTHER_BIRTH_WINDOW)
              && !tokens.share(TokenType.MOTHER_BIRTH_DATE));

  private final String reason;
  private final Predicate<Comparison> applies;

  DuplicateRule(String reason, Predicate<Comparison> applies) {
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
    return forSharedTypes(shared, types(tokensA), types(tokensB));
  }

  /**
   * The rules that flag two registrations sharing tokens of {@code sharedTypes}, for callers that
   * find shared tokens through an index; empty if they are not possible duplicates. {@code typesA}
   * and {@code typesB} are the types each registration carries, shared or not: what both carry and
   * do not share counts against a match.
   */
  public static List<DuplicateRule> forSharedTypes(
      Set<TokenType> sharedTypes, Set<TokenType> typesA, Set<TokenType> typesB) {
    Comparison comparison = new Comparison(sharedTypes, typesA, typesB);
    List<DuplicateRule> rules = new ArrayList<>();
    for (DuplicateRule rule : values()) {
      if (rule.applies.test(comparison)) {
        rules.add(rule);
      }
    }
    return List.copyOf(rules);
  }

  /** The types of {@code tokens}. */
  public static Set<TokenType> types(Collection<LinkageToken> tokens) {
    Set<TokenType> types = EnumSet.noneOf(TokenType.class);
    tokens.forEach(token -> types.add(token.type()));
    return types;
  }

  /** What two registrations' tokens say of each other. */
  private record Comparison(Set<TokenType> shared, Set<TokenType> typesA, Set<TokenType> typesB) {
    boolean share(TokenType type) {
      return shared.contains(type);
    }

    /** Both registrations carry the type, and their tokens of it differ. */
    boolean differ(TokenType type) {
      return typesA.contains(type) && typesB.contains(type) && !shared.contains(type);
    }

    /**
     * The two registrations cannot be of one child: both record the mother's document, and either
     * the documents or the child's names under the document differ; or, on the same birth date, the
     * documents differ; or, without documents on both and on different birth dates, both record the
     * mother's names and they differ (the child's names being shared). On the same birth date the
     * names alone do not veto: a respelled mother is likelier than two children of one name born
     * the same day to mothers of other names, and exact dates are what reordered or accented names
     * of one child share.
     */
    boolean differentMothers() {
      if (typesA.contains(TokenType.MOTHER_DOCUMENT_NAMES)
          && typesB.contains(TokenType.MOTHER_DOCUMENT_NAMES)) {
        return !share(TokenType.MOTHER_DOCUMENT_NAMES);
      }
      boolean sameDocument =
          share(TokenType.MOTHER_BIRTH_DATE) || share(TokenType.MOTHER_BIRTH_WINDOW);
      boolean namesDiffer =
          differ(TokenType.NAME_MOTHER) && !sameDocument && !share(TokenType.NAME_BIRTH_DATE);
      boolean documentsDiffer =
          share(TokenType.NAME_BIRTH_DATE) && differ(TokenType.MOTHER_BIRTH_DATE);
      return namesDiffer || documentsDiffer;
    }
  }
}
