package org.haven.core.registry;

import org.haven.core.codec.WireCode;

/**
 * Where a travel consent stands on the ledger. The codes are fixed: {@code ACTIVE} is 1 and {@code
 * ENDED} 0 because consents were stored with a boolean {@code active} flag before the ledger told a
 * used consent from a revoked one, so those stored bytes still read (docs/border.md).
 */
public enum ConsentState implements WireCode {
  /**
   * Ended before the ledger recorded why: revoked, or used for its one trip. Only states stored
   * before {@link #USED} and {@link #REVOKED} existed hold it; the ledger never writes it now.
   */
  ENDED(0),
  /** Granted and neither used up nor revoked. */
  ACTIVE(1),
  /** A single-trip consent that a PASS crossing has used. */
  USED(2),
  /** Revoked by a registrar. */
  REVOKED(3);

  private final int code;

  ConsentState(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
