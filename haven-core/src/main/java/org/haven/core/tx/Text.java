package org.haven.core.tx;

import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.DecodeException;
import org.haven.core.text.BoundedText;

/** Reasons given for a change: longer than other free text, as they explain a decision. */
final class Text {
  static final int MAX_REASON_LENGTH = 500;

  private Text() {}

  static String requireReason(String reason) {
    return BoundedText.require("reason", reason, MAX_REASON_LENGTH);
  }

  static String readReason(CanonicalReader in) throws DecodeException {
    return BoundedText.read(in, "reason", MAX_REASON_LENGTH);
  }
}
