package org.haven.core.registry;

import org.haven.core.codec.WireCode;

/** What an officer does to a child's missing-child alert. */
public enum AlertAction implements WireCode {
  RAISE(0),
  UPDATE(1),
  RESOLVE(2);

  private final int code;

  AlertAction(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
