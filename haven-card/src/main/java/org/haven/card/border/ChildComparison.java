package org.haven.card.border;

/**
 * What the officer said after comparing the child in front of them with the card's photo, names and
 * date of birth. A genuine card proves who the card belongs to, not that the child carrying it is
 * that child: only the officer can tell, and the record keeps what they said.
 */
public enum ChildComparison {
  /** The officer has not compared, or no card was shown whose holder could be compared. */
  NOT_MADE,
  /** The officer confirmed that the child matches the card. */
  MATCHES,
  /** The officer found that the child does not match the card: the card may be someone else's. */
  DOES_NOT_MATCH
}
