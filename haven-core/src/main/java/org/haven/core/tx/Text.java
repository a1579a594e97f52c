package org.haven.core.tx;

import java.util.regex.Pattern;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.DecodeException;

/** Free-text fields on the ledger, such as reasons: bounded and free of control characters. */
final class Text {
  static final int MAX_REASON_LENGTH = 500;
  private static final Pattern REASON =
      Pattern.compile("[^\\p{Cntrl}]{1," + MAX_REASON_LENGTH + "}");

  private Text() {}

  static String requireReason(String reason) {
    if (reason == null || !REASON.matcher(reason).matches()) {
      throw new IllegalArgumentException(
          "reason must be 1 to " + MAX_REASON_LENGTH + " characters with no control characters");
    }
    return reason;
  }

  static String readReason(CanonicalReader in) throws DecodeException {
    int at = in.position();
    String reason = in.string("reason");
    try {
      return requireReason(reason);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }
}
