package org.haven.core.registry;

import org.haven.core.codec.WireCode;

/**
 * Pseudonymous events on a child's timeline. Each has its wire code; the codes are the positions
 * the values had when events were first written by position, so stored events keep their meaning.
 */
public enum EventType implements WireCode {
  SIGHTING(0),
  CLINIC_CHECK_IN(1),
  SCHOOL_CHECK_IN(2),
  CROSSING_EXIT(3),
  CROSSING_ENTRY(4),
  /** The child was found alone and declared (DECLARE_FOUND_CHILD). */
  FOUND(5),
  /** A registrar confirmed that a found child is this child: on both records' timelines. */
  FOUND_IDENTIFIED(6),
  /** A registrar registered a found child as a new child, with evidence FOUND_CHILD. */
  FOUND_REGISTERED(7);

  private final int code;

  EventType(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
