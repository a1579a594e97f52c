package org.haven.core.registry;

import java.util.Objects;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;

/** One pseudonymous event in a child's life: where, when and who recorded it. */
public record TimelineEvent(
    EventType type, Jurisdiction place, long atMillis, OfficerId recordedBy) {
  public TimelineEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(recordedBy, "recordedBy");
    if (atMillis < 0) {
      throw new IllegalArgumentException("atMillis must not be negative");
    }
  }
}
