package org.haven.core.registry.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.crypto.Mac;

/**
 * Linkage tokens over partial data, for matching a child found alone against registrations and open
 * alerts without sharing a name ({@code docs/duplicates.md}, "Found children"). Both sides compute
 * the same tokens under the consortium's {@link LinkageKey}:
 *
 * <ul>
 *   <li>a registration: one {@link TokenType#NAME_PART_AGE} per distinct phonetic name part (at
 *       most {@value #MAX_REGISTRATION_NAME_PARTS}) at its birth year, and one {@link
 *       TokenType#REGION_AGE} when its place of birth is known;
 *   <li>a found child: the same for every birth year its estimated age allows, with at most {@value
 *       #MAX_FOUND_NAME_PARTS} name parts.
 * </ul>
 *
 * Fields: {@code NAME_PART_AGE} is {@code string(code) || u8 sex || u32 year}, {@code REGION_AGE}
 * the same with the region's code. There is no token of age band alone: sex and birth year are
 * shared by a twentieth of a country's children, which no index should list under one key.
 */
public final class FoundChildTokens {
  /** The most name parts of a registration that get a token. */
  public static final int MAX_REGISTRATION_NAME_PARTS = 6;

  /** The most name parts of a found child that get tokens: each costs one token per year. */
  public static final int MAX_FOUND_NAME_PARTS = 4;

  /** The most tokens of a found child. */
  public static final int MAX_FOUND_TOKENS =
      (MAX_FOUND_NAME_PARTS + 1) * FoundChildInput.MAX_BIRTH_YEARS;

  private FoundChildTokens() {}

  /** The partial-data tokens of a registration, to add to its {@link LinkageTokens}. */
  public static List<LinkageToken> forRegistration(
      LinkageKey key, LinkageInput input, String placeOfBirth) {
    int year = input.dateOfBirth().getYear();
    return compute(
        key,
        distinctCodes(input.childNameParts(), MAX_REGISTRATION_NAME_PARTS),
        input.sex(),
        List.of(year),
        region(placeOfBirth));
  }

  /** The tokens of a found child. */
  public static List<LinkageToken> forFound(LinkageKey key, FoundChildInput input) {
    return compute(
        key,
        distinctCodes(input.nameParts(), MAX_FOUND_NAME_PARTS),
        input.sex(),
        IntStream.rangeClosed(input.firstBirthYear(), input.lastBirthYear()).boxed().toList(),
        region(input.place()));
  }

  private static List<LinkageToken> compute(
      LinkageKey key, List<String> names, Sex sex, List<Integer> years, Optional<String> region) {
    Mac mac = key.newMac();
    List<LinkageToken> tokens = new ArrayList<>();
    for (String name : names) {
      for (int year : years) {
        tokens.add(
            LinkageTokens.token(
                mac, TokenType.NAME_PART_AGE, out -> out.string(name).u8(sex.code()).u32(year)));
      }
    }
    region.ifPresent(
        code -> {
          for (int year : years) {
            tokens.add(
                LinkageTokens.token(
                    mac, TokenType.REGION_AGE, out -> out.string(code).u8(sex.code()).u32(year)));
          }
        });
    return List.copyOf(tokens);
  }

  private static List<String> distinctCodes(List<String> parts, int limit) {
    return LinkageTokens.codes(parts).stream().distinct().limit(limit).toList();
  }

  /**
   * The region of a place: the phonetic code of its first word, so "Kakuma", "Kakuma camp" and
   * "KAKUMA, Turkana" agree. Empty when the place has no letters.
   */
  static Optional<String> region(String place) {
    for (String word : place.split("[\\s,;/]+")) {
      List<String> parts = NameNormaliser.parts(word);
      if (!parts.isEmpty()) {
        return Optional.of(PhoneticKey.of(parts.get(0)));
      }
    }
    return Optional.empty();
  }
}
