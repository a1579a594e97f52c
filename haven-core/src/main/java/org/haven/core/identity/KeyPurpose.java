package org.haven.core.identity;

import org.haven.core.codec.WireCode;

/**
 * Each organisation holds one key per purpose, so that a leaked card-issuing key cannot sign
 * checkpoints and the other way round.
 */
public enum KeyPurpose implements WireCode {
  /** Signs and cosigns the ledger's checkpoints. */
  NODE(0),
  /** Signs the child ID cards and travel consents the organisation issues. */
  ISSUER(1);

  private final int code;

  KeyPurpose(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
