package org.haven.core.registry;

import java.util.Objects;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.text.BoundedText;

/**
 * One entry of a child's alert history: who raised, updated or resolved the alert, for which
 * organisation, when (the officer's clock), the priority and contact point it left, and for a
 * resolution the reason given. Kept for ever, across alerts raised again later.
 *
 * @param reason why the alert was resolved; empty for a raise or an update
 */
public record AlertChange(
    AlertAction action,
    OfficerId officer,
    OrgId organisation,
    long atMillis,
    AlertPriority priority,
    String contactPoint,
    String reason) {
  public AlertChange {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(reason, "reason");
    BoundedText.require("contactPoint", contactPoint);
    if (atMillis < 0) {
      throw new IllegalArgumentException("atMillis must not be negative");
    }
  }
}
