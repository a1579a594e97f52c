package org.haven.core.registry.identity;

import java.util.List;
import java.util.Set;

/**
 * The phonetic codes a name can be searched by: those of duplicate detection ({@link
 * NameNormaliser}, {@link PhoneticKey}, {@link SomaliOrthography}), one set per name part, so that
 * a search tolerates the spelling variants that duplicate detection joins. docs/vault.md ("Search")
 * says how the vault indexes them.
 */
public final class NameCodes {
  /**
   * Parts shorter than this (initials) are left out: one letter says too little to search on and
   * would match a large share of the children born on a day.
   */
  public static final int MIN_PART_LETTERS = 2;

  private NameCodes() {}

  /**
   * For each normalised part of {@code names} of at least {@value #MIN_PART_LETTERS} letters, the
   * codes it may be found under: its code as written and, when Somali orthography folds it to
   * another, the folded code too. Empty when no part is long enough.
   */
  public static List<Set<String>> searchable(String names) {
    return NameNormaliser.parts(names).stream()
        .filter(part -> part.codePointCount(0, part.length()) >= MIN_PART_LETTERS)
        .map(
            part ->
                Set.copyOf(
                    List.of(PhoneticKey.of(part), PhoneticKey.of(SomaliOrthography.fold(part)))))
        .distinct()
        .toList();
  }
}
