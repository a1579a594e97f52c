package org.haven.node.border;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.haven.card.CardClaims;
import org.haven.card.CardGuardian;
import org.haven.card.ConsentClaims;
import org.haven.card.CredentialCodec;
import org.haven.card.DocumentDigest;
import org.haven.card.FaceImage;
import org.haven.card.pdf.CardPdf;
import org.haven.card.sdjwt.SdJwtCard;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.GuardianLink;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.LedgerState;
import org.haven.core.state.RegistryState;
import org.haven.core.state.StateReader;
import org.haven.node.api.ApiProblem;
import org.haven.node.registry.Actor;
import org.haven.node.registry.ConsentCredentials;
import org.haven.node.registry.RegistryService;
import org.haven.vault.Guardian;
import org.haven.vault.IdentityDocument;
import org.haven.vault.PersonalData;

/**
 * Issues a registered child's ID card, and a travel consent's credential, signed with this
 * organisation's issuer key. The card's personal data is read from the vault through the registry,
 * so each issue is an audited read.
 */
public final class CardService implements ConsentCredentials {
  /** How long a card is valid, unless the child comes of age sooner. */
  static final int VALID_YEARS = 5;

  static final int AGE_OF_MAJORITY = 18;

  private final RegistryService registry;
  private final StateReader committed;
  private final OrgId organisation;
  private final Ed25519PrivateKey issuerKey;
  private final SecureRandom random;
  private final Clock clock;

  public CardService(
      RegistryService registry,
      StateReader committed,
      OrgId organisation,
      Ed25519PrivateKey issuerKey,
      SecureRandom random,
      Clock clock) {
    this.registry = registry;
    this.committed = committed;
    this.organisation = organisation;
    this.issuerKey = issuerKey;
    this.random = random;
    this.clock = clock;
  }

  /**
   * A signed card: its claims, the QR text, the same credential as an SD-JWT VC for wallets, and
   * the full photo for the printed card.
   */
  public record Issued(CardClaims claims, String qr, String sdJwt, Optional<Bytes> photo) {
    /** The printable ID-1 card. */
    public byte[] pdf() {
      return CardPdf.render(claims, qr, photo);
    }
  }

  /**
   * Issues the card of a registered child held in this organisation's vault.
   *
   * @throws ApiProblem 403 if the officer may not read the child's data, 409 if the child is not
   *     registered, was erased or has come of age
   */
  public Issued issue(Actor actor, ChildNumber child) {
    RegistryState state = LedgerState.readOnly(committed).registry();
    ChildRecord record = registry.child(child).record();
    if (record.status() != ChildStatus.REGISTERED) {
      throw ApiProblem.conflict(
          "Child "
              + child.display()
              + " is "
              + record.status()
              + "; only registered children get a card.");
    }
    if (!(registry.readPersonalData(actor, child, "issuing the child's ID card")
        instanceof RegistryService.Found found)) {
      throw ApiProblem.conflict("Child " + child.display() + " was erased; no card can be issued.");
    }
    PersonalData data = found.data();
    Instant now = clock.instant();
    LocalDate comesOfAge = data.dateOfBirth().plusYears(AGE_OF_MAJORITY);
    Instant expires =
        min(
            now.atOffset(ZoneOffset.UTC).plusYears(VALID_YEARS).toInstant(),
            comesOfAge.atStartOfDay(ZoneOffset.UTC).toInstant());
    if (!expires.isAfter(now)) {
      throw ApiProblem.conflict(
          "Child " + child.display() + " has come of age; a child's card cannot be issued.");
    }
    Bytes salt = salt();
    List<GuardianLink> links = state.guardians(child);
    List<CardGuardian> guardians =
        data.guardians().stream().map(guardian -> cardGuardian(guardian, links, salt)).toList();
    CardClaims claims =
        new CardClaims(
            organisation,
            now,
            expires,
            child,
            data.givenNames(),
            data.familyNames(),
            data.dateOfBirth(),
            data.sex(),
            data.photo().map(photo -> FaceImage.thumbnail(photo.image())),
            guardians,
            state
                .statusIndex(child)
                .orElseThrow(
                    () -> new IllegalStateException("a registered child has no status index")),
            salt);
    return new Issued(
        claims,
        CredentialCodec.issueCard(claims, issuerKey),
        SdJwtCard.issue(claims, issuerKey, random),
        data.photo().map(photo -> photo.image()));
  }

  /** The guardian as the card names them: consent to travel only as the ledger's link says. */
  private CardGuardian cardGuardian(Guardian guardian, List<GuardianLink> links, Bytes salt) {
    Optional<IdentityDocument> document = guardian.document();
    Optional<Hash> onLedger = document.map(registry::documentHash);
    boolean mayConsent =
        onLedger.isPresent()
            && links.stream()
                .anyMatch(
                    link ->
                        link.documentHash().equals(onLedger.get())
                            && link.relationship() == guardian.relationship()
                            && link.mayConsentToTravel());
    return new CardGuardian(
        guardian.relationship(),
        guardian.names(),
        document.map(d -> DocumentDigest.of(salt, d.type().name(), d.number(), d.country().code())),
        mayConsent);
  }

  /** The credential of a travel consent just recorded, naming the companion's document. */
  @Override
  public String issue(Hash consentId, ChildNumber child, RegistryService.ConsentGrant grant) {
    Bytes salt = salt();
    IdentityDocument companion = grant.companion();
    return CredentialCodec.issueConsent(
        new ConsentClaims(
            organisation,
            clock.instant(),
            consentId,
            child,
            DocumentDigest.of(
                salt, companion.type().name(), companion.number(), companion.country().code()),
            grant.destinations(),
            grant.validFrom(),
            grant.validUntil(),
            grant.multipleTrips(),
            salt),
        issuerKey);
  }

  private Bytes salt() {
    byte[] salt = new byte[CardClaims.SALT_SIZE];
    random.nextBytes(salt);
    return Bytes.of(salt);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
