package org.haven.card.border;

import static org.haven.card.bundle.BundleFixtures.ISSUER;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.haven.card.CardClaims;
import org.haven.card.CardGuardian;
import org.haven.card.ConsentClaims;
import org.haven.card.CredentialRead;
import org.haven.card.bundle.BundleFixtures;
import org.haven.card.bundle.VerifierBundle;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.Sex;

/**
 * A checkpoint at Namanga on the Kenya side, a signed bundle, and builders for the cards and
 * consents the codec would hand over. The bundle is made on 1 June 2025; checks happen on 3 June.
 */
final class BorderFixtures {
  static final Jurisdiction KE = new Jurisdiction("KE");
  static final Jurisdiction UG = new Jurisdiction("UG");
  static final Jurisdiction TZ = new Jurisdiction("TZ");
  static final Jurisdiction FR = new Jurisdiction("FR");
  static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");
  static final BorderPost POST = new BorderPost("ke-namanga-1", KE, NAIROBI);
  static final Instant NOW = Instant.parse("2025-06-03T09:00:00Z");
  static final Duration MAX_AGE = Duration.ofDays(7);

  static final ChildNumber CHILD = BundleFixtures.child(100);
  static final ChildNumber SIBLING = BundleFixtures.child(101);
  static final ChildNumber MISSING = BundleFixtures.child(102);
  static final String CONTACT = "Child Protection Unit, Namanga, +254 116";

  static final CompanionDocument MOTHER = new CompanionDocument("PASSPORT", "AK1234567", KE);
  static final CompanionDocument FATHER = new CompanionDocument("NATIONAL_ID", "29871234", KE);
  static final CompanionDocument UNCLE = new CompanionDocument("PASSPORT", "B7654321", UG);

  static final long REVOKED_INDEX = 99;
  static final Hash CONSENT = hash("consent for the uncle");
  static final Hash REVOKED_CONSENT = hash("consent revoked on the ledger");
  static final Hash SHORTENED_CONSENT = hash("consent shortened on the ledger");
  static final LocalDate CONSENT_FROM = LocalDate.parse("2025-06-01");
  static final LocalDate CONSENT_UNTIL = LocalDate.parse("2025-06-30");

  /** Version 1, signed by a member node, read back as a device reads it. */
  static final VerifierBundle BUNDLE =
      BundleFixtures.signedAndRead(
          BundleFixtures.aBundle()
              .revoked(ISSUER, REVOKED_INDEX)
              .alert(MISSING, AlertPriority.CRITICAL, CONTACT)
              .consent(CONSENT, CONSENT_UNTIL)
              .consent(SHORTENED_CONSENT, LocalDate.parse("2025-06-02"))
              .build());

  private BorderFixtures() {}

  static BorderCheck check() {
    return new BorderCheck(BUNDLE, POST, MAX_AGE);
  }

  static CardBuilder aCard() {
    return new CardBuilder();
  }

  static ConsentBuilder aConsent() {
    return new ConsentBuilder();
  }

  static Hash hash(String text) {
    return Hash.sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static Bytes salt(String text) {
    return hash(text).toBytes().slice(0, CardClaims.SALT_SIZE);
  }

  /** A genuine card of {@link #CHILD}: mother may consent to travel, father may not. */
  static final class CardBuilder {
    private OrgId issuer = ISSUER;
    private Instant expiresAt = Instant.parse("2029-06-01T00:00:00Z");
    private ChildNumber child = CHILD;
    private final List<CardGuardian> guardians = new ArrayList<>();
    private long statusIndex = 17;
    private final Bytes salt = salt("card salt");

    CardBuilder() {
      guardians.add(guardian(Relationship.MOTHER, MOTHER, true));
      guardians.add(guardian(Relationship.FATHER, FATHER, false));
    }

    CardBuilder of(ChildNumber child) {
      this.child = child;
      return this;
    }

    CardBuilder issuedBy(OrgId issuer) {
      this.issuer = issuer;
      return this;
    }

    CardBuilder expiringAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    CardBuilder statusIndex(long statusIndex) {
      this.statusIndex = statusIndex;
      return this;
    }

    CardBuilder withGuardianWithoutDocument() {
      guardians.add(
          new CardGuardian(Relationship.LEGAL_GUARDIAN, "Grace Wanjiru", Optional.empty(), true));
      return this;
    }

    CardClaims claims() {
      return new CardClaims(
          issuer,
          Instant.parse("2024-06-01T00:00:00Z"),
          expiresAt,
          child,
          "Amani Njeri",
          "Otieno",
          LocalDate.parse("2019-03-14"),
          Sex.FEMALE,
          Optional.empty(),
          guardians,
          statusIndex,
          salt);
    }

    CredentialRead<CardClaims> read() {
      return new CredentialRead.Valid<>(claims());
    }

    private CardGuardian guardian(
        Relationship relationship, CompanionDocument document, boolean mayConsentToTravel) {
      return new CardGuardian(
          relationship,
          relationship == Relationship.MOTHER ? "Wanjiku Otieno" : "Baraka Otieno",
          Optional.of(document.digest(salt)),
          mayConsentToTravel);
    }
  }

  /** The active consent {@link #CONSENT}: {@link #UNCLE} may take {@link #CHILD} to UG or TZ. */
  static final class ConsentBuilder {
    private Hash consentId = CONSENT;
    private Instant issuedAt = Instant.parse("2025-05-20T10:00:00Z");
    private ChildNumber child = CHILD;
    private CompanionDocument companion = UNCLE;
    private List<Jurisdiction> destinations = List.of(UG, TZ);
    private LocalDate validFrom = CONSENT_FROM;
    private LocalDate validUntil = CONSENT_UNTIL;
    private final Bytes salt = salt("consent salt");

    ConsentBuilder id(Hash consentId) {
      this.consentId = consentId;
      return this;
    }

    ConsentBuilder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    ConsentBuilder of(ChildNumber child) {
      this.child = child;
      return this;
    }

    ConsentBuilder forCompanion(CompanionDocument companion) {
      this.companion = companion;
      return this;
    }

    ConsentBuilder to(Jurisdiction... destinations) {
      this.destinations = List.of(destinations);
      return this;
    }

    ConsentBuilder between(LocalDate validFrom, LocalDate validUntil) {
      this.validFrom = validFrom;
      this.validUntil = validUntil;
      return this;
    }

    CredentialRead<ConsentClaims> read() {
      return new CredentialRead.Valid<>(
          new ConsentClaims(
              ISSUER,
              issuedAt,
              consentId,
              child,
              companion.digest(salt),
              destinations,
              validFrom,
              validUntil,
              false,
              salt));
    }
  }
}
