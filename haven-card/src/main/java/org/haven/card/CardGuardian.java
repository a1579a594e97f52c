package org.haven.card;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.Relationship;

/**
 * A guardian as the card names them.
 *
 * @param document the {@link DocumentDigest} of the guardian's identity document under the card's
 *     salt, when the guardian has one
 * @param mayConsentToTravel whether this guardian may take the child across or consent to it
 */
public record CardGuardian(
    Relationship relationship, String names, Optional<Hash> document, boolean mayConsentToTravel) {
  public CardGuardian {
    Objects.requireNonNull(relationship, "relationship");
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(document, "document");
  }

  @Override
  public String toString() {
    return "CardGuardian[" + relationship + ", redacted]";
  }
}
