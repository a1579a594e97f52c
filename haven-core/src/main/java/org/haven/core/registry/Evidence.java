package org.haven.core.registry;

import org.haven.core.codec.WireCode;

/**
 * What supports a declaration. A late registration without a document rests on the community: two
 * witnesses or a recognised community leader, each named on the ledger by a hashed reference.
 */
public enum Evidence implements WireCode {
  /** A birth notification from the health facility or health worker present at the birth. */
  BIRTH_NOTIFICATION(0, 0),
  /** A document such as a hospital record or baptism certificate. */
  DOCUMENT(1, 0),
  TWO_WITNESSES(2, 2),
  COMMUNITY_LEADER(3, 1),
  /**
   * A child found alone, registered as new by a registrar after the ledger's search for a match
   * (DECIDE_FOUND_CHILD); never the evidence of a DECLARE_CHILD.
   */
  FOUND_CHILD(4, 0);

  private final int code;
  private final int attestors;

  Evidence(int code, int attestors) {
    this.code = code;
    this.attestors = attestors;
  }

  @Override
  public int code() {
    return code;
  }

  /** How many attestor references the evidence needs. */
  public int attestors() {
    return attestors;
  }
}
