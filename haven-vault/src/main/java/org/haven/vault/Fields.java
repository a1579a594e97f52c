package org.haven.vault;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Checks and normalises the fields of personal data. Every message names the field and never quotes
 * its value, because the value is personal data and messages end up in logs.
 */
final class Fields {
  private static final Pattern WHITESPACE_RUN = Pattern.compile("\\p{IsWhite_Space}+");
  private static final Pattern LINE_BREAK = Pattern.compile("\r\n?");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final Pattern CONTROL_EXCEPT_NEWLINE_TAB =
      Pattern.compile("[\\p{Cntrl}&&[^\n\t]]");

  /**
   * Unicode's bidirectional embeddings, overrides and isolates: with them a name reads on screen
   * and on the printed card in another order than it is stored and matched (docs/threat-model.md).
   * Joiners (U+200C, U+200D), which some scripts need, are allowed.
   */
  private static final Pattern BIDI_CONTROL =
      Pattern.compile("[\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]");

  private Fields() {}

  static <T> T required(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": is required");
    }
    return value;
  }

  /** A one-line text that must not be blank, normalised as {@link #optionalLine}. */
  static String requiredLine(String field, String value, int maxLength) {
    String line = optionalLine(field, value, maxLength);
    if (line.isEmpty()) {
      throw new IllegalArgumentException(field + ": must not be blank");
    }
    return line;
  }

  /**
   * A one-line text, empty when unknown. It is put in Unicode NFC with runs of whitespace made one
   * space and the ends trimmed, so that the same name typed on two devices encodes, and therefore
   * commits, to the same bytes.
   */
  static String optionalLine(String field, String value, int maxLength) {
    String line = WHITESPACE_RUN.matcher(normalised(field, value)).replaceAll(" ").strip();
    return checked(field, line, maxLength, CONTROL);
  }

  /** A multi-line text, empty when there is none, in NFC with line breaks as {@code \n}. */
  static String optionalText(String field, String value, int maxLength) {
    String text = LINE_BREAK.matcher(normalised(field, value)).replaceAll("\n").strip();
    return checked(field, text, maxLength, CONTROL_EXCEPT_NEWLINE_TAB);
  }

  private static String normalised(String field, String value) {
    required(field, value);
    // A lone surrogate would silently become '?' in UTF-8 and change what was committed to.
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
      throw new IllegalArgumentException(field + ": must be valid Unicode text");
    }
    return Normalizer.normalize(value, Normalizer.Form.NFC);
  }

  private static String checked(String field, String text, int maxLength, Pattern forbidden) {
    if (text.length() > maxLength) {
      throw new IllegalArgumentException(field + ": at most " + maxLength + " characters");
    }
    if (forbidden.matcher(text).find()) {
      throw new IllegalArgumentException(field + ": must not contain control characters");
    }
    if (BIDI_CONTROL.matcher(text).find()) {
      throw new IllegalArgumentException(
          field
              + ": must not contain bidirectional control characters (U+202A to U+202E, U+2066 to"
              + " U+2069), which make text read in another order than it is stored; type it as it"
              + " is written");
    }
    return text;
  }
}
