package org.haven.core.checkpoint;

import org.haven.core.bytes.Bytes;

/**
 * The lexical rules of c2sp.org/signed-note that note texts, signature lines and checkpoints share.
 */
final class NoteSyntax {
  private NoteSyntax() {}

  /**
   * Whether a signed note may not contain {@code codePoint}: the spec forbids ASCII control
   * characters other than newline and requires valid UTF-8, which a lone surrogate cannot become.
   */
  static boolean isForbidden(int codePoint) {
    return (codePoint < 0x20 && codePoint != '\n')
        || Character.getType(codePoint) == Character.SURROGATE;
  }

  /**
   * Checks a note text: it ends with a newline and contains no forbidden character.
   *
   * @return {@code text}
   * @throws NoteFormatException naming the line of the first forbidden character
   */
  static String requireValidText(String text) {
    if (!text.endsWith("\n")) {
      throw new NoteFormatException("the note text must end with a newline");
    }
    int line = 1;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      if (codePoint == '\n') {
        line++;
      } else if (isForbidden(codePoint)) {
        throw new NoteFormatException(
            line, String.format("U+%04X is not allowed in a signed note", codePoint));
      }
      i += Character.charCount(codePoint);
    }
    return text;
  }

  /**
   * Checks a key name: non-empty, without Unicode spaces or plus signs (which separate the fields
   * of a signature line and of a verifier key) and without forbidden characters.
   *
   * @return {@code name}
   */
  static String requireValidKeyName(String name) {
    if (name.isEmpty()) {
      throw new NoteFormatException("the key name is empty");
    }
    if (name.codePoints()
        .anyMatch(
            c ->
                c == '+'
                    || Character.isWhitespace(c)
                    || Character.isSpaceChar(c)
                    || isForbidden(c))) {
      throw new NoteFormatException(
          "the key name contains a space, a plus sign or a control character");
    }
    return name;
  }

  /**
   * Decodes standard base64 (RFC 4648 section 4) and refuses every spelling but the one the encoder
   * produces (no padding, nonzero spare bits), so each value has exactly one text form and
   * formatting a parsed note gives back the same text.
   *
   * @param what names the field in error messages
   */
  static Bytes decodeBase64(String what, String base64) {
    Bytes decoded;
    try {
      decoded = Bytes.fromBase64(base64);
    } catch (IllegalArgumentException e) {
      throw new NoteFormatException(what + " is not valid base64");
    }
    if (!decoded.toBase64().equals(base64)) {
      throw new NoteFormatException(what + " is not canonical base64");
    }
    return decoded;
  }
}
