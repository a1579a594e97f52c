package org.haven.core.registry.identity;

import java.util.regex.Pattern;

/**
 * Folds a name part written in Somali orthography to the English spelling of the same name: x is
 * the pharyngeal ħ that English writes h (Xasan, Maxamed, Axmed, Salax), c is the ʿayn that English
 * drops (Cabdi, Cali, Cumar, Sacdiya, Ismaaciil); doubled vowels are long vowels, which {@link
 * PhoneticKey} already makes single. The same letters mean other sounds in English and Kikuyu names
 * (Alex, Caroline, Wacera), so a registration keeps the tokens of its names as written and adds the
 * folded ones only when folding changes a code ({@link LinkageTokens}): registrations already on
 * the ledger keep matching as before.
 */
final class SomaliOrthography {
  /** X, except at the end after e or i, where it is English ks (Alex, Felix). */
  private static final Pattern PHARYNGEAL = Pattern.compile("x(?!$)|(?<![ei])x$");

  /**
   * C at the start before a vowel other than e (Cabdi, Cumar, Cismaan; not Celestine), or after a
   * vowel before a consonant or i (Sacdiya, Ismaaciil; not Grace, Lucy, Rebecca or Michael).
   */
  private static final Pattern AYN =
      Pattern.compile("^c(?=[aiou])|(?<=[aeiou])c(?=[bdfgjklmnpqrstvwxz]|i)");

  private SomaliOrthography() {}

  /** {@code part}, a part returned by {@link NameNormaliser#parts}, in English spelling. */
  static String fold(String part) {
    return AYN.matcher(PHARYNGEAL.matcher(part).replaceAll("h")).replaceAll("");
  }
}
