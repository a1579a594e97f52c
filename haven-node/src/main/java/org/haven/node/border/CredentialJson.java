package org.haven.node.border;

import java.time.LocalDate;
import java.time.Period;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.haven.card.CardClaims;
import org.haven.card.ConsentClaims;
import org.haven.card.CredentialRead;
import org.haven.card.border.CompanionDocument;
import org.haven.core.bytes.Bytes;
import org.haven.core.identity.Jurisdiction;

/**
 * What a border officer is shown of a card or consent the codec accepted, so they can compare the
 * child in front of them with the card (docs/border.md, "Who the card belongs to"). It is only what
 * the credential itself carries, which the family holds and shows; nothing comes from a vault.
 */
final class CredentialJson {
  private CredentialJson() {}

  /**
   * The card's holder: photo, names, date of birth with the age on {@code today}, and the
   * guardians' names and relationships; or the codec's problem when the card was refused.
   */
  static Map<String, Object> card(CredentialRead<CardClaims> read, LocalDate today) {
    Map<String, Object> answer = new LinkedHashMap<>();
    if (read instanceof CredentialRead.Invalid<CardClaims> invalid) {
      answer.put("problem", invalid.problem().name());
      return answer;
    }
    CardClaims card = ((CredentialRead.Valid<CardClaims>) read).claims();
    answer.put("childNumber", card.child().toString());
    answer.put("givenNames", card.givenNames());
    answer.put("familyNames", card.familyNames());
    answer.put("dateOfBirth", card.dateOfBirth().toString());
    answer.put("ageYears", Period.between(card.dateOfBirth(), today).getYears());
    answer.put("sex", card.sex().name());
    answer.put("face", card.face().map(CredentialJson::base64).orElse(null));
    answer.put(
        "guardians",
        card.guardians().stream()
            .map(
                guardian ->
                    Map.of(
                        "relationship", guardian.relationship().name(),
                        "names", guardian.names(),
                        "mayConsentToTravel", guardian.mayConsentToTravel()))
            .toList());
    answer.put("issuer", card.issuer().value());
    answer.put("expiresAt", card.expiresAt().toEpochMilli());
    return answer;
  }

  /**
   * The consent: its destinations and dates, whether it is for one trip, and whether the
   * companion's document is the one it names (it names the companion only by a digest); or the
   * codec's problem.
   */
  static Map<String, Object> consent(
      CredentialRead<ConsentClaims> read, Optional<CompanionDocument> companion) {
    Map<String, Object> answer = new LinkedHashMap<>();
    if (read instanceof CredentialRead.Invalid<ConsentClaims> invalid) {
      answer.put("problem", invalid.problem().name());
      return answer;
    }
    ConsentClaims consent = ((CredentialRead.Valid<ConsentClaims>) read).claims();
    answer.put("consentId", consent.consentId().toHex());
    answer.put("childNumber", consent.child().toString());
    answer.put("destinations", consent.destinations().stream().map(Jurisdiction::code).toList());
    answer.put("validFrom", consent.validFrom().toString());
    answer.put("validUntil", consent.validUntil().toString());
    answer.put("multipleTrips", consent.multipleTrips());
    answer.put(
        "companionMatches",
        companion
            .map(document -> document.digest(consent.salt()).equals(consent.companion()))
            .orElse(null));
    return answer;
  }

  private static String base64(Bytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.toArray());
  }
}
