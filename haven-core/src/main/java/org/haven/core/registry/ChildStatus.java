package org.haven.core.registry;

/** Where a child's record stands on the ledger. */
public enum ChildStatus {
  /** Declared by a field agent or health worker; awaits a registrar. */
  DECLARED,
  /** A registrar asked for more information before deciding. */
  INFO_REQUESTED,
  /** Registered: the child has a valid identity. */
  REGISTERED,
  /** The declaration was refused. */
  REJECTED,
  /** The declaration was found to be a child already on the ledger. */
  DUPLICATE,
  /** Temporarily not valid, for example while a fraud report is examined. */
  SUSPENDED,
  /** Permanently not valid. */
  REVOKED,
  DECEASED,
  /** The personal data was crypto-shredded; the pseudonymous history stays verifiable. */
  ERASED,
  /**
   * A child found alone, declared with an estimated age (DECLARE_FOUND_CHILD): unverified until a
   * registrar links it to a child on the ledger (then {@link #DUPLICATE}) or registers it.
   */
  FOUND;

  /** A registrar may decide on a declaration in these states. */
  public boolean awaitsDecision() {
    return this == DECLARED || this == INFO_REQUESTED;
  }
}
