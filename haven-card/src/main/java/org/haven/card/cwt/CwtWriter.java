package org.haven.card.cwt;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.haven.card.CardClaims;
import org.haven.card.CardGuardian;
import org.haven.card.ConsentClaims;
import org.haven.card.codec.CborWriter;

/**
 * Writes the CWT claims of a card or a consent in deterministic CBOR. Every map is written in key
 * order: the registered claims (1, 4, 6) first, then the private ones from -65537 downwards, since
 * RFC 8949 orders keys by their encoded bytes.
 */
public final class CwtWriter {
  /**
   * A consent runs to the end of its last day anywhere on Earth: midnight at UTC-12, which is noon
   * UTC the next day. The border check compares the day itself in the checkpoint's time zone.
   */
  private static final LocalTime CONSENT_END_UTC = LocalTime.NOON;

  private CwtWriter() {}

  /**
   * The card's claims. Instants are written in whole seconds, as NumericDate is; anything finer is
   * dropped.
   */
  public static byte[] card(CardClaims card) {
    CborWriter out = new CborWriter().map(card.face().isPresent() ? 13 : 12);
    writeHeader(out, card.issuer().value(), card.expiresAt(), card.issuedAt());
    out.key(ClaimKey.TYPE).text(CredentialType.CARD.label());
    out.key(ClaimKey.CHILD).text(card.child().toString());
    out.key(ClaimKey.GIVEN_NAMES).text(card.givenNames());
    out.key(ClaimKey.FAMILY_NAMES).text(card.familyNames());
    date(out, ClaimKey.DATE_OF_BIRTH, card.dateOfBirth());
    out.key(ClaimKey.SEX).integer(Codes.of(card.sex()));
    card.face().ifPresent(face -> out.key(ClaimKey.FACE).bytes(face));
    out.key(ClaimKey.GUARDIANS).array(card.guardians().size());
    card.guardians().forEach(guardian -> writeGuardian(out, guardian));
    out.end();
    out.key(ClaimKey.STATUS_INDEX).integer(card.statusIndex());
    out.key(ClaimKey.SALT).bytes(card.salt());
    return out.end().toByteArray();
  }

  /** The consent's claims; its {@code exp} is {@link #consentExpiry}. */
  public static byte[] consent(ConsentClaims consent) {
    CborWriter out = new CborWriter().map(12);
    writeHeader(
        out, consent.issuer().value(), consentExpiry(consent.validUntil()), consent.issuedAt());
    out.key(ClaimKey.TYPE).text(CredentialType.CONSENT.label());
    out.key(ClaimKey.CHILD).text(consent.child().toString());
    out.key(ClaimKey.SALT).bytes(consent.salt());
    out.key(ClaimKey.CONSENT_ID).bytes(consent.consentId().toArray());
    out.key(ClaimKey.COMPANION).bytes(consent.companion().toArray());
    out.key(ClaimKey.DESTINATIONS).array(consent.destinations().size());
    consent.destinations().forEach(destination -> out.text(destination.code()));
    out.end();
    date(out, ClaimKey.VALID_FROM, consent.validFrom());
    date(out, ClaimKey.VALID_UNTIL, consent.validUntil());
    out.key(ClaimKey.MULTIPLE_TRIPS).bool(consent.multipleTrips());
    return out.end().toByteArray();
  }

  /** When a consent valid until {@code validUntil} expires: the end of that day at UTC-12. */
  public static Instant consentExpiry(LocalDate validUntil) {
    return validUntil.plusDays(1).atTime(CONSENT_END_UTC).toInstant(ZoneOffset.UTC);
  }

  private static void writeHeader(CborWriter out, String issuer, Instant exp, Instant iat) {
    out.key(ClaimKey.ISSUER).text(issuer);
    out.key(ClaimKey.EXPIRES_AT).integer(exp.getEpochSecond());
    out.key(ClaimKey.ISSUED_AT).integer(iat.getEpochSecond());
  }

  private static void writeGuardian(CborWriter out, CardGuardian guardian) {
    out.map(guardian.document().isPresent() ? 4 : 3);
    out.key(ClaimKey.GUARDIAN_RELATIONSHIP).integer(Codes.of(guardian.relationship()));
    out.key(ClaimKey.GUARDIAN_NAMES).text(guardian.names());
    guardian
        .document()
        .ifPresent(document -> out.key(ClaimKey.GUARDIAN_DOCUMENT).bytes(document.toArray()));
    out.key(ClaimKey.GUARDIAN_MAY_CONSENT).bool(guardian.mayConsentToTravel());
    out.end();
  }

  private static void date(CborWriter out, long key, LocalDate date) {
    out.key(key).tag(ClaimKey.TAG_EPOCH_DAYS).integer(date.toEpochDay());
  }
}
