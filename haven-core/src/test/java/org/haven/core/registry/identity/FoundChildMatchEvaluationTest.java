package org.haven.core.registry.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.identity.SyntheticPopulation.Child;
import org.haven.core.registry.identity.SyntheticPopulation.Name;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures how well a found child is matched to its registration (docs/duplicates.md, "Found
 * children"), the way a node searches: the partial-data tokens of 100,000 synthetic registrations
 * in an index, 1% of the children reported missing, and found children described as a field agent
 * would: an age estimated up to 2 years off, declared as a 5-year range around the estimate, and
 * all their names, one name, or one name misspelt. Found children who were never registered show
 * how often a stranger is offered. Regions are not modelled (the population has no places), so the
 * region rules are not measured here. The figures printed are the ones in the document; the limits
 * asserted sit just beyond them.
 */
class FoundChildMatchEvaluationTest {
  private static final long SEED = 20_250_611L;
  private static final int BASE_CHILDREN = 100_000;
  private static final int ALERTS = 1_000;
  private static final int FOUND_PER_GROUP = 1_000;
  private static final LocalDate FOUND_ON = LocalDate.of(2025, 12, 31);
  private static final int MAX_CANDIDATES = 20;

  /** What a found child says of its names. */
  enum Names {
    ALL_NAMES,
    ONE_NAME,
    ONE_NAME_MISSPELT
  }

  /** Who the found children are. */
  enum Group {
    REPORTED_MISSING,
    REGISTERED_NOT_MISSING,
    NEVER_REGISTERED
  }

  /** Counts for one group of found children under one description. */
  private static final class Tally {
    int found;
    int matched;
    int first;
    int listed;
    int withAny;
    int atCap;

    void add(boolean truthListed, boolean truthFirst, int candidates) {
      found++;
      first += truthFirst ? 1 : 0;
      matched += truthListed ? 1 : 0;
      listed += candidates;
      withAny += candidates > 0 ? 1 : 0;
      atCap += candidates == MAX_CANDIDATES ? 1 : 0;
    }
  }

  private static LinkageKey key;
  private static List<Child> registered;
  private static List<List<LinkageToken>> tokens;
  private static Map<LinkageToken, List<Integer>> index;
  private static Set<Integer> missing;
  private static Map<Group, List<Child>> foundChildren;
  private static Map<Group, List<Integer>> truth;

  @BeforeAll
  static void registerEveryoneAndReportSomeMissing() {
    key = LinkageKey.of(Hash.sha256(Long.toString(SEED).getBytes(UTF_8)).toBytes());
    registered =
        SyntheticPopulation.generate(new SplittableRandom(SEED), BASE_CHILDREN, 0).children;
    tokens =
        IntStream.range(0, registered.size())
            .parallel()
            .mapToObj(i -> FoundChildTokens.forRegistration(key, registered.get(i).input(), ""))
            .toList();
    index = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      for (LinkageToken token : tokens.get(i)) {
        index.computeIfAbsent(token, t -> new ArrayList<>()).add(i);
      }
    }
    SplittableRandom random = new SplittableRandom(SEED + 1);
    missing = new HashSet<>();
    while (missing.size() < ALERTS) {
      missing.add(random.nextInt(registered.size()));
    }
    List<Integer> missingOrder = missing.stream().sorted().toList();
    List<Integer> others = new ArrayList<>();
    while (others.size() < FOUND_PER_GROUP) {
      int i = random.nextInt(registered.size());
      if (!missing.contains(i) && !others.contains(i)) {
        others.add(i);
      }
    }
    List<Child> strangers =
        SyntheticPopulation.generate(new SplittableRandom(SEED + 2), FOUND_PER_GROUP, 0)
            .children
            .subList(0, FOUND_PER_GROUP);
    truth = new EnumMap<>(Group.class);
    truth.put(Group.REPORTED_MISSING, missingOrder);
    truth.put(Group.REGISTERED_NOT_MISSING, others);
    foundChildren = new EnumMap<>(Group.class);
    foundChildren.put(Group.REPORTED_MISSING, missingOrder.stream().map(registered::get).toList());
    foundChildren.put(Group.REGISTERED_NOT_MISSING, others.stream().map(registered::get).toList());
    foundChildren.put(Group.NEVER_REGISTERED, strangers);
    System.out.printf(
        "seed %d: %d registrations, %d reported missing, %d found children per group, found on %s%n",
        SEED, registered.size(), missing.size(), FOUND_PER_GROUP, FOUND_ON);
  }

  @Test
  void foundChildren_withDegradedData_areMatchedToTheirRegistrationsAndAlerts() {
    Map<Names, Map<Group, Tally>> tallies = new EnumMap<>(Names.class);
    int respelled = 0;
    for (Names names : Names.values()) {
      SplittableRandom random = new SplittableRandom(SEED + 3);
      Map<Group, Tally> byGroup = new EnumMap<>(Group.class);
      for (Group group : Group.values()) {
        Tally tally = new Tally();
        List<Child> found = foundChildren.get(group);
        for (int f = 0; f < found.size(); f++) {
          Child child = found.get(f);
          String said = describe(child, names, random);
          if (names == Names.ONE_NAME_MISSPELT
              && group == Group.REPORTED_MISSING
              && !said.equals(child.given().get(0).spelling())) {
            respelled++;
          }
          List<FoundCandidates.Match<Integer>> matches = search(child, said, random);
          Optional<Integer> expected =
              group == Group.NEVER_REGISTERED
                  ? Optional.empty()
                  : Optional.of(truth.get(group).get(f));
          boolean listed =
              expected.isPresent()
                  && matches.stream().anyMatch(m -> m.child().equals(expected.get()));
          boolean first = listed && matches.get(0).child().equals(expected.orElseThrow());
          tally.add(listed, first, matches.size());
        }
        byGroup.put(group, tally);
      }
      tallies.put(names, byGroup);
    }
    print(tallies, respelled);

    Map<Group, Tally> all = tallies.get(Names.ALL_NAMES);
    Map<Group, Tally> one = tallies.get(Names.ONE_NAME);
    Map<Group, Tally> misspelt = tallies.get(Names.ONE_NAME_MISSPELT);
    assertThat(recall(all.get(Group.REPORTED_MISSING))).isGreaterThan(0.99);
    assertThat((double) all.get(Group.REPORTED_MISSING).first / FOUND_PER_GROUP)
        .isGreaterThan(0.93);
    assertThat(recall(all.get(Group.REGISTERED_NOT_MISSING))).isGreaterThan(0.90);
    assertThat(recall(one.get(Group.REPORTED_MISSING))).isGreaterThan(0.95);
    assertThat(recall(misspelt.get(Group.REPORTED_MISSING))).isGreaterThan(0.70);
    assertThat(recall(one.get(Group.REGISTERED_NOT_MISSING)))
        .as("one name and no alert: not offered, by design")
        .isLessThan(0.01);
    assertThat(precision(one.get(Group.REPORTED_MISSING))).isGreaterThan(0.12);
  }

  /** The names a found child gives, as the field agent writes them. */
  private static String describe(Child child, Names names, SplittableRandom random) {
    Name first = child.given().get(0);
    return switch (names) {
      case ALL_NAMES ->
          child.allNames().stream().map(Name::spelling).collect(Collectors.joining(" "));
      case ONE_NAME -> first.spelling();
      case ONE_NAME_MISSPELT -> misspelt(first, random);
    };
  }

  /** Another spelling of the name when it has one; otherwise one letter typed wrong. */
  private static String misspelt(Name name, SplittableRandom random) {
    List<String> others = name.otherSpellings(false);
    if (!others.isEmpty()) {
      return others.get(random.nextInt(others.size()));
    }
    char[] letters = name.spelling().toCharArray();
    int at = 1 + random.nextInt(Math.max(1, letters.length - 1));
    if (at < letters.length) {
      letters[at] = (char) ('a' + random.nextInt(26));
    }
    return new String(letters);
  }

  /** What a node lists for a found child whose age is estimated up to 2 years off. */
  private static List<FoundCandidates.Match<Integer>> search(
      Child child, String names, SplittableRandom random) {
    int age = Period.between(child.born(), FOUND_ON).getYears();
    int estimate = Math.max(0, age + random.nextInt(-2, 3));
    FoundChildInput input =
        FoundChildInput.ofAges(
            names,
            child.sex(),
            Math.max(0, estimate - 2),
            Math.min(FoundChildInput.MAX_AGE, estimate + 2),
            FOUND_ON,
            "");
    return FoundCandidates.<Integer>find(
        FoundChildTokens.forFound(key, input),
        token -> index.getOrDefault(token, List.of()),
        i -> Optional.of(tokens.get(i)),
        missing::contains,
        Comparator.<Integer>naturalOrder(),
        MAX_CANDIDATES);
  }

  private static double recall(Tally tally) {
    return (double) tally.matched / tally.found;
  }

  private static double precision(Tally tally) {
    return tally.listed == 0 ? 1 : (double) tally.matched / tally.listed;
  }

  private static void print(Map<Names, Map<Group, Tally>> tallies, int respelled) {
    System.out.printf(
        "%-18s %-23s %7s %7s %9s %10s %9s %7s%n",
        "names",
        "found children",
        "recall",
        "first",
        "precision",
        "cand/child",
        "with any",
        "at cap");
    tallies.forEach(
        (names, byGroup) ->
            byGroup.forEach(
                (group, t) ->
                    System.out.printf(
                        "%-18s %-23s %7.3f %7.3f %9.3f %10.2f %9.3f %7.3f%n",
                        names,
                        group,
                        group == Group.NEVER_REGISTERED ? Double.NaN : recall(t),
                        group == Group.NEVER_REGISTERED ? Double.NaN : (double) t.first / t.found,
                        group == Group.NEVER_REGISTERED ? 0.0 : precision(t),
                        (double) t.listed / t.found,
                        (double) t.withAny / t.found,
                        (double) t.atCap / t.found)));
    System.out.printf(
        "misspelt: %d of %d missing children's first names had another spelling%n",
        respelled, FOUND_PER_GROUP);
  }
}
