package org.haven.card.cwt;

import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.haven.card.CardClaims;
import org.haven.card.CardGuardian;
import org.haven.card.ConsentClaims;
import org.haven.card.codec.Cbor;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;

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
    int size = card.face().isPresent() ? 13 : 12;
    return Cbor.encode(
        g -> {
          g.writeStartObject(null, size);
          writeHeader(g, card.issuer().value(), card.expiresAt(), card.issuedAt());
          text(g, ClaimKey.TYPE, CredentialType.CARD.label());
          text(g, ClaimKey.CHILD, card.child().toString());
          text(g, ClaimKey.GIVEN_NAMES, card.givenNames());
          text(g, ClaimKey.FAMILY_NAMES, card.familyNames());
          date(g, ClaimKey.DATE_OF_BIRTH, card.dateOfBirth());
          g.writeFieldId(ClaimKey.SEX);
          g.writeNumber(Codes.of(card.sex()));
          if (card.face().isPresent()) {
            g.writeFieldId(ClaimKey.FACE);
            g.writeBinary(card.face().get().toArray());
          }
          g.writeFieldId(ClaimKey.GUARDIANS);
          g.writeStartArray(null, card.guardians().size());
          for (CardGuardian guardian : card.guardians()) {
            writeGuardian(g, guardian);
          }
          g.writeEndArray();
          g.writeFieldId(ClaimKey.STATUS_INDEX);
          g.writeNumber(card.statusIndex());
          g.writeFieldId(ClaimKey.SALT);
          g.writeBinary(card.salt().toArray());
          g.writeEndObject();
        });
  }

  /** The consent's claims; its {@code exp} is {@link #consentExpiry}. */
  public static byte[] consent(ConsentClaims consent) {
    return Cbor.encode(
        g -> {
          g.writeStartObject(null, 12);
          writeHeader(
              g, consent.issuer().value(), consentExpiry(consent.validUntil()), consent.issuedAt());
          text(g, ClaimKey.TYPE, CredentialType.CONSENT.label());
          text(g, ClaimKey.CHILD, consent.child().toString());
          g.writeFieldId(ClaimKey.SALT);
          g.writeBinary(consent.salt().toArray());
          hash(g, ClaimKey.CONSENT_ID, consent.consentId());
          hash(g, ClaimKey.COMPANION, consent.companion());
          g.writeFieldId(ClaimKey.DESTINATIONS);
          g.writeStartArray(null, consent.destinations().size());
          for (Jurisdiction destination : consent.destinations()) {
            Cbor.text(g, destination.code());
          }
          g.writeEndArray();
          date(g, ClaimKey.VALID_FROM, consent.validFrom());
          date(g, ClaimKey.VALID_UNTIL, consent.validUntil());
          g.writeFieldId(ClaimKey.MULTIPLE_TRIPS);
          g.writeBoolean(consent.multipleTrips());
          g.writeEndObject();
        });
  }

  /** When a consent valid until {@code validUntil} expires: the end of that day at UTC-12. */
  public static Instant consentExpiry(LocalDate validUntil) {
    return validUntil.plusDays(1).atTime(CONSENT_END_UTC).toInstant(ZoneOffset.UTC);
  }

  private static void writeHeader(CBORGenerator g, String issuer, Instant exp, Instant iat)
      throws IOException {
    text(g, ClaimKey.ISSUER, issuer);
    g.writeFieldId(ClaimKey.EXPIRES_AT);
    g.writeNumber(exp.getEpochSecond());
    g.writeFieldId(ClaimKey.ISSUED_AT);
    g.writeNumber(iat.getEpochSecond());
  }

  private static void writeGuardian(CBORGenerator g, CardGuardian guardian) throws IOException {
    g.writeStartObject(null, guardian.document().isPresent() ? 4 : 3);
    g.writeFieldId(ClaimKey.GUARDIAN_RELATIONSHIP);
    g.writeNumber(Codes.of(guardian.relationship()));
    text(g, ClaimKey.GUARDIAN_NAMES, guardian.names());
    if (guardian.document().isPresent()) {
      hash(g, ClaimKey.GUARDIAN_DOCUMENT, guardian.document().get());
    }
    g.writeFieldId(ClaimKey.GUARDIAN_MAY_CONSENT);
    g.writeBoolean(guardian.mayConsentToTravel());
    g.writeEndObject();
  }

  private static void text(CBORGenerator g, long key, String value) throws IOException {
    g.writeFieldId(key);
    Cbor.text(g, value);
  }

  private static void date(CBORGenerator g, long key, LocalDate date) throws IOException {
    g.writeFieldId(key);
    g.writeTag(ClaimKey.TAG_EPOCH_DAYS);
    g.writeNumber(date.toEpochDay());
  }

  private static void hash(CBORGenerator g, long key, Hash hash) throws IOException {
    g.writeFieldId(key);
    g.writeBinary(hash.toArray());
  }
}
