package org.haven.core.registry;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.text.BoundedText;
import org.haven.core.tx.RecordCrossing;

/**
 * One pseudonymous event in a child's life: where, when and who recorded it.
 *
 * @param check for a border check ({@link RecordCrossing}), the checkpoint and the outcome, so a
 *     reader never takes a check that stopped the child for a crossing; empty for a crossing an
 *     officer recorded by hand ({@code RECORD_EVENT}) and for checks a node applied before the
 *     timeline kept them
 */
public record TimelineEvent(
    EventType type,
    Jurisdiction place,
    long atMillis,
    OfficerId recordedBy,
    Optional<BorderCheck> check) {
  public TimelineEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(recordedBy, "recordedBy");
    Objects.requireNonNull(check, "check");
    if (atMillis < 0) {
      throw new IllegalArgumentException("atMillis must not be negative");
    }
    if (check.isPresent() && type != EventType.CROSSING_EXIT && type != EventType.CROSSING_ENTRY) {
      throw new IllegalArgumentException("check: only a crossing event is a border check");
    }
  }

  /** An event that is not a border check. */
  public TimelineEvent(EventType type, Jurisdiction place, long atMillis, OfficerId recordedBy) {
    this(type, place, atMillis, recordedBy, Optional.empty());
  }

  /**
   * Where a border check was made and what it decided. The direction is the event's type.
   *
   * @param checkpoint the checkpoint's id, for example {@code KE-NAMANGA}
   */
  public record BorderCheck(String checkpoint, RecordCrossing.Outcome outcome) {
    public BorderCheck {
      BoundedText.require("checkpoint", checkpoint, RecordCrossing.MAX_CHECKPOINT_LENGTH);
      Objects.requireNonNull(outcome, "outcome");
    }
  }
}
