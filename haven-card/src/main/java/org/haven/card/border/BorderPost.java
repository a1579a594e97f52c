package org.haven.card.border;

import java.time.ZoneId;
import java.util.Objects;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.text.BoundedText;

/**
 * The checkpoint where the check happens.
 *
 * @param id the checkpoint's identifier, as crossing records name it: 1 to 64 characters
 * @param country the country the checkpoint belongs to: the destination of every entry
 * @param zone the checkpoint's time zone, which decides the date a consent must cover
 */
public record BorderPost(String id, Jurisdiction country, ZoneId zone) {
  public static final int MAX_ID_LENGTH = 64;

  /**
   * @throws IllegalArgumentException unless {@code id} is 1 to 64 characters without control
   *     characters
   */
  public BorderPost {
    BoundedText.require("id", id, MAX_ID_LENGTH);
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(zone, "zone");
  }
}
