package org.haven.card.border;

/** Which way the child is crossing at the checkpoint. Stable names: crossing records carry them. */
public enum Direction {
  /** Leaving the checkpoint's country. */
  EXIT,
  /** Entering the checkpoint's country. */
  ENTRY
}
