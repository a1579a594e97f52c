package org.haven.core.registry;

import org.haven.core.codec.WireCode;

/** Where a child's record stands on the ledger. */
public enum ChildStatus implements WireCode {
  /** Declared by a field agent or health worker; awaits a registrar. */
  DECLARED(0),
  /** A registrar asked for more information before deciding. */
  INFO_REQUESTED(1),
  /** Registered: the child has a valid identity. */
  REGISTERED(2),
  /** The declaration was refused. */
  REJECTED(3),
  /** The declaration was found to be a child already on the ledger. */
  DUPLICATE(4),
  /** Temporarily not valid, for example while a fraud report is examined. */
  SUSPENDED(5),
  /** Permanently not valid. */
  REVOKED(6),
  DECEASED(7),
  /** The personal data was crypto-shredded; the pseudonymous history stays verifiable. */
  ERASED(8),
  /**
   * A child found alone, declared with an estimated age (DECLARE_FOUND_CHILD): unverified until a
   * registrar links it to a child on the ledger (then {@link #DUPLICATE}) or registers it.
   */
  FOUND(9);

  private final int code;

  ChildStatus(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }

  /** A registrar may decide on a declaration in these states. */
  public boolean awaitsDecision() {
    return this == DECLARED || this == INFO_REQUESTED;
  }
}
