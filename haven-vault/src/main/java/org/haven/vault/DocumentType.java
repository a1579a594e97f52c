package org.haven.vault;

/**
 * The kind of identity document a guardian holds. Encoded by ordinal: append new constants, never
 * reorder them.
 */
public enum DocumentType {
  PASSPORT,
  NATIONAL_ID,
  BIRTH_CERTIFICATE,
  REFUGEE_ID,
  RESIDENCE_PERMIT,
  OTHER
}
