package org.haven.card.bundle;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.AlertPriority;
import org.haven.core.text.BoundedText;

/**
 * A missing-child alert as a bundle carries it: how urgent it is, whom the officer calls, and the
 * hash of the alert's photo if its raisers gave one. The contact point is public service text (a
 * desk or a phone line), never the child's personal data; the photo hash lets an officer who
 * checked offline compare, once online, the photo the node shows with the one the ledger names.
 *
 * @param photoHash SHA-256 of the photo bytes kept with the alert in the raising organisation's
 *     vault
 */
public record ActiveAlert(AlertPriority priority, String contactPoint, Optional<Hash> photoHash) {
  /**
   * @throws IllegalArgumentException unless {@code contactPoint} is 1 to 200 characters with no
   *     control characters
   */
  public ActiveAlert {
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(photoHash, "photoHash");
    BoundedText.require("contactPoint", contactPoint);
  }

  /** An alert without a photo. */
  public ActiveAlert(AlertPriority priority, String contactPoint) {
    this(priority, contactPoint, Optional.empty());
  }
}
