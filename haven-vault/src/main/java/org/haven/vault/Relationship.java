package org.haven.vault;

/**
 * How a guardian is related to the child. Encoded by ordinal: append new constants, never reorder
 * them.
 */
public enum Relationship {
  MOTHER,
  FATHER,
  LEGAL_GUARDIAN,
  /** A children's home or other institution that has the child in its care. */
  INSTITUTION
}
