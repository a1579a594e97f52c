package org.haven.core.registry;

/** Pseudonymous events on a child's timeline. */
public enum EventType {
  SIGHTING,
  CLINIC_CHECK_IN,
  SCHOOL_CHECK_IN,
  CROSSING_EXIT,
  CROSSING_ENTRY
}
