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
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.GuardianLink;
import org.haven.core.registry.IssuedCard;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.LedgerState;
import org.haven.core.state.RegistryState;
import org.haven.core.state.StateReader;
import org.haven.core.tx.IssueCard;
import org.haven.core.tx.Permissions;
import org.haven.core.tx.RevokeCard;
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
 * so each issue is an audited read, and each card is recorded on the ledger ({@link IssueCard}) by
 * its hash, so it can be revoked on its own and a border device can tell it from cards minted with
 * a stolen issuer key.
 */
public final class CardService implements ConsentCredentials {
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
   * A signed card: its claims, the QR text, the same credential as an SD-JWT VC for wallets, the
   * full photo for the printed card, and where the ledger recorded it.
   *
   * @param cardHash the card's hash on the ledger ({@link CredentialCodec#signedHash})
   * @param jurisdiction the child's jurisdiction, whose language the printed card's labels are in
   *     beside English
   */
  public record Issued(
      CardClaims claims,
      String qr,
      String sdJwt,
      Optional<Bytes> photo,
      Hash cardHash,
      RegistryService.Written recorded,
      Jurisdiction jurisdiction) {
    /** The printable ID-1 card. */
    public byte[] pdf() {
      return CardPdf.render(claims, qr, photo, jurisdiction);
    }
  }

  /**
   * Issues the card of a registered child held in this organisation's vault and records it on the
   * ledger. The ledger's rule for {@link IssueCard} is asked before the personal data is read, so
   * an officer who may not issue the card reads nothing and changes nothing.
   *
   * @throws ApiProblem 403 with the ledger's reason unless the officer is a registrar of the
   *     child's jurisdiction at this organisation, 409 if the child is not registered, was erased
   *     or has come of age, or this node's issuer key is not the one the ledger names
   */
  public Issued issue(Actor actor, ChildNumber child) {
    RegistryState state = LedgerState.readOnly(committed).registry();
    Jurisdiction jurisdiction = registry.child(child).record().jurisdiction();
    registry.check(actor, new IssueCard(child, randomHash(), issuerKey.publicKey()));
    if (!(registry.readPersonalData(actor, child, "issuing the child's ID card")
        instanceof RegistryService.Found found)) {
      throw ApiProblem.conflict("Child " + child.display() + " was erased; no card can be issued.");
    }
    PersonalData data = found.data();
    Instant now = clock.instant();
    LocalDate comesOfAge = data.dateOfBirth().plusYears(AGE_OF_MAJORITY);
    Instant expires =
        min(CardClaims.latestExpiry(now), comesOfAge.atStartOfDay(ZoneOffset.UTC).toInstant());
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
    String qr = CredentialCodec.issueCard(claims, issuerKey);
    Hash cardHash = CredentialCodec.signedHash(qr);
    RegistryService.Written recorded =
        registry.write(actor, cardHash, new IssueCard(child, cardHash, issuerKey.publicKey()));
    return new Issued(
        claims,
        qr,
        SdJwtCard.issue(claims, issuerKey, random),
        data.photo().map(photo -> photo.image()),
        cardHash,
        recorded,
        jurisdiction);
  }

  /**
   * Revokes one card of {@code child}, for example reported lost or stolen; the child's record
   * stays in force.
   *
   * @throws ApiProblem 403 with the ledger's reason unless the officer is a registrar of the
   *     child's jurisdiction at the organisation holding its data, 404 if no such card was recorded
   *     for the child, 409 if it is already revoked
   */
  public RegistryService.Written revoke(
      Actor actor, ChildNumber child, Hash cardHash, String reason) {
    registry.child(child);
    return registry.write(actor, cardHash, new RevokeCard(child, cardHash, reason));
  }

  /**
   * The cards the ledger recorded for {@code child}, for an officer who may manage them.
   *
   * @throws ApiProblem 403 with the ledger's reason for anyone else
   */
  public List<IssuedCard> cards(Actor actor, ChildNumber child) {
    LedgerState state = LedgerState.readOnly(committed);
    ChildRecord record = registry.child(child).record();
    actor.require(Permissions.Action.LIST_CARDS, Permissions.Subject.child(record, state));
    return state.registry().cards(child);
  }

  /** A placeholder card hash: the ledger's rule is asked before the card, and its hash, exist. */
  private Hash randomHash() {
    byte[] hash = new byte[Hash.SIZE];
    random.nextBytes(hash);
    return Hash.of(hash);
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
