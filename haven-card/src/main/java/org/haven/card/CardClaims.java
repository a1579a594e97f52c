package org.haven.card;

import java.time.Instant;
import java.time.LocalDate;
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
