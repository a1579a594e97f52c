package org.haven.card;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.identity.ChildNumber;

/**
 * What a travel consent credential says: the guardians of {@code child} let the holder of one
 * document take the child to the destinations between two dates.
 *
 * @param consentId the consent's id on the ledger; the verifier bundle lists the active ones
 * @param companion the {@link DocumentDigest} of the companion's document under {@code salt}
 * @param multipleTrips false for a single trip
 * @param salt 16 random bytes, fresh for every consent credential
 */
public record ConsentClaims(
    OrgId issuer,
    Instant issuedAt,
    Hash consentId,
    ChildNumber child,
    Hash companion,
    List<Jurisdiction> destinations,
    LocalDate validFrom,
    LocalDate validUntil,
    boolean multipleTrips,
    Bytes salt) {
  public ConsentClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(consentId, "consentId");
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(companion, "companion");
    destinations = List.copyOf(destinations);
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(validUntil, "validUntil");
    Objects.requireNonNull(salt, "salt");
    if (destinations.isEmpty()) {
      throw new IllegalArgumentException("destinations: at least one country");
    }
    if (validUntil.isBefore(validFrom)) {
      throw new IllegalArgumentException("validUntil: must not be before validFrom");
    }
    if (salt.size() != CardClaims.SALT_SIZE) {
      throw new IllegalArgumentException("salt: must be " + CardClaims.SALT_SIZE + " bytes");
    }
  }
}
