package org.haven.core.identity;

/**
 * Each organisation holds one key per purpose, so that a leaked card-issuing key cannot sign
 * checkpoints and the other way round.
 */
public enum KeyPurpose {
  /** Signs and cosigns the ledger's checkpoints. */
  NODE,
  /** Signs the child ID cards and travel consents the organisation issues. */
  ISSUER
}
