package org.haven.core.registry;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.text.BoundedText;

/**
 * A child's missing-child alert as it stands. The contact point is the unit to call (a phone line
 * or desk), never personal data of the child. Who raised it, and for which organisation, stay as
 * they were raised: updates and the resolution are in the alert's history ({@link AlertChange}).
 *
 * @param photoHash SHA-256 of the photo bytes the raising organisation keeps with the alert's
 *     description in its vault, if it gave one: a border officer checking offline compares it with
 *     the photo once online; the photo itself never reaches the ledger
 */
public record Alert(
    AlertPriority priority,
    String contactPoint,
    boolean open,
    OfficerId raisedBy,
    OrgId raisingOrganisation,
    Optional<Hash> photoHash) {
  public Alert {
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(raisedBy, "raisedBy");
    Objects.requireNonNull(raisingOrganisation, "raisingOrganisation");
    Objects.requireNonNull(photoHash, "photoHash");
    BoundedText.require("contactPoint", contactPoint);
  }

  /** An alert without a photo. */
  public Alert(
      AlertPriority priority,
      String contactPoint,
      boolean open,
      OfficerId raisedBy,
      OrgId raisingOrganisation) {
    this(priority, contactPoint, open, raisedBy, raisingOrganisation, Optional.empty());
  }
}
