package org.haven.card.bundle;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.identity.OrgId;

/**
 * An issuer key the bundle trusts: the organisation, its Ed25519 issuer key and when, in ledger
 * time, the key was the organisation's. Times are kept to the second, as the bundle encodes them.
 *
 * @param validUntil the first second at which the key no longer signs, if it was retired
 * @param compromised whether governance reported the key compromised: then its interval does not
 *     count, since whoever holds the key writes any issue date, and only the cards the bundle marks
 *     {@link CardMark#RECORDED_BEFORE_COMPROMISE} are the key's
 */
public record TrustEntry(
    OrgId org,
    Ed25519PublicKey key,
    Instant validFrom,
    Optional<Instant> validUntil,
    boolean compromised) {
  /** The size of a COSE key id: the first 8 bytes of SHA-256 of the raw public key. */
  public static final int KID_SIZE = 8;

  /**
   * @throws IllegalArgumentException if {@code validUntil} is not after {@code validFrom}, or a
   *     time is before 1970 (the encoding has no negative times)
   */
  public TrustEntry {
    Objects.requireNonNull(org, "org");
    Objects.requireNonNull(key, "key");
    validFrom = validFrom.truncatedTo(ChronoUnit.SECONDS);
    validUntil = validUntil.map(until -> until.truncatedTo(ChronoUnit.SECONDS));
    if (validFrom.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("validFrom: must not be before 1970");
    }
    if (validUntil.isPresent() && !validUntil.get().isAfter(validFrom)) {
      throw new IllegalArgumentException("validUntil: must be after validFrom");
    }
  }

  /** A key not reported compromised. */
  public TrustEntry(
      OrgId org, Ed25519PublicKey key, Instant validFrom, Optional<Instant> validUntil) {
    this(org, key, validFrom, validUntil, false);
  }

  /** The COSE key id of {@code key}: the first 8 bytes of SHA-256 of its 32 raw bytes. */
  public static Bytes kidOf(Ed25519PublicKey key) {
    return key.fingerprint().toBytes().slice(0, KID_SIZE);
  }

  public Bytes kid() {
    return kidOf(key);
  }

  /** Whether the key may sign at {@code at}: from {@code validFrom}, and before {@code until}. */
  public boolean validAt(Instant at) {
    return !at.isBefore(validFrom) && validUntil.map(at::isBefore).orElse(true);
  }
}
