package org.haven.core.registry;

import java.util.Objects;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.text.BoundedText;

/**
 * A child's missing-child alert as it stands. The contact point is the unit to call (a phone line
 * or desk), never personal data of the child. Who raised it, and for which organisation, stay as
 * they were raised: updates and the resolution are in the alert's history ({@link AlertChange}).
 */
public record Alert(
    AlertPriority priority,
    String contactPoint,
    boolean open,
    OfficerId raisedBy,
    OrgId raisingOrganisation) {
  public Alert {
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(raisedBy, "raisedBy");
    Objects.requireNonNull(raisingOrganisation, "raisingOrganisation");
    BoundedText.require("contactPoint", contactPoint);
  }
}
