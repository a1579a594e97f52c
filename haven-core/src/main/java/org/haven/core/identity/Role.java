package org.haven.core.identity;

import org.haven.core.codec.WireCode;

/** What an officer may do. The ledger's rules check the role of whoever signs a transaction. */
public enum Role implements WireCode {
  FIELD_AGENT(0),
  REGISTRAR(1),
  BORDER_OFFICER(2),
  CASE_WORKER(3),
  AUDITOR(4),
  ORG_ADMIN(5);

  private final int code;

  Role(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
