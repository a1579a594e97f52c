package org.haven.card.cwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.haven.card.CardClaims;
import org.haven.card.CardGuardian;
import org.haven.card.ConsentClaims;
import org.haven.card.codec.MalformedCborException;
import org.haven.card.testing.CborDiagnostic;
import org.haven.card.testing.TestCards;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.Sex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CwtClaimsTest {

  private static CwtClaims parse(byte[] cwt) {
    return CwtClaims.parse(cwt, 0, cwt.length);
  }

  private static CardClaims roundTrip(CardClaims card) {
    return parse(CwtWriter.card(card)).toCard();
  }

  @Test
  void readsBackARealisticCard() {
    CardClaims card = TestCards.aCard().build();

    assertThat(roundTrip(card)).isEqualTo(card);
  }

  @Test
  void readsBackCardsWithoutFaceGuardiansOrDocuments() {
    CardClaims noFace = TestCards.aCard().withoutFace().build();
    CardClaims noGuardians = TestCards.aCard().withGuardians().build();
    CardClaims noDocument =
        TestCards.aCard()
            .withGuardians(
                new CardGuardian(
                    Relationship.INSTITUTION, "St Mary's Home", Optional.empty(), false),
                new CardGuardian(Relationship.LEGAL_GUARDIAN, "Ana", Optional.empty(), true))
            .build();

    assertThat(roundTrip(noFace)).isEqualTo(noFace);
    assertThat(roundTrip(noGuardians)).isEqualTo(noGuardians);
    assertThat(roundTrip(noDocument)).isEqualTo(noDocument);
  }

  @Test
  void readsBackEveryScriptSexAndDateBefore1970() {
    for (Sex sex : Sex.values()) {
      CardClaims card =
          TestCards.aCard()
              .named("Ἀλέξανδρος 日本 😀", "O'Brien-Núñez")
              .sex(sex)
              .bornOn(LocalDate.of(1969, 12, 31))
              .statusIndex(0)
              .build();

      assertThat(roundTrip(card)).isEqualTo(card);
    }
  }

  @Test
  void writesInstantsInWholeSeconds() {
    CardClaims card =
        TestCards.aCard()
            .issuedAt(Instant.parse("2025-03-01T08:30:00.900Z"))
            .expiresAt(Instant.parse("2030-03-01T08:30:00.100Z"))
            .build();

    CardClaims read = roundTrip(card);

    assertThat(read.issuedAt()).isEqualTo(Instant.parse("2025-03-01T08:30:00Z"));
    assertThat(read.expiresAt()).isEqualTo(Instant.parse("2030-03-01T08:30:00Z"));
  }

  @Test
  void refusesALoneSurrogate() {
    CardClaims card = TestCards.aCard().named("Amani\uD800", "Otieno").build();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CwtWriter.card(card))
        .withMessageContaining("lone surrogate");
  }

  @Test
  void readsBackAConsent() {
    ConsentClaims consent = TestCards.aConsent().build();
    ConsentClaims oneCountry =
        TestCards.aConsent().to(new Jurisdiction("TZ")).multipleTrips(true).build();

    assertThat(parse(CwtWriter.consent(consent)).toConsent()).isEqualTo(consent);
    assertThat(parse(CwtWriter.consent(oneCountry)).toConsent()).isEqualTo(oneCountry);
  }

  @Test
  void aConsentExpiresAtTheEndOfItsLastDayAnywhereOnEarth() {
    ConsentClaims consent =
        TestCards.aConsent().valid(LocalDate.of(2026, 7, 1), LocalDate.of(2026, 8, 31)).build();

    CwtClaims claims = parse(CwtWriter.consent(consent));

    // Midnight at UTC-12 at the end of 31 August is noon UTC on 1 September.
    assertThat(claims.expiresAt()).isEqualTo(Instant.parse("2026-09-01T12:00:00Z"));
  }

  @Test
  void writesCoreDeterministicCborWithRegisteredClaimsFirst() {
    String card = CborDiagnostic.of(CwtWriter.card(TestCards.aCard().build()));
    String consent = CborDiagnostic.of(CwtWriter.consent(TestCards.aConsent().build()));

    assertThat(card)
        .startsWith(
            "{\n  1: \"ke-civil-registry\",\n  4: 1898584200,\n  6: 1740817800,\n"
                + "  -65537: \"card\",\n  -65538: \""
                + TestCards.CHILD
                + "\",\n")
        .contains("  -65541: 100(17969),\n  -65542: 2,\n  -65543: h'ffd8");
    assertThat(consent)
        .contains("  -65537: \"consent\",\n")
        .contains("  -65549: [\"UG\", \"RW\"],\n  -65550: 100(20635),\n  -65551: 100(20696),\n")
        .endsWith("  -65552: false\n}");
  }

  @Test
  void readsACardWrittenByHandFromTheDocumentedKeys() {
    CwtClaims claims = parse(ClaimsMap.card().encode());

    CardClaims card = claims.toCard();

    assertThat(claims.type()).isEqualTo(CredentialType.CARD);
    assertThat(card).isEqualTo(TestCards.aCard().withoutFace().withGuardians().build());
  }

  @Test
  void ignoresClaimsItDoesNotKnow() {
    byte[] cwt =
        ClaimsMap.card()
            .put(2, g -> g.writeString("a subject"))
            .put(
                -70_000,
                g -> {
                  g.writeStartArray(null, 1);
                  g.writeStartObject(null, 0);
                  g.writeEndObject();
                  g.writeEndArray();
                })
            .encode();

    assertThat(parse(cwt).toCard().givenNames()).isEqualTo("Amani Wanjiru");
  }

  @Test
  void refusesAClaimTwice() {
    byte[] cwt = ClaimsMap.card().put(-65539, g -> g.writeString("Other")).encode();

    assertMalformedParse(cwt, "a claim appears twice");
  }

  @Test
  void requiresIssuerTimesAndType() {
    for (long key : new long[] {1, 4, 6}) {
      assertMalformedParse(ClaimsMap.card().remove(key).encode(), "iss, iat and exp");
    }
    assertMalformedParse(ClaimsMap.card().remove(-65537).encode(), "type is missing");
    assertMalformedParse(
        ClaimsMap.card().replace(-65537, g -> g.writeString("passport")).encode(),
        "not card or consent");
  }

  @Test
  void refusesClaimsOfTheWrongCborType() {
    assertMalformedParse(
        ClaimsMap.card().replace(1, g -> g.writeNumber(7)).encode(), "claim iss: expected a text");
    assertMalformedParse(
        ClaimsMap.card().replace(-65541, g -> g.writeNumber(ClaimsMap.DOB_DAYS)).encode(),
        "claim date of birth: expected an integer tagged 100");
    assertMalformedParse(
        ClaimsMap.card().replace(-65546, g -> g.writeString("salt")).encode(),
        "claim salt: expected a byte string");
    assertMalformedParse(
        ClaimsMap.card().replace(-65545, g -> g.writeNumber(-1)).encode(),
        "claim status index: must not be negative");
    assertMalformedParse(
        ClaimsMap.card().replace(4, g -> g.writeNumber(Long.MAX_VALUE)).encode(),
        "claim exp: the time is out of range");
    assertMalformedParse(
        ClaimsMap.card()
            .replace(
                -65544,
                g -> {
                  g.writeStartArray(null, 1);
                  g.writeString("a guardian");
                  g.writeEndArray();
                })
            .encode(),
        "claim guardians: expected a map");
  }

  @Test
  void refusesAnythingButOneMap() {
    assertMalformedParse(new byte[] {(byte) 0x80}, "expected a map");
    byte[] twice = ClaimsMap.card().encode();
    byte[] trailing = java.util.Arrays.copyOf(twice, twice.length + 1);
    assertMalformedParse(trailing, "bytes follow");
  }

  @Test
  void refusesCardClaimsThatMeanNothing() {
    assertMalformedCard(ClaimsMap.card().remove(-65539), "claim given names: missing");
    assertMalformedCard(
        ClaimsMap.card().replace(-65538, g -> g.writeString("12345678901")),
        "claim child number: not a valid child number");
    assertMalformedCard(
        ClaimsMap.card().replace(1, g -> g.writeString("Not An Org")),
        "claim iss: not an organisation id");
    assertMalformedCard(
        ClaimsMap.card().replace(-65542, g -> g.writeNumber(3)),
        "claim sex: not an ISO/IEC 5218 code");
    assertMalformedCard(
        ClaimsMap.card().replace(-65546, g -> g.writeBinary(new byte[15])),
        "claim salt: must be 16 bytes");
    assertMalformedCard(
        ClaimsMap.card().replace(4, g -> g.writeNumber(ClaimsMap.IAT)),
        "the claims do not make a valid card");
    assertMalformedCard(
        ClaimsMap.card().replace(-65544, g -> guardians(g, 9, 32)), "unknown relationship code");
    assertMalformedCard(
        ClaimsMap.card().replace(-65544, g -> guardians(g, 1, 31)),
        "a document digest must be 32 bytes");
  }

  private static void guardians(
      com.fasterxml.jackson.dataformat.cbor.CBORGenerator g, int relationship, int digestSize)
      throws java.io.IOException {
    g.writeStartArray(null, 1);
    g.writeStartObject(null, 4);
    g.writeFieldId(1);
    g.writeNumber(relationship);
    g.writeFieldId(2);
    g.writeString("Grace");
    g.writeFieldId(3);
    g.writeBinary(new byte[digestSize]);
    g.writeFieldId(4);
    g.writeBoolean(true);
    g.writeEndObject();
    g.writeEndArray();
  }

  @Test
  void refusesConsentClaimsThatMeanNothing() {
    ConsentClaims consent = TestCards.aConsent().build();
    CwtClaims good = parse(CwtWriter.consent(consent));
    assertThat(good.toConsent()).isEqualTo(consent);

    byte[] badExpiry = CwtWriter.consent(consent).clone();
    // exp is the second entry: a1 map head is 1 byte, iss is 1 + 1 + 17 bytes, then 04 1a <4
    // bytes>.
    badExpiry[1 + 19 + 5] ^= 1;
    assertThatExceptionOfType(MalformedCborException.class)
        .isThrownBy(() -> parse(badExpiry).toConsent())
        .withMessageContaining("claim exp: does not match the consent's last day");
  }

  private static void assertMalformedParse(byte[] cwt, String message) {
    assertThatExceptionOfType(MalformedCborException.class)
        .isThrownBy(() -> parse(cwt))
        .withMessageContaining(message);
  }

  private static void assertMalformedCard(ClaimsMap claims, String message) {
    CwtClaims parsed = parse(claims.encode());
    assertThatExceptionOfType(MalformedCborException.class)
        .isThrownBy(parsed::toCard)
        .withMessageContaining(message);
  }

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  /** Whatever changes in a CWT, reading it gives claims or a MalformedCborException, never more. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void changedBytesGiveClaimsOrAMalformedError(long seed) {
    Random random = new Random(seed);
    byte[] cwt =
        random.nextBoolean()
            ? CwtWriter.card(TestCards.aCard().build())
            : CwtWriter.consent(TestCards.aConsent().build());
    for (int i = 0, changes = 1 + random.nextInt(3); i < changes; i++) {
      cwt[random.nextInt(cwt.length)] = (byte) random.nextInt(256);
    }
    byte[] changed = cwt;

    try {
      CwtClaims claims = parse(changed);
      Object read = claims.type() == CredentialType.CARD ? claims.toCard() : claims.toConsent();
      assertThat(read).as("seed %d", seed).isNotNull();
    } catch (MalformedCborException e) {
      assertThat(e.getMessage()).as("seed %d", seed).isNotBlank();
    }
  }

  @Test
  void consentIdAndCompanionAreThirtyTwoBytes() {
    Hash id = Hash.sha256(Bytes.of(new byte[] {1}).toArray());
    ConsentClaims consent = TestCards.aConsent().id(id).build();

    assertThat(parse(CwtWriter.consent(consent)).toConsent().consentId()).isEqualTo(id);
  }
}
