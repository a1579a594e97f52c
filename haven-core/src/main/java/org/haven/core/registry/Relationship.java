package org.haven.core.registry;

/** How a guardian is related to a child. */
public enum Relationship {
  MOTHER,
  FATHER,
  LEGAL_GUARDIAN,
  INSTITUTION
}
