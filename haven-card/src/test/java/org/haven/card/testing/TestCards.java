package org.haven.card.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.haven.card.CardClaims;
import org.haven.card.CardGuardian;
import org.haven.card.ConsentClaims;
import org.haven.card.DocumentDigest;
import org.haven.card.FaceImage;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.Sex;

/**
 * Builders for card and consent claims, with a realistic card by default: names, a face, two
 * guardians with document digests. Tests change only what they are about.
 */
public final class TestCards {
  /** The issuer of every test credential. */
  public static final OrgId ISSUER = new OrgId("ke-civil-registry");

  /** The issuer's signing key, from a fixed seed (32 bytes 0x01, 0x02, ... 0x20). */
  public static final Ed25519PrivateKey ISSUER_KEY = key(1);

  /** Another organisation's key, for forgeries. */
  public static final Ed25519PrivateKey OTHER_KEY = key(101);

  /** When test credentials are issued. */
  public static final Instant ISSUED = Instant.parse("2025-03-01T08:30:00Z");

  /** When test cards expire, five years later. */
  public static final Instant EXPIRES = Instant.parse("2030-03-01T08:30:00Z");

  /** A moment while test credentials are valid. */
  public static final Instant NOW = Instant.parse("2026-07-15T12:00:00Z");

  /** The child every test credential is about: drawn from a fixed seed. */
  public static final ChildNumber CHILD = ChildNumber.generate(new Random(42));

  private static Bytes portraitFace;

  private TestCards() {}

  /** A key whose seed is the 32 bytes {@code first, first + 1, ...}. */
  public static Ed25519PrivateKey key(int first) {
    byte[] seed = new byte[Ed25519PrivateKey.SEED_SIZE];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = (byte) (first + i);
    }
    return Ed25519PrivateKey.fromSeed(Bytes.of(seed));
  }

  /** The face of a drawn 600 × 750 portrait, made once. */
  public static synchronized Bytes face() {
    if (portraitFace == null) {
      portraitFace = FaceImage.thumbnail(SyntheticPortrait.file(7, 600, 750, "jpeg"));
    }
    return portraitFace;
  }

  /** 16 bytes from {@code seed}. */
  public static Bytes salt(long seed) {
    byte[] salt = new byte[CardClaims.SALT_SIZE];
    new Random(seed).nextBytes(salt);
    return Bytes.of(salt);
  }

  public static CardBuilder aCard() {
    return new CardBuilder();
  }

  public static ConsentBuilder aConsent() {
    return new ConsentBuilder();
  }

  /** Builds {@link CardClaims}; every field starts realistic. */
  public static final class CardBuilder {
    private OrgId issuer = ISSUER;
    private Instant issuedAt = ISSUED;
    private Instant expiresAt = EXPIRES;
    private ChildNumber child = CHILD;
    private String givenNames = "Amani Wanjiru";
    private String familyNames = "Otieno";
    private LocalDate dateOfBirth = LocalDate.of(2019, 3, 14);
    private Sex sex = Sex.FEMALE;
    private Optional<Bytes> face = Optional.of(face());
    private final List<CardGuardian> guardians = new ArrayList<>();
    private long statusIndex = 1_234_567;
    private Bytes salt = TestCards.salt(1);

    private CardBuilder() {
      guardians.add(
          new CardGuardian(
              Relationship.MOTHER,
              "Grace Akinyi Otieno",
              Optional.of(DocumentDigest.of(salt, "PASSPORT", "AK0412345", "KE")),
              true));
      guardians.add(
          new CardGuardian(
              Relationship.FATHER,
              "Joseph Ochieng Otieno",
              Optional.of(DocumentDigest.of(salt, "NATIONAL_ID", "23456789", "KE")),
              true));
    }

    public CardBuilder issuedBy(OrgId issuer) {
      this.issuer = issuer;
      return this;
    }

    public CardBuilder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    public CardBuilder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public CardBuilder child(ChildNumber child) {
      this.child = child;
      return this;
    }

    public CardBuilder named(String givenNames, String familyNames) {
      this.givenNames = givenNames;
      this.familyNames = familyNames;
      return this;
    }

    public CardBuilder bornOn(LocalDate dateOfBirth) {
      this.dateOfBirth = dateOfBirth;
      return this;
    }

    public CardBuilder sex(Sex sex) {
      this.sex = sex;
      return this;
    }

    public CardBuilder withFace(Bytes face) {
      this.face = Optional.of(face);
      return this;
    }

    public CardBuilder withoutFace() {
      this.face = Optional.empty();
      return this;
    }

    public CardBuilder withGuardians(CardGuardian... guardians) {
      this.guardians.clear();
      this.guardians.addAll(List.of(guardians));
      return this;
    }

    public CardBuilder statusIndex(long statusIndex) {
      this.statusIndex = statusIndex;
      return this;
    }

    public CardBuilder salt(Bytes salt) {
      this.salt = salt;
      return this;
    }

    public CardClaims build() {
      return new CardClaims(
          issuer,
          issuedAt,
          expiresAt,
          child,
          givenNames,
          familyNames,
          dateOfBirth,
          sex,
          face,
          guardians,
          statusIndex,
          salt);
    }
  }

  /** Builds {@link ConsentClaims}; every field starts realistic. */
  public static final class ConsentBuilder {
    private OrgId issuer = ISSUER;
    private Instant issuedAt = ISSUED;
    private Hash consentId = Hash.sha256(new byte[] {7});
    private ChildNumber child = CHILD;
    private final Bytes salt = TestCards.salt(2);
    private Hash companion = DocumentDigest.of(salt, "PASSPORT", "UG9876543", "UG");
    private List<Jurisdiction> destinations =
        List.of(new Jurisdiction("UG"), new Jurisdiction("RW"));
    private LocalDate validFrom = LocalDate.of(2026, 7, 1);
    private LocalDate validUntil = LocalDate.of(2026, 8, 31);
    private boolean multipleTrips = false;

    private ConsentBuilder() {}

    public ConsentBuilder issuedBy(OrgId issuer) {
      this.issuer = issuer;
      return this;
    }

    public ConsentBuilder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    public ConsentBuilder id(Hash consentId) {
      this.consentId = consentId;
      return this;
    }

    public ConsentBuilder child(ChildNumber child) {
      this.child = child;
      return this;
    }

    public ConsentBuilder companion(Hash companion) {
      this.companion = companion;
      return this;
    }

    public ConsentBuilder to(Jurisdiction... destinations) {
      this.destinations = List.of(destinations);
      return this;
    }

    public ConsentBuilder valid(LocalDate from, LocalDate until) {
      this.validFrom = from;
      this.validUntil = until;
      return this;
    }

    public ConsentBuilder multipleTrips(boolean multipleTrips) {
      this.multipleTrips = multipleTrips;
      return this;
    }

    public ConsentClaims build() {
      return new ConsentClaims(
          issuer,
          issuedAt,
          consentId,
          child,
          companion,
          destinations,
          validFrom,
          validUntil,
          multipleTrips,
          salt);
    }
  }
}
