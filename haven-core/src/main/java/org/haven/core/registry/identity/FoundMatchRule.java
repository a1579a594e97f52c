package org.haven.core.registry.identity;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * When a child on the ledger is a possible match of a found child, from the partial-data tokens
 * ({@link FoundChildTokens}) they share and whether the child has an open missing-child alert. One
 * shared name part at one birth year is common; it counts only with a second clue. Measured in
 * {@code docs/duplicates.md}, "Found children".
 */
public enum FoundMatchRule {
  /** Two or more name parts sound alike, with the same sex and a birth year the age allows. */
  NAMES_AND_AGE("two names sound alike, same sex, age fits"),
  /** One name part, sex and age, and the child is reported missing. */
  NAME_AGE_AND_ALERT(
      "one name sounds alike, same sex, age fits, and the child is reported missing"),
  /** One name part, sex and age, and found in the region the child was born in. */
  NAME_AGE_AND_REGION("one name sounds alike, same sex, age fits, found in the region of birth"),
  /** No name in common, but sex, age and region fit a child reported missing. */
  REGION_AGE_AND_ALERT(
      "same sex, age fits, found in the region of birth of a child reported missing");

  private final String reason;

  FoundMatchRule(String reason) {
    this.reason = reason;
  }

  /** The rule as a registrar reads it. */
  public String reason() {
    return reason;
  }

  /** What a found child and a child on the ledger share. */
  public record Shared(int nameParts, boolean region) {}

  /**
   * What {@code found}'s tokens share with {@code other}'s: the number of distinct shared {@link
   * TokenType#NAME_PART_AGE} tokens (a registration carries one per name part, so each is another
   * name) and whether a {@link TokenType#REGION_AGE} token is shared.
   */
  public static Shared shared(Collection<LinkageToken> found, Collection<LinkageToken> other) {
    Set<LinkageToken> inFound = new HashSet<>(found);
    int names = 0;
    boolean region = false;
    for (LinkageToken token : new HashSet<>(other)) {
      if (!inFound.contains(token)) {
        continue;
      }
      if (token.type() == TokenType.NAME_PART_AGE) {
        names++;
      } else if (token.type() == TokenType.REGION_AGE) {
        region = true;
      }
    }
    return new Shared(names, region);
  }

  /** The strongest rule that makes a possible match, if any. */
  public static Optional<FoundMatchRule> of(Shared shared, boolean openAlert) {
    if (shared.nameParts() >= 2) {
      return Optional.of(NAMES_AND_AGE);
    }
    if (shared.nameParts() == 1 && openAlert) {
      return Optional.of(NAME_AGE_AND_ALERT);
    }
    if (shared.nameParts() == 1 && shared.region()) {
      return Optional.of(NAME_AGE_AND_REGION);
    }
    if (shared.region() && openAlert) {
      return Optional.of(REGION_AGE_AND_ALERT);
    }
    return Optional.empty();
  }

  /** The rule that makes {@code other} a possible match of {@code found}, if any. */
  public static Optional<FoundMatchRule> between(
      Collection<LinkageToken> found, Collection<LinkageToken> other, boolean openAlert) {
    return of(shared(found, other), openAlert);
  }
}
