package org.haven.core.registry;

/** How urgent a missing-child alert is. */
public enum AlertPriority {
  LOW,
  HIGH,
  CRITICAL
}
