package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.vault.TestChildren.aChild;
import static org.haven.vault.TestChildren.aMother;
import static org.haven.vault.TestChildren.jpeg;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.identity.Sex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommitmentTest {
  private static final Bytes SALT = Bytes.fromHex("01".repeat(32));

  private static TestChildren.Builder wanjiru() {
    return aChild()
        .named("Wanjiru", "Kamau")
        .bornOn(LocalDate.of(2019, 3, 14))
        .bornIn("Nyeri")
        .sex(Sex.FEMALE)
        .withGuardian(aMother("Njeri Kamau", "A1234567"))
        .withPhoto(jpeg(500))
        .withNotes("Registered late.");
  }

  @Test
  void opens_withTheSameDataAndSalt() {
    Hash commitment = Commitment.commit(wanjiru().build(), SALT);

    assertThat(Commitment.opens(commitment, wanjiru().build(), SALT)).isTrue();
  }

  @Test
  void commitment_isSha256OfTheDomainTagSaltAndEncoding() {
    PersonalData data = wanjiru().build();
    byte[] tag = "haven/personal-data/v1\n".getBytes(StandardCharsets.US_ASCII);

    assertThat(Commitment.commit(data, SALT))
        .isEqualTo(Hash.sha256(tag, SALT.toArray(), data.encode().toArray()));
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        change("givenNames", b -> b.named("Wanjira", "Kamau")),
        change("familyNames", b -> b.named("Wanjiru", "Kamao")),
        change("dateOfBirth", b -> b.bornOn(LocalDate.of(2019, 3, 15))),
        change("placeOfBirth", b -> b.bornIn("Nyeri Town")),
        change("sex", b -> b.sex(Sex.NOT_KNOWN)),
        change("guardians", b -> b.withGuardian(TestChildren.aFather("Kamau Mwangi"))),
        change(
            "guardian's document number",
            b -> b.withOnlyGuardian(aMother("Njeri Kamau", "A1234568"))),
        change("photo", b -> b.withPhoto(jpeg(501))),
        change("notes", b -> b.withNotes("Registered late!")));
  }

  private static Arguments change(String field, UnaryOperator<TestChildren.Builder> change) {
    return Arguments.of(field, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void doesNotOpen_whenAFieldChanges(String field, UnaryOperator<TestChildren.Builder> change) {
    Hash commitment = Commitment.commit(wanjiru().build(), SALT);

    PersonalData changed = change.apply(wanjiru()).build();

    assertThat(changed).isNotEqualTo(wanjiru().build());
    assertThat(Commitment.opens(commitment, changed, SALT)).as(field).isFalse();
  }

  @Test
  void doesNotOpen_withAnotherSalt() {
    Hash commitment = Commitment.commit(wanjiru().build(), SALT);
    Bytes other = Bytes.fromHex("01".repeat(31) + "02");

    assertThat(Commitment.opens(commitment, wanjiru().build(), other)).isFalse();
    assertThat(Commitment.opens(commitment, wanjiru().build(), SALT.slice(0, 31))).isFalse();
  }

  @Test
  void differentSalts_giveDifferentCommitmentsToTheSameData() {
    SecureRandom random = new SecureRandom();
    Bytes first = Commitment.newSalt(random);
    Bytes second = Commitment.newSalt(random);

    assertThat(first.size()).isEqualTo(Commitment.SALT_SIZE);
    assertThat(first).isNotEqualTo(second);
    assertThat(Commitment.commit(wanjiru().build(), first))
        .isNotEqualTo(Commitment.commit(wanjiru().build(), second));
  }

  @Test
  void commit_refusesASaltOfTheWrongSize() {
    assertThatThrownBy(() -> Commitment.commit(wanjiru().build(), SALT.slice(0, 16)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("salt: must be 32 bytes, got 16");
  }
}
