package org.haven.core.registry;

import org.haven.core.codec.WireCode;

/** How a guardian is related to a child. */
public enum Relationship implements WireCode {
  MOTHER(0),
  FATHER(1),
  LEGAL_GUARDIAN(2),
  INSTITUTION(3);

  private final int code;

  Relationship(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
