package org.haven.core.registry.identity;

import java.util.regex.Pattern;
import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * The phonetic code of one normalised name part: Double Metaphone (L. Philips, "The Double
 * Metaphone Search Algorithm", C/C++ Users Journal, June 2000) after a few rewrites for the
 * spelling habits of East African and Arabic names that it does not know. {@code
 * docs/duplicates.md} gives the measurements behind the choice of encoder and code length.
 */
final class PhoneticKey {
  /**
   * Longer than the usual 4, which merges the many names that begin with Abd (Abdirahman and
   * Abdirashid are both APTR). Over the test's names, 6 loses only one spelling pair that 4 joins
   * (Jepkosgei, Jepkoskei), besides the forms of Abdullah that the rewrites below join anyway.
   */
  private static final int CODE_LENGTH = 6;

  /**
   * Conditionally thread-safe: only its code length is mutable, and it is set here, before the
   * instance is published by class initialisation.
   */
  private static final DoubleMetaphone DOUBLE_METAPHONE = new DoubleMetaphone();

  static {
    DOUBLE_METAPHONE.setMaxCodeLen(CODE_LENGTH);
  }

  private static final Pattern DOUBLED_LETTER = Pattern.compile("([a-z])\\1+");

  private static final Pattern INITIAL_KH = Pattern.compile("^kh");

  /** Abd Allah in its many spellings: Abdullahi, Abdallah, Abdulla, Abdillahi. */
  private static final Pattern ABD_ALLAH = Pattern.compile("abd[aeiou]?la(h[iy]?)?");

  /**
   * The link between Abd and the rest of the name, written -ul-, -el-, -i-, -u- or not at all
   * (Abdulrahman, Abdelrahman, Abdirahman, Abdurahman): dropped when at least three letters follow.
   */
  private static final Pattern ABD_LINK = Pattern.compile("^abd[aeiou]?l?(?=[a-z]{3})");

  private PhoneticKey() {}

  /**
   * The code of {@code part}, a part returned by {@link NameNormaliser#parts}. A part with no Latin
   * letters is its own code, so that names in other scripts still compare exactly.
   */
  static String of(String part) {
    // Doubled letters change nothing to the ear. Swahili writes an Arabic name's first kh as h
    // (Khadija, Hadija; Khamis, Hamisi), but keeps a later one as k (Mukhtar, Muktar). Th is said
    // and often written t (Esther, Ester). French transliteration writes j as dj (Djuma, Juma).
    String rewritten =
        INITIAL_KH
            .matcher(DOUBLED_LETTER.matcher(part).replaceAll("$1"))
            .replaceFirst("h")
            .replace("th", "t")
            .replace("dj", "j");
    rewritten =
        ABD_ALLAH.matcher(rewritten).matches()
            ? "abdalah"
            : ABD_LINK.matcher(rewritten).replaceFirst("abd");
    String code = DOUBLE_METAPHONE.doubleMetaphone(rewritten);
    return code == null || code.isEmpty() ? part : code;
  }
}
