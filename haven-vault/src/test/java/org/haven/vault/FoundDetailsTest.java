package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.vault.TestChildren.aChild;
import static org.haven.vault.TestChildren.jpeg;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.haven.core.codec.DecodeException;
import org.haven.core.registry.identity.Sex;
import org.junit.jupiter.api.Test;

class FoundDetailsTest {
  private static final Instant FOUND_AT = Instant.parse("2026-03-08T09:30:00Z");

  private static FoundDetails details() {
    return new FoundDetails(5, 7, FOUND_AT, "Kakuma  market", "scar on the left knee");
  }

  private static PersonalData foundChild(String givenNames) {
    FoundDetails details = details();
    return new PersonalData(
        givenNames,
        "",
        details.estimatedDateOfBirth(),
        "",
        Sex.MALE,
        List.of(),
        Optional.of(new Photo(jpeg(200))),
        "",
        Optional.of(details));
  }

  @Test
  void foundChild_withoutAName_roundTripsAsVersion2() throws DecodeException {
    PersonalData data = foundChild("");

    assertThat(data.encode().get(0)).isEqualTo((byte) PersonalData.FOUND_FORMAT_VERSION);
    assertThat(PersonalData.decode(data.encode())).isEqualTo(data);
    assertThat(data.found().orElseThrow().placeFound()).isEqualTo("Kakuma market");
    assertThat(data.toString()).doesNotContain("Kakuma").contains("found alone");
  }

  @Test
  void childWithAKnownIdentity_keepsVersion1_andStillNeedsAName() {
    assertThat(aChild().build().encode().get(0)).isEqualTo((byte) PersonalData.FORMAT_VERSION);
    assertThatThrownBy(() -> aChild().named("", "Otieno").build())
        .hasMessageStartingWith("givenNames:");
  }

  @Test
  void estimatedDateOfBirth_isTheMiddleOfTheRange() {
    // 5 to 7 years old on 2026-03-08: the middle, 6 and a half, is 2019-09-08.
    assertThat(details().estimatedDateOfBirth()).isEqualTo(LocalDate.of(2019, 9, 8));
  }

  @Test
  void badEstimates_areRefusedNamingTheField() {
    assertThatThrownBy(() -> new FoundDetails(5, 10, FOUND_AT, "Kakuma", ""))
        .hasMessageStartingWith("ageTo:");
    assertThatThrownBy(() -> new FoundDetails(-1, 2, FOUND_AT, "Kakuma", ""))
        .hasMessageStartingWith("ageFrom:");
    assertThatThrownBy(() -> new FoundDetails(1, 2, FOUND_AT, " ", ""))
        .hasMessageStartingWith("placeFound:");
    assertThatThrownBy(() -> new FoundDetails(1, 2, Instant.now().plusSeconds(3600), "Kakuma", ""))
        .hasMessageStartingWith("foundAt:");
  }

  @Test
  void truncatedFoundDetails_failToDecode() {
    byte[] encoded = foundChild("Baraka").encode().toArray();
    byte[] cut = java.util.Arrays.copyOf(encoded, encoded.length - 3);

    assertThatThrownBy(() -> PersonalData.decode(org.haven.core.bytes.Bytes.of(cut)))
        .isInstanceOf(DecodeException.class);
  }
}
