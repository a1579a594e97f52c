package org.haven.core.registry;

import java.util.Objects;
import org.haven.core.identity.OfficerId;
import org.haven.core.text.BoundedText;

/** One read of a child's personal data: who, when, and the purpose they stated. */
public record AccessEntry(OfficerId reader, String purpose, long atMillis) {
  public AccessEntry {
    Objects.requireNonNull(reader, "reader");
    BoundedText.require("purpose", purpose);
    if (atMillis < 0) {
      throw new IllegalArgumentException("atMillis must not be negative");
    }
  }
}
