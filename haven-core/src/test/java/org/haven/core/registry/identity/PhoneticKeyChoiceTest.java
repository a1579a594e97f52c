package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.codec.language.Soundex;
import org.apache.commons.codec.language.bm.NameType;
import org.apache.commons.codec.language.bm.PhoneticEngine;
import org.apache.commons.codec.language.bm.RuleType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The measurement behind {@link PhoneticKey}: how often each candidate encoder joins two spellings
 * of one name (recall) and how often it joins two different names (false matches), over every name
 * and spelling in {@link SyntheticNames}. Two names match when their sets of codes share one, which
 * favours Beider-Morse, the only encoder here that gives several codes per name.
 */
class PhoneticKeyChoiceTest {
  /** Each name's ordinary spellings, the usual one first; Somali orthography left out. */
  private static final List<List<String>> NAMES = new ArrayList<>();

  private static final Map<String, Function<String, Set<String>>> ENCODERS = new LinkedHashMap<>();

  @BeforeAll
  static void collectNamesAndEncoders() throws IllegalAccessException {
    Set<List<String>> names = new LinkedHashSet<>();
    for (Field field : SyntheticNames.class.getDeclaredFields()) {
      if (field.getType() == SyntheticNames.NameList.class) {
        for (List<String> entry : ((SyntheticNames.NameList) field.get(null)).entries()) {
          names.add(entry.stream().filter(spelling -> !spelling.startsWith("~")).toList());
        }
      }
    }
    NAMES.addAll(names);
    ENCODERS.put("Soundex", perPart(new Soundex()::soundex));
    for (int length : new int[] {4, 6, 8}) {
      DoubleMetaphone doubleMetaphone = new DoubleMetaphone();
      doubleMetaphone.setMaxCodeLen(length);
      ENCODERS.put("Double Metaphone " + length, perPart(doubleMetaphone::doubleMetaphone));
    }
    ENCODERS.put("PhoneticKey", perPart(PhoneticKey::of));
    PhoneticEngine beiderMorse = new PhoneticEngine(NameType.GENERIC, RuleType.APPROX, true);
    ENCODERS.put(
        "Beider-Morse",
        name ->
            Set.of(beiderMorse.encode(String.join(" ", NameNormaliser.parts(name))).split("\\|")));
  }

  @Test
  void phoneticKeyJoinsTheMostSpellingsWithoutJoiningMoreNames() {
    System.out.printf(
        "%d names, %d pairs of spellings of one name%n",
        NAMES.size(), NAMES.stream().mapToInt(n -> n.size() * (n.size() - 1) / 2).sum());
    Map<String, double[]> results = new LinkedHashMap<>();
    ENCODERS.forEach((name, encoder) -> results.put(name, measure(encoder)));
    results.forEach(
        (name, result) ->
            System.out.printf(
                "%-18s spellings joined %.3f, different names joined %.4f%n",
                name, result[0], result[1]));

    double[] chosen = results.get("PhoneticKey");
    results.values().forEach(other -> assertThat(chosen[0]).isGreaterThanOrEqualTo(other[0]));
    assertThat(chosen[1]).isLessThanOrEqualTo(results.get("Double Metaphone 4")[1]);
    assertThat(chosen[1]).isLessThan(results.get("Soundex")[1]);
  }

  /** Recall over pairs of spellings of one name, false matches over pairs of usual spellings. */
  private static double[] measure(Function<String, Set<String>> encoder) {
    Map<String, Set<String>> codes = new LinkedHashMap<>();
    for (List<String> spellings : NAMES) {
      spellings.forEach(spelling -> codes.computeIfAbsent(spelling, encoder));
    }
    int joined = 0;
    int spellingPairs = 0;
    for (List<String> spellings : NAMES) {
      for (int a = 0; a < spellings.size(); a++) {
        for (int b = a + 1; b < spellings.size(); b++) {
          spellingPairs++;
          joined += share(codes.get(spellings.get(a)), codes.get(spellings.get(b))) ? 1 : 0;
        }
      }
    }
    int falseMatches = 0;
    int namePairs = 0;
    for (int a = 0; a < NAMES.size(); a++) {
      for (int b = a + 1; b < NAMES.size(); b++) {
        if (!disjoint(NAMES.get(a), NAMES.get(b))) {
          continue;
        }
        namePairs++;
        falseMatches +=
            share(codes.get(NAMES.get(a).get(0)), codes.get(NAMES.get(b).get(0))) ? 1 : 0;
      }
    }
    return new double[] {(double) joined / spellingPairs, (double) falseMatches / namePairs};
  }

  /** An encoder of single words applied to each normalised part; the parts' codes joined. */
  private static Function<String, Set<String>> perPart(Function<String, String> encoder) {
    return name ->
        Set.of(
            String.join(" ", NameNormaliser.parts(name).stream().map(encoder).sorted().toList()));
  }

  private static boolean share(Set<String> a, Set<String> b) {
    return a.stream().anyMatch(b::contains);
  }

  private static boolean disjoint(List<String> a, List<String> b) {
    Set<String> first = new HashSet<>(a);
    return b.stream().noneMatch(first::contains);
  }
}
