package org.haven.vault;

import org.haven.core.codec.WireCode;

/** The kind of identity document a guardian holds, written by its fixed wire code. */
public enum DocumentType implements WireCode {
  PASSPORT(0),
  NATIONAL_ID(1),
  BIRTH_CERTIFICATE(2),
  REFUGEE_ID(3),
  RESIDENCE_PERMIT(4),
  OTHER(5);

  private final int code;

  DocumentType(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
