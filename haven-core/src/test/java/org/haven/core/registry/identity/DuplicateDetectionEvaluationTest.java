package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.identity.SyntheticPopulation.Category;
import org.haven.core.registry.identity.SyntheticPopulation.Child;
import org.haven.core.registry.identity.SyntheticPopulation.Injected;
import org.junit.jupiter.api.Test;

/**
 * Measures duplicate detection on a synthetic registry of more than 100,000 children, the way the
 * ledger would run it: each registration's tokens are looked up in a token index of the earlier
 * ones, and {@link DuplicateRule} judges each candidate. The figures printed here are the ones in
 * {@code docs/duplicates.md}.
 */
class DuplicateDetectionEvaluationTest {
  private static final long SEED = 20_250_611L;
  private static final int BASE_CHILDREN = 100_000;
  private static final int PER_CATEGORY = 1_000;

  @Test
  void catchesInjectedDuplicatesAndFlagsFewOthers() {
    SyntheticPopulation population =
        SyntheticPopulation.generate(new SplittableRandom(SEED), BASE_CHILDREN, PER_CATEGORY);
    List<Child> children = population.children;
    LinkageKey key = LinkageKey.of(Hash.sha256(Bytes.fromHex(Long.toHexString(SEED))).toBytes());
    List<List<LinkageToken>> tokens =
        IntStream.range(0, children.size())
            .parallel()
            .mapToObj(i -> LinkageTokens.compute(key, children.get(i).input()))
            .toList();

    Map<Long, List<DuplicateRule>> flagged = flagPairs(tokens);

    Map<Long, Category> truth = new HashMap<>();
    for (Injected pair : population.injected) {
      truth.put(pairKey(pair.original(), pair.duplicate()), pair.category());
    }
    Set<Long> twins = new HashSet<>();
    for (int[] pair : population.twins) {
      twins.add(pairKey(pair[0], pair[1]));
    }
    Map<Category, Integer> caught = new EnumMap<>(Category.class);
    Map<Category, Integer> injected = new EnumMap<>(Category.class);
    for (Injected pair : population.injected) {
      injected.merge(pair.category(), 1, Integer::sum);
      if (flagged.containsKey(pairKey(pair.original(), pair.duplicate()))) {
        caught.merge(pair.category(), 1, Integer::sum);
      }
    }
    Map<DuplicateRule, Integer> falseByRule = new EnumMap<>(DuplicateRule.class);
    Map<String, Integer> falseByRelation = new HashMap<>();
    Set<Integer> falselyFlagged = new HashSet<>();
    int falsePairs = 0;
    for (Map.Entry<Long, List<DuplicateRule>> entry : flagged.entrySet()) {
      if (truth.containsKey(entry.getKey())) {
        continue;
      }
      falsePairs++;
      int a = (int) (entry.getKey() >>> 32);
      int b = (int) (long) entry.getKey();
      falselyFlagged.add(a);
      falselyFlagged.add(b);
      entry.getValue().forEach(rule -> falseByRule.merge(rule, 1, Integer::sum));
      String relation =
          twins.contains(entry.getKey())
              ? "twins"
              : children.get(a).motherId() == children.get(b).motherId() ? "siblings" : "unrelated";
      falseByRelation.merge(relation, 1, Integer::sum);
    }
    int twinPairsFlagged = 0;
    for (long pair : twins) {
      twinPairsFlagged += flagged.containsKey(pair) ? 1 : 0;
    }

    int registrations = children.size();
    double falsePairsPerRegistration = (double) falsePairs / registrations;
    double registrationsFalselyFlagged = (double) falselyFlagged.size() / registrations;
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            "seed %d, %d registrations (%d base + %d injected), %d twin pairs%n",
            SEED,
            registrations,
            registrations - population.injected.size(),
            population.injected.size(),
            population.twins.size()));
    for (Category category : Category.values()) {
      report.append(
          String.format(
              "recall %-22s %4d / %4d = %.3f%n",
              category,
              caught.getOrDefault(category, 0),
              injected.get(category),
              recall(caught, injected, category)));
    }
    report.append(
        String.format(
            "false pairs %d = %.5f per registration; registrations in one: %d = %.4f%n",
            falsePairs,
            falsePairsPerRegistration,
            falselyFlagged.size(),
            registrationsFalselyFlagged));
    report.append("false pairs by rule ").append(falseByRule).append('\n');
    report.append("false pairs by relation ").append(falseByRelation).append('\n');
    report.append(
        String.format("twin pairs flagged %d of %d%n", twinPairsFlagged, population.twins.size()));
    System.out.print(report);

    for (Category category : Category.values()) {
      if (category.required()) {
        assertThat(recall(caught, injected, category))
            .as(report.toString())
            .isGreaterThanOrEqualTo(0.95);
      }
    }
  }

  private static double recall(
      Map<Category, Integer> caught, Map<Category, Integer> injected, Category category) {
    return (double) caught.getOrDefault(category, 0) / injected.get(category);
  }

  /** Registers each child in turn against a token index of the earlier ones, as the ledger does. */
  private static Map<Long, List<DuplicateRule>> flagPairs(List<List<LinkageToken>> tokens) {
    Map<LinkageToken, List<Integer>> index = new HashMap<>();
    Map<Long, List<DuplicateRule>> flagged = new HashMap<>();
    for (int child = 0; child < tokens.size(); child++) {
      Map<Integer, Set<TokenType>> shared = new HashMap<>();
      for (LinkageToken token : tokens.get(child)) {
        List<Integer> holders = index.computeIfAbsent(token, t -> new ArrayList<>(1));
        for (int earlier : holders) {
          shared.computeIfAbsent(earlier, e -> EnumSet.noneOf(TokenType.class)).add(token.type());
        }
        holders.add(child);
      }
      for (Map.Entry<Integer, Set<TokenType>> candidate : shared.entrySet()) {
        List<DuplicateRule> rules = DuplicateRule.forSharedTypes(candidate.getValue());
        if (!rules.isEmpty()) {
          flagged.put(pairKey(candidate.getKey(), child), rules);
        }
      }
    }
    return flagged;
  }

  private static long pairKey(int a, int b) {
    return ((long) Math.min(a, b) << 32) | Math.max(a, b);
  }
}
