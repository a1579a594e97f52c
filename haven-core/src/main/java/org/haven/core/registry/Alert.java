package org.haven.core.registry;

import java.util.Objects;
import org.haven.core.identity.OfficerId;
import org.haven.core.text.BoundedText;

/**
 * A missing-child alert. The contact point is the unit to call (a phone line or desk), never
 * personal data of the child.
 */
public record Alert(AlertPriority priority, String contactPoint, boolean open, OfficerId raisedBy) {
  public Alert {
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(raisedBy, "raisedBy");
    BoundedText.require("contactPoint", contactPoint);
  }
}
