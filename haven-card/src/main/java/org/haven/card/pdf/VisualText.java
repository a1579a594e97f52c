package org.haven.card.pdf;

import java.text.Bidi;
import java.util.Map;

/**
 * Text as a PDF must draw it: PDFBox places glyphs one after another, left to right, one glyph a
 * character, and does neither Arabic shaping nor bidirectional reordering. This does both for the
 * Arabic alphabet: each letter becomes its isolated, initial, medial or final form (Unicode's
 * Arabic Presentation Forms-B, which DejaVu Sans has), lam followed by alef becomes their ligature,
 * and the runs written right to left are reversed (brackets mirrored) and put in visual order
 * (Unicode's bidirectional algorithm, {@link Bidi}).
 *
 * <p>The limit, said in docs/card-format.md: letters outside the basic Arabic alphabet (Persian,
 * Urdu and other extensions) and Arabic-Indic digits are drawn unshaped, in their isolated form; a
 * text extractor reads the shaped forms back as the letters they are (Unicode NFKC).
 */
public final class VisualText {
  private static final char LAM = '\u0644';
  private static final char TATWEEL = '\u0640';

  /**
   * Each letter's first presentation form: isolated, then final, then (for the letters that join on
   * both sides) initial and medial.
   */
  private static final Map<Character, Character> FORMS =
      Map.ofEntries(
          Map.entry('\u0621', '\uFE80'),
          Map.entry('\u0622', '\uFE81'),
          Map.entry('\u0623', '\uFE83'),
          Map.entry('\u0624', '\uFE85'),
          Map.entry('\u0625', '\uFE87'),
          Map.entry('\u0626', '\uFE89'),
          Map.entry('\u0627', '\uFE8D'),
          Map.entry('\u0628', '\uFE8F'),
          Map.entry('\u0629', '\uFE93'),
          Map.entry('\u062A', '\uFE95'),
          Map.entry('\u062B', '\uFE99'),
          Map.entry('\u062C', '\uFE9D'),
          Map.entry('\u062D', '\uFEA1'),
          Map.entry('\u062E', '\uFEA5'),
          Map.entry('\u062F', '\uFEA9'),
          Map.entry('\u0630', '\uFEAB'),
          Map.entry('\u0631', '\uFEAD'),
          Map.entry('\u0632', '\uFEAF'),
          Map.entry('\u0633', '\uFEB1'),
          Map.entry('\u0634', '\uFEB5'),
          Map.entry('\u0635', '\uFEB9'),
          Map.entry('\u0636', '\uFEBD'),
          Map.entry('\u0637', '\uFEC1'),
          Map.entry('\u0638', '\uFEC5'),
          Map.entry('\u0639', '\uFEC9'),
          Map.entry('\u063A', '\uFECD'),
          Map.entry('\u0641', '\uFED1'),
          Map.entry('\u0642', '\uFED5'),
          Map.entry('\u0643', '\uFED9'),
          Map.entry('\u0644', '\uFEDD'),
          Map.entry('\u0645', '\uFEE1'),
          Map.entry('\u0646', '\uFEE5'),
          Map.entry('\u0647', '\uFEE9'),
          Map.entry('\u0648', '\uFEED'),
          Map.entry('\u0649', '\uFEEF'),
          Map.entry('\u064A', '\uFEF1'));

  /** The letters that join only to the letter before them (two forms: isolated and final). */
  private static final String RIGHT_JOINING =
      "\u0622\u0623\u0624\u0625\u0627\u0629\u062F\u0630" + "\u0631\u0632\u0648\u0649";

  /** Lam followed by each alef: the isolated ligature (the final form is the next code point). */
  private static final Map<Character, Character> LAM_ALEF =
      Map.of('\u0622', '\uFEF5', '\u0623', '\uFEF7', '\u0625', '\uFEF9', '\u0627', '\uFEFB');

  private VisualText() {}

  /** {@code text} shaped and in the order its glyphs are drawn, left to right. */
  public static String of(String text) {
    String shaped = shape(text);
    Bidi bidi = new Bidi(shaped, Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT);
    if (bidi.isLeftToRight()) {
      return shaped;
    }
    int count = bidi.getRunCount();
    byte[] levels = new byte[count];
    Object[] runs = new Object[count];
    for (int i = 0; i < count; i++) {
      levels[i] = (byte) bidi.getRunLevel(i);
      String run = shaped.substring(bidi.getRunStart(i), bidi.getRunLimit(i));
      runs[i] = levels[i] % 2 == 1 ? mirrored(run) : run;
    }
    Bidi.reorderVisually(levels, 0, runs, 0, count);
    StringBuilder visual = new StringBuilder(shaped.length());
    for (Object run : runs) {
      visual.append(run);
    }
    return visual.toString();
  }

  private static String shape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      Character first = FORMS.get(c);
      if (first == null) {
        out.append(c);
        continue;
      }
      boolean joinsBefore = joinsToNext(before(text, i)) && joinsToPrevious(c);
      int next = after(text, i);
      if (c == LAM
          && next == i + 1
          && next < text.length()
          && LAM_ALEF.containsKey(text.charAt(next))) {
        out.append((char) (LAM_ALEF.get(text.charAt(next)) + (joinsBefore ? 1 : 0)));
        i = next;
        continue;
      }
      boolean joinsAfter =
          joinsToNext(c) && next < text.length() && joinsToPrevious(text.charAt(next));
      out.append(form(first, joinsBefore, joinsAfter));
    }
    return out.toString();
  }

  private static char form(char isolated, boolean joinsBefore, boolean joinsAfter) {
    if (joinsBefore && joinsAfter) {
      return (char) (isolated + 3);
    }
    if (joinsAfter) {
      return (char) (isolated + 2);
    }
    return (char) (isolated + (joinsBefore ? 1 : 0));
  }

  /** Whether c joins the letter after it: the letters that join on both sides, and tatweel. */
  private static boolean joinsToNext(char c) {
    return c == TATWEEL || FORMS.containsKey(c) && c != '\u0621' && RIGHT_JOINING.indexOf(c) < 0;
  }

  /** Whether c joins the letter before it: every letter but hamza, and tatweel. */
  private static boolean joinsToPrevious(char c) {
    return c == TATWEEL || FORMS.containsKey(c) && c != '\u0621';
  }

  /** The letter before index i, skipping Arabic vowel marks; a space if there is none. */
  private static char before(String text, int i) {
    for (int j = i - 1; j >= 0; j--) {
      if (!isMark(text.charAt(j))) {
        return text.charAt(j);
      }
    }
    return ' ';
  }

  /** The index of the letter after index i, skipping Arabic vowel marks. */
  private static int after(String text, int i) {
    int j = i + 1;
    while (j < text.length() && isMark(text.charAt(j))) {
      j++;
    }
    return j;
  }

  private static boolean isMark(char c) {
    return c >= '\u064B' && c <= '\u065F' || c == '\u0670';
  }

  private static String mirrored(String run) {
    StringBuilder reversed = new StringBuilder(run.length());
    for (int i = run.length() - 1; i >= 0; i--) {
      char c = run.charAt(i);
      reversed.append(
          switch (c) {
            case '(' -> ')';
            case ')' -> '(';
            case '[' -> ']';
            case ']' -> '[';
            case '<' -> '>';
            case '>' -> '<';
            default -> c;
          });
    }
    return reversed.toString();
  }
}
