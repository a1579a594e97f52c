package org.haven.card;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.Sex;

/**
 * What a child's ID card says: the claims of its CWT. {@link #toString()} shows only the child
 * number and dates, since the rest is personal data.
 *
 * @param issuer the registering organisation, whose issuer key signs the card
 * @param face a small greyscale JPEG of the child's face, when a photo exists
 * @param guardians the guardians as the card names them; their documents only as {@link
 *     DocumentDigest}s under {@code salt}
 * @param statusIndex the child's bit in the issuer's status list (revoked or suspended)
 * @param salt 16 random bytes, fresh for every card, for the guardians' document digests
 */
public record CardClaims(
    OrgId issuer,
    Instant issuedAt,
    Instant expiresAt,
    ChildNumber child,
    String givenNames,
    String familyNames,
    LocalDate dateOfBirth,
    Sex sex,
    Optional<Bytes> face,
    List<CardGuardian> guardians,
    long statusIndex,
    Bytes salt) {
  public static final int SALT_SIZE = 16;

  /**
   * The longest a card may be valid, from its issue to its expiry, in calendar years at UTC. It
   * bounds what a retired issuer key can still do: a card it signs must claim an issue date from
   * when the key was current, so it expires at most this long after the key's retirement.
   */
  public static final Period MAX_LIFETIME = Period.ofYears(5);

  /** The latest expiry a card issued at {@code issuedAt} may have. */
  public static Instant latestExpiry(Instant issuedAt) {
    return issuedAt.atOffset(ZoneOffset.UTC).plus(MAX_LIFETIME).toInstant();
  }

  public CardClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(givenNames, "givenNames");
    Objects.requireNonNull(familyNames, "familyNames");
    Objects.requireNonNull(dateOfBirth, "dateOfBirth");
    Objects.requireNonNull(sex, "sex");
    Objects.requireNonNull(face, "face");
    guardians = List.copyOf(guardians);
    Objects.requireNonNull(salt, "salt");
    if (!expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException("expiresAt: must be after issuedAt");
    }
    if (statusIndex < 0) {
      throw new IllegalArgumentException("statusIndex: must not be negative");
    }
    if (salt.size() != SALT_SIZE) {
      throw new IllegalArgumentException("salt: must be " + SALT_SIZE + " bytes");
    }
  }

  @Override
  public String toString() {
    return "CardClaims[child="
        + child
        + ", issuer="
        + issuer
        + ", issuedAt="
        + issuedAt
        + ", expiresAt="
        + expiresAt
        + ", personal data redacted]";
  }
}
