package org.haven.core.registry;

import org.haven.core.codec.WireCode;

/** How urgent a missing-child alert is. */
public enum AlertPriority implements WireCode {
  LOW(0),
  HIGH(1),
  CRITICAL(2);

  private final int code;

  AlertPriority(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
