package org.haven.card.border;

/**
 * What the officer does, from the mildest to the most urgent: a decision takes the most urgent
 * outcome any of its reasons calls for. Stable names: crossing records carry them.
 */
public enum Outcome {
  /** Nothing stands against the crossing. */
  PASS,
  /** The officer refers the child and companion for a closer look. */
  SECONDARY_INSPECTION,
  /** The child is reported missing: hold them and call the alert's contact point. */
  ALERT
}
