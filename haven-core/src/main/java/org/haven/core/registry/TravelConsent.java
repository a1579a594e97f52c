package org.haven.core.registry;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.DocumentHash;
import org.haven.core.text.BoundedText;

/**
 * A guardian's permission, recorded on the ledger, for one companion to take a child across
 * borders. Documents appear only as keyed {@link DocumentHash}es.
 *
 * @param id chosen by the node that records it; also the id in the consent's QR credential
 * @param companion the companion's document
 * @param grantedBy the documents of the consenting guardians, each a linked guardian of the child
 *     who may consent to travel
 * @param multipleTrips false for one trip: the first crossing that uses it ends it
 * @param shown the commitment to the consent's credential, {@link #commitment}: a crossing proves
 *     the credential was shown with its digest, which only the credential's holder can give
 * @param state {@link ConsentState#ACTIVE} until revoked or, for a single trip, used
 */
public record TravelConsent(
    Hash id,
    ChildNumber child,
    Hash companion,
    List<Jurisdiction> destinations,
    LocalDate validFrom,
    LocalDate validUntil,
    boolean multipleTrips,
    List<Hash> grantedBy,
    String reference,
    Hash shown,
    ConsentState state) {
  /** The most destination countries one consent names. */
  public static final int MAX_DESTINATIONS = 20;

  /** The longest a consent may run, in days: about five years. */
  public static final long MAX_DAYS = 5 * 366;

  private static final byte[] SHOWN_LABEL =
      "haven/consent-shown/v1\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * @throws IllegalArgumentException naming the field if the consent cannot stand
   */
  public TravelConsent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(companion, "companion");
    destinations = List.copyOf(destinations);
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(validUntil, "validUntil");
    grantedBy = List.copyOf(grantedBy);
    BoundedText.require("reference", reference);
    Objects.requireNonNull(shown, "shown");
    Objects.requireNonNull(state, "state");
    if (destinations.isEmpty() || destinations.size() > MAX_DESTINATIONS) {
      throw new IllegalArgumentException("destinations: 1 to " + MAX_DESTINATIONS + " countries");
    }
    if (validUntil.isBefore(validFrom)) {
      throw new IllegalArgumentException("validUntil: must not be before validFrom");
    }
    if (validUntil.toEpochDay() - validFrom.toEpochDay() > MAX_DAYS) {
      throw new IllegalArgumentException("validUntil: a consent may run at most five years");
    }
    if (grantedBy.isEmpty()
        || grantedBy.size() > 2
        || Set.copyOf(grantedBy).size() != grantedBy.size()) {
      throw new IllegalArgumentException("grantedBy: one or two distinct guardians");
    }
  }

  /** Whether the consent is still in force: neither used up nor revoked. */
  public boolean active() {
    return state == ConsentState.ACTIVE;
  }

  /** Whether the consent covers a crossing to {@code destination} on {@code day}. */
  public boolean covers(Jurisdiction destination, LocalDate day) {
    return active()
        && destinations.contains(destination)
        && !day.isBefore(validFrom)
        && !day.isAfter(validUntil);
  }

  /** This consent, ended as {@code ending} says: {@link ConsentState#USED} or {@code REVOKED}. */
  public TravelConsent ended(ConsentState ending) {
    if (ending == ConsentState.ACTIVE || ending == ConsentState.ENDED) {
      throw new IllegalArgumentException("ending: USED or REVOKED, not " + ending);
    }
    return new TravelConsent(
        id,
        child,
        companion,
        destinations,
        validFrom,
        validUntil,
        multipleTrips,
        grantedBy,
        reference,
        shown,
        ending);
  }

  /** The digest a crossing carries as proof that a credential was shown: SHA-256 of its text. */
  public static Hash credentialDigest(String credentialText) {
    return Hash.sha256(credentialText.strip().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * What the ledger holds of a consent's credential: SHA-256 of a label and the credential's
   * digest. Not the digest itself, which any reader of the ledger could then copy into a crossing
   * to use up someone's consent; a crossing reveals the digest only when the consent is used.
   */
  public static Hash commitment(Hash credentialDigest) {
    return Hash.sha256(SHOWN_LABEL, credentialDigest.toArray());
  }

  /** Whether {@code credentialDigest} is that of this consent's credential. */
  public boolean shownBy(Hash credentialDigest) {
    return commitment(credentialDigest).equals(shown);
  }
}
