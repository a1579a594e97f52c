package org.haven.card.bundle;

import java.util.Objects;
import org.haven.core.registry.AlertPriority;
import org.haven.core.text.BoundedText;

/**
 * A missing-child alert as a bundle carries it: how urgent it is and whom the officer calls. The
 * contact point is public service text (a desk or a phone line), never the child's personal data.
 */
public record ActiveAlert(AlertPriority priority, String contactPoint) {
  /**
   * @throws IllegalArgumentException unless {@code contactPoint} is 1 to 200 characters with no
   *     control characters
   */
  public ActiveAlert {
    Objects.requireNonNull(priority, "priority");
    BoundedText.require("contactPoint", contactPoint);
  }
}
