package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.vault.TestChildren.aChild;
import static org.haven.vault.TestChildren.aFather;
import static org.haven.vault.TestChildren.aMother;
import static org.haven.vault.TestChildren.jpeg;
import static org.haven.vault.TestChildren.png;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.Sex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataTest {
  @Test
  void documentTypesAndSexesKeepTheCodesTheVaultAlreadyHolds() throws DecodeException {
    assertThat(
            Arrays.stream(DocumentType.values())
                .map(type -> type.name() + "=" + type.code())
                .collect(Collectors.joining(" ")))
        .isEqualTo(
            "PASSPORT=0 NATIONAL_ID=1 BIRTH_CERTIFICATE=2 REFUGEE_ID=3 RESIDENCE_PERMIT=4 OTHER=5");
    int[] storedSexCodes = {0, 1, 2, 3};
    Sex[] sexes = {Sex.NOT_KNOWN, Sex.MALE, Sex.FEMALE, Sex.NOT_APPLICABLE};
    for (int i = 0; i < sexes.length; i++) {
      PersonalData child = aChild().sex(sexes[i]).build();
      byte[] encoded = child.encode().toArray();
      int sexAt =
          new CanonicalWriter()
              .u8(1)
              .string(child.givenNames())
              .string(child.familyNames())
              .string(child.dateOfBirth().toString())
              .string(child.placeOfBirth())
              .toBytes()
              .size();

      assertThat(encoded[sexAt]).as("%s", sexes[i]).isEqualTo((byte) storedSexCodes[i]);
      assertThat(PersonalData.decode(Bytes.of(encoded)).sex()).isEqualTo(sexes[i]);
    }
  }

  @Test
  void futureDateOfBirth_isRefusedNamingTheField() {
    LocalDate nextYear = LocalDate.now(ZoneOffset.UTC).plusYears(1);

    assertThatThrownBy(() -> aChild().bornOn(nextYear).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dateOfBirth: a date of birth cannot be in the future");
  }

  @Test
  void birthToday_isAccepted() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);

    assertThat(aChild().bornOn(today).build().dateOfBirth()).isEqualTo(today);
  }

  @Test
  void oversizedPhoto_isRefusedWithItsSizeAndTheLimit() {
    assertThatThrownBy(() -> aChild().withPhoto(jpeg(300 * 1024)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("photo: 300 KiB, the limit is 256 KiB");
    assertThatThrownBy(() -> new Photo(png(Photo.MAX_BYTES + 1)))
        .hasMessage("photo: 257 KiB, the limit is 256 KiB");
  }

  @Test
  void photoOfTheLimit_isAccepted() {
    assertThat(new Photo(png(Photo.MAX_BYTES)).format()).isEqualTo(Photo.Format.PNG);
  }

  @Test
  void nonImagePhoto_isRefused() {
    Bytes gif = Bytes.of("GIF89a and more".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> new Photo(gif))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("photo: not a JPEG or PNG image");
    assertThatThrownBy(() -> new Photo(Bytes.EMPTY)).hasMessage("photo: not a JPEG or PNG image");
    assertThatThrownBy(() -> new Photo(jpeg(3).slice(0, 2)))
        .hasMessage("photo: not a JPEG or PNG image");
  }

  @Test
  void photo_knowsItsMediaTypeFromItsMagicBytes() {
    assertThat(new Photo(jpeg(100)).mediaType()).isEqualTo("image/jpeg");
    assertThat(new Photo(png(100)).mediaType()).isEqualTo("image/png");
    assertThat(new Photo(jpeg(5000))).hasToString("Photo[image/jpeg, 5 KiB]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t\n"})
  void blankNames_areRefusedNamingTheField(String blank) {
    assertThatThrownBy(() -> aChild().named(blank, "Otieno").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("givenNames: must not be blank");
    assertThatThrownBy(() -> aMother(blank, "A1234567"))
        .hasMessage("guardian.names: must not be blank");
    assertThatThrownBy(() -> aMother("Achieng Otieno", blank))
        .hasMessage("guardian.document.number: must not be blank");
  }

  @Test
  void missingFields_areRefusedNamingTheField() {
    assertThatThrownBy(() -> aChild().named(null, "Otieno").build())
        .hasMessage("givenNames: is required");
    assertThatThrownBy(() -> aChild().bornOn(null).build()).hasMessage("dateOfBirth: is required");
    assertThatThrownBy(() -> aChild().sex(null).build()).hasMessage("sex: is required");
    assertThatThrownBy(() -> new Guardian(null, "Achieng", Optional.empty()))
        .hasMessage("guardian.relationship: is required");
    assertThatThrownBy(() -> new IdentityDocument(DocumentType.PASSPORT, "A1", null))
        .hasMessage("guardian.document.country: is required");
  }

  @Test
  void familyNamesAndPlaceOfBirth_mayBeUnknown() {
    PersonalData data = aChild().named("Amani", " ").bornIn("").build();

    assertThat(data.familyNames()).isEmpty();
    assertThat(data.placeOfBirth()).isEmpty();
  }

  @Test
  void overlongAndControlCharacters_areRefusedNamingTheField() {
    assertThatThrownBy(() -> aChild().named("A".repeat(201), "Otieno").build())
        .hasMessage("givenNames: at most 200 characters");
    assertThatThrownBy(() -> aChild().bornIn("Kisumu\u0000").build())
        .hasMessage("placeOfBirth: must not contain control characters");
    assertThatThrownBy(() -> aChild().withNotes("seen at\u0007 the clinic").build())
        .hasMessage("notes: must not contain control characters");
    assertThatThrownBy(() -> aChild().named("Amani\uD800", "Otieno").build())
        .hasMessage("givenNames: must be valid Unicode text");
  }

  @Test
  void guardians_atMostOneMotherAndOneFather() {
    assertThatThrownBy(
            () ->
                aChild()
                    .withGuardian(aMother("Achieng", "A1"))
                    .withGuardian(aMother("Akinyi", "B2"))
                    .build())
        .hasMessage("guardians: more than one MOTHER");
    assertThatThrownBy(
            () -> aChild().withGuardian(aFather("Baraka")).withGuardian(aFather("Juma")).build())
        .hasMessage("guardians: more than one FATHER");
  }

  @Test
  void guardians_atMostEight() {
    TestChildren.Builder child = aChild();
    for (int i = 0; i < 9; i++) {
      child.withGuardian(new Guardian(Relationship.LEGAL_GUARDIAN, "Guardian", Optional.empty()));
    }

    assertThatThrownBy(child::build).hasMessage("guardians: at most 8, got 9");
  }

  @Test
  void text_isNormalisedSoThatTheSameNameEncodesTheSame() {
    PersonalData typed = aChild().named("  Zoe\u0308   Wanjiru ", "Otieno").build();
    PersonalData composed = aChild().named("Zo\u00eb Wanjiru", "Otieno").build();

    assertThat(typed.givenNames()).isEqualTo("Zo\u00eb Wanjiru");
    assertThat(typed).isEqualTo(composed);
    assertThat(typed.encode()).isEqualTo(composed.encode());
  }

  @Test
  void notes_keepLineBreaksAsNewlines() {
    PersonalData data = aChild().withNotes("Found at the market.\r\nCalm,\tunhurt.\r").build();

    assertThat(data.notes()).isEqualTo("Found at the market.\nCalm,\tunhurt.");
  }

  @Test
  void toString_revealsNoPersonalData() {
    PersonalData data =
        aChild()
            .named("Wanjiru", "Zawadi-Nyambura")
            .bornIn("Nyeri")
            .withGuardian(aMother("Njeri Kamau", "A1234567"))
            .withPhoto(jpeg(2000))
            .withNotes("Zawadi's notes")
            .build();

    assertThat(data).hasToString("PersonalData[redacted, 1 guardians, with photo]");
    assertThat(data.guardians().get(0))
        .hasToString("Guardian[MOTHER, redacted, with document]")
        .satisfies(
            g ->
                assertThat(g.document().orElseThrow())
                    .hasToString("IdentityDocument[PASSPORT of KE, number redacted]"));
  }

  @Test
  void encoding_followsTheDocumentedLayout() {
    PersonalData data =
        aChild()
            .named("Amani", "Otieno")
            .bornOn(LocalDate.of(2019, 3, 14))
            .bornIn("Kisumu")
            .sex(Sex.MALE)
            .withGuardian(aMother("Achieng", "A1234567"))
            .withPhoto(png(10))
            .withNotes("notes")
            .build();

    Bytes expected =
        new CanonicalWriter()
            .u8(1)
            .string("Amani")
            .string("Otieno")
            .string("2019-03-14")
            .string("Kisumu")
            .u8(1)
            .u32(1)
            .u8(0)
            .string("Achieng")
            .bool(true)
            .u8(0)
            .string("A1234567")
            .string("KE")
            .bool(true)
            .bytes(png(10))
            .string("notes")
            .toBytes();
    assertThat(data.encode()).isEqualTo(expected);
  }

  @Test
  void decode_ofUnnormalisedText_isNotCanonical() {
    Bytes decomposed =
        new CanonicalWriter()
            .u8(1)
            .string("Zoe\u0308")
            .string("")
            .string("2019-03-14")
            .string("")
            .u8(0)
            .u32(0)
            .bool(false)
            .string("")
            .toBytes();

    assertThatThrownBy(() -> PersonalData.decode(decomposed))
        .isInstanceOf(DecodeException.class)
        .hasMessage("personal data: not in canonical form (at byte 0)");
  }

  @Test
  void decode_ofAnotherVersion_isRefused() {
    byte[] encoded = aChild().build().encode().toArray();
    encoded[0] = 3;

    assertThatThrownBy(() -> PersonalData.decode(Bytes.of(encoded)))
        .isInstanceOf(DecodeException.class)
        .hasMessage("version: unsupported personal data version 3 (at byte 0)");
  }

  @Test
  void decode_ofABadDateOrCountry_namesTheFieldNotTheValue() {
    Bytes badDate =
        new CanonicalWriter().u8(1).string("Amani").string("").string("2019-02-30").toBytes();
    Bytes badCountry =
        new CanonicalWriter()
            .u8(1)
            .string("Amani")
            .string("")
            .string("2019-02-28")
            .string("")
            .u8(0)
            .u32(1)
            .u8(0)
            .string("Achieng")
            .bool(true)
            .u8(0)
            .string("A1234567")
            .string("XX")
            .toBytes();

    assertThatThrownBy(() -> PersonalData.decode(badDate))
        .isInstanceOf(DecodeException.class)
        .hasMessage("dateOfBirth: not an ISO 8601 date (at byte 14)");
    assertThatThrownBy(() -> PersonalData.decode(badCountry))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith("guardian.document: jurisdiction must be")
        .hasMessageNotContaining("A1234567");
  }

  @Test
  void identityDocument_normalisesItsNumber() {
    IdentityDocument document =
        new IdentityDocument(DocumentType.NATIONAL_ID, " 12 345  678 ", new Jurisdiction("UG"));

    assertThat(document.number()).isEqualTo("12 345 678");
  }
}
