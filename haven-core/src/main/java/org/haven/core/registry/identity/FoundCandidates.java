package org.haven.core.registry.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Finds the possible matches of a found child: every child an index lists under one of its tokens
 * that a {@link FoundMatchRule} accepts; those sharing more name parts first (a sibling shares the
 * family's names, the child itself all of them), then children with an open alert, then those born
 * in the region, then in the given order; at most a given number. The node runs it over the
 * ledger's token index, the evaluation over a synthetic population, so both measure the same
 * search.
 */
public final class FoundCandidates {
  private FoundCandidates() {}

  /** A possible match and why. */
  public record Match<K>(
      K child, FoundMatchRule rule, FoundMatchRule.Shared shared, boolean openAlert) {}

  /**
   * @param index the children listed under a token
   * @param tokensOf a child's tokens, or empty if a found child cannot be it (erased, rejected...)
   * @param openAlert whether a child has an open missing-child alert
   * @param order the order among matches of equal alert and rule
   * @param max the most matches returned
   */
  public static <K> List<Match<K>> find(
      List<LinkageToken> found,
      Function<LinkageToken, ? extends Collection<K>> index,
      Function<K, Optional<List<LinkageToken>>> tokensOf,
      Predicate<K> openAlert,
      Comparator<K> order,
      int max) {
    // Count what each child shares from the index alone, then confirm the few that a rule would
    // take against their own tokens: a common name part lists thousands of children.
    Map<K, int[]> counts = new LinkedHashMap<>();
    for (LinkageToken token : new LinkedHashSet<>(found)) {
      for (K child : index.apply(token)) {
        int[] count = counts.computeIfAbsent(child, c -> new int[2]);
        count[token.type() == TokenType.NAME_PART_AGE ? 0 : 1]++;
      }
    }
    List<Match<K>> matches = new ArrayList<>();
    for (Map.Entry<K, int[]> entry : counts.entrySet()) {
      K child = entry.getKey();
      boolean alert = openAlert.test(child);
      FoundMatchRule.Shared indexed =
          new FoundMatchRule.Shared(entry.getValue()[0], entry.getValue()[1] > 0);
      if (FoundMatchRule.of(indexed, alert).isEmpty()) {
        continue;
      }
      Optional<List<LinkageToken>> tokens = tokensOf.apply(child);
      if (tokens.isEmpty()) {
        continue;
      }
      FoundMatchRule.Shared shared = FoundMatchRule.shared(found, tokens.get());
      FoundMatchRule.of(shared, alert)
          .ifPresent(rule -> matches.add(new Match<>(child, rule, shared, alert)));
    }
    return matches.stream()
        .sorted(
            Comparator.comparing((Match<K> m) -> -m.shared().nameParts())
                .thenComparing(m -> !m.openAlert())
                .thenComparing(m -> !m.shared().region())
                .thenComparing(Match::child, order))
        .limit(max)
        .toList();
  }
}
