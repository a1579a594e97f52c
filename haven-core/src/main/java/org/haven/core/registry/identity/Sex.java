package org.haven.core.registry.identity;

/** A person's sex as ISO/IEC 5218 codes it. */
public enum Sex {
  NOT_KNOWN(0),
  MALE(1),
  FEMALE(2),
  NOT_APPLICABLE(9);

  private final int code;

  Sex(int code) {
    this.code = code;
  }

  /** The ISO/IEC 5218 code, which linkage tokens carry so that they never depend on this order. */
  public int code() {
    return code;
  }
}
