package org.haven.core.registry.identity;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reduces a name as someone typed it to the parts that identify it, so that the same name written
 * differently gives the same parts: lower case, no accents, Cyrillic and Arabic letters
 * transliterated to Latin, no punctuation, Arabic particles handled, and the parts sorted so that
 * their order does not matter.
 *
 * <p>Transliteration covers Russian and Ukrainian Cyrillic (ICAO Doc 9303 Part 3, the passport
 * standard) and the Arabic letters (a plain English romanisation, without the short vowels that
 * Arabic script does not write). Other scripts, Ethiopic or Greek for example, pass through
 * unchanged and so match only the same spelling in the same script. {@code docs/duplicates.md}
 * discusses the limits.
 */
public final class NameNormaliser {
  private static final Map<Character, String> CYRILLIC =
      Map.ofEntries(
          Map.entry('а', "a"),
          Map.entry('б', "b"),
          Map.entry('в', "v"),
          Map.entry('г', "g"),
          Map.entry('ґ', "g"),
          Map.entry('д', "d"),
          Map.entry('е', "e"),
          Map.entry('ё', "e"),
          Map.entry('є', "ie"),
          Map.entry('ж', "zh"),
          Map.entry('з', "z"),
          Map.entry('и', "i"),
          Map.entry('і', "i"),
          Map.entry('ї', "i"),
          Map.entry('й', "i"),
          Map.entry('к', "k"),
          Map.entry('л', "l"),
          Map.entry('м', "m"),
          Map.entry('н', "n"),
          Map.entry('о', "o"),
          Map.entry('п', "p"),
          Map.entry('р', "r"),
          Map.entry('с', "s"),
          Map.entry('т', "t"),
          Map.entry('у', "u"),
          Map.entry('ф', "f"),
          Map.entry('х', "kh"),
          Map.entry('ц', "ts"),
          Map.entry('ч', "ch"),
          Map.entry('ш', "sh"),
          Map.entry('щ', "shch"),
          Map.entry('ъ', "ie"),
          Map.entry('ы', "y"),
          Map.entry('ь', ""),
          Map.entry('э', "e"),
          Map.entry('ю', "iu"),
          Map.entry('я', "ia"));

  /**
   * Arabic letters, with the Persian and Urdu additions. Hamza and ʿayn are dropped as Latin
   * spellings usually drop them (Aisha, Ali); tāʾ marbūṭa is "a" as in Fatma.
   */
  private static final Map<Character, String> ARABIC =
      Map.ofEntries(
          Map.entry('ء', ""),
          Map.entry('آ', "a"),
          Map.entry('أ', "a"),
          Map.entry('ؤ', "u"),
          Map.entry('إ', "i"),
          Map.entry('ئ', "i"),
          Map.entry('ا', "a"),
          Map.entry('ب', "b"),
          Map.entry('ة', "a"),
          Map.entry('ت', "t"),
          Map.entry('ث', "th"),
          Map.entry('ج', "j"),
          Map.entry('ح', "h"),
          Map.entry('خ', "kh"),
          Map.entry('د', "d"),
          Map.entry('ذ', "dh"),
          Map.entry('ر', "r"),
          Map.entry('ز', "z"),
          Map.entry('س', "s"),
          Map.entry('ش', "sh"),
          Map.entry('ص', "s"),
          Map.entry('ض', "d"),
          Map.entry('ط', "t"),
          Map.entry('ظ', "z"),
          Map.entry('ع', ""),
          Map.entry('غ', "gh"),
          Map.entry('ـ', ""),
          Map.entry('ف', "f"),
          Map.entry('ق', "q"),
          Map.entry('ك', "k"),
          Map.entry('ل', "l"),
          Map.entry('م', "m"),
          Map.entry('ن', "n"),
          Map.entry('ه', "h"),
          Map.entry('و', "w"),
          Map.entry('ى', "a"),
          Map.entry('ي', "y"),
          Map.entry('ٱ', "a"),
          Map.entry('پ', "p"),
          Map.entry('چ', "ch"),
          Map.entry('ژ', "zh"),
          Map.entry('ک', "k"),
          Map.entry('گ', "g"),
          Map.entry('ی', "y"));

  /** Latin letters that have no decomposition, so stripping accents leaves them as they are. */
  private static final Map<Character, String> LATIN_LIGATURES_AND_STROKES =
      Map.ofEntries(
          Map.entry('ß', "ss"),
          Map.entry('æ', "ae"),
          Map.entry('œ', "oe"),
          Map.entry('ø', "o"),
          Map.entry('đ', "d"),
          Map.entry('ð', "d"),
          Map.entry('þ', "th"),
          Map.entry('ł', "l"),
          Map.entry('ı', "i"),
          Map.entry('ŋ', "ng"),
          Map.entry('ħ', "h"));

  /**
   * Apostrophes and the half rings that mark ʿayn and hamza: dropped, not treated as a space, so
   * that Ochieng' is Ochieng and Ma'ruf is Maruf. Several are letters to Java (modifier letters),
   * so they must be named.
   */
  private static final String APOSTROPHES = "'’‘ʼʻʽʿʾ`´′";

  /** "son of" and "daughter of": present in one registration and absent in the next. */
  private static final Set<String> DROPPED_PARTICLES = Set.of("bin", "binti", "bint", "ibn");

  /**
   * Arabic particles that belong to the next part: Abdul Rahman is written Abdulrahman as often as
   * not, Abu Bakar as Abubakar, Al Amin as Alamin.
   */
  private static final Set<String> JOINED_PARTICLES =
      Set.of("abd", "abdal", "abdel", "abdul", "abu", "al", "el");

  private NameNormaliser() {}

  /**
   * The normalised parts of {@code name}, sorted. A name with no letters has no parts.
   *
   * @param name one or more names as typed, for example "Abdul-Rahman HASSAN"
   */
  public static List<String> parts(String name) {
    StringBuilder latin = new StringBuilder(name.length());
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      String transliterated = CYRILLIC.getOrDefault(c, ARABIC.get(c));
      if (transliterated != null) {
        latin.append(transliterated);
      } else if (APOSTROPHES.indexOf(c) < 0) {
        latin.append(c);
      }
    }
    String unaccented = Normalizer.normalize(latin, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    StringBuilder letters = new StringBuilder(unaccented.length());
    for (int i = 0; i < unaccented.length(); i++) {
      char c = unaccented.charAt(i);
      String replacement = LATIN_LIGATURES_AND_STROKES.get(c);
      if (replacement != null) {
        letters.append(replacement);
      } else {
        letters.append(Character.isLetter(c) ? c : ' ');
      }
    }
    List<String> parts = new ArrayList<>();
    String pending = "";
    for (String word : letters.toString().trim().split(" +")) {
      if (word.isEmpty() || DROPPED_PARTICLES.contains(word)) {
        continue;
      }
      if (JOINED_PARTICLES.contains(word)) {
        pending += word;
        continue;
      }
      parts.add(pending + word);
      pending = "";
    }
    if (!pending.isEmpty()) {
      parts.add(pending);
    }
    parts.sort(null);
    return List.copyOf(parts);
  }
}
