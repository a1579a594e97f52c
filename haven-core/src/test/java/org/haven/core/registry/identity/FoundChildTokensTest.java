package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.core.registry.identity.TestChild.KEY;
import static org.haven.core.registry.identity.TestChild.aChild;

import java.time.LocalDate;
import java.util.List;
import org.haven.core.crypto.Hash;
import org.junit.jupiter.api.Test;

class FoundChildTokensTest {
  private static final LocalDate FOUND_ON = LocalDate.of(2026, 12, 8);

  /** Baraka Otieno, a boy born 2017-08-02 in Kakuma: 9 years old on {@link #FOUND_ON}. */
  private static final TestChild BARAKA =
      aChild().named("Baraka", "Otieno").sex(Sex.MALE).bornOn("2017-08-02").noMother();

  private static List<LinkageToken> registration(TestChild child, String place) {
    return FoundChildTokens.forRegistration(KEY, child.input(), place);
  }

  private static List<LinkageToken> found(String names, Sex sex, int from, int to, String place) {
    return FoundChildTokens.forFound(
        KEY, FoundChildInput.ofAges(names, sex, from, to, FOUND_ON, place));
  }

  @Test
  void byteLayout_isPinnedByAnIndependentHmac() {
    // python3: hmac.new(bytes(range(32)), b"haven/linkage/v1\n" + bytes([6]) +
    //   struct.pack(">I", 3) + b"PRK" + bytes([1]) + struct.pack(">I", 2016), sha256).hexdigest()
    // Aged 9 on 2026-12-08: born 2016 or 2017, the earlier year first.
    assertThat(PhoneticKey.of("baraka")).isEqualTo("PRK");
    assertThat(found("Baraka", Sex.MALE, 9, 9, "").get(0))
        .isEqualTo(
            new LinkageToken(
                TokenType.NAME_PART_AGE,
                Hash.fromHex("18d7bf0d1fb1314fa240bcb88bc2ffdbce15bba6aade7202bdbe674546d4b06a")));
    // The same with tag 7, "KKM" (the code of Kakuma) and the registration's year, 2017.
    assertThat(registration(BARAKA, "Kakuma camp, Turkana"))
        .contains(
            new LinkageToken(
                TokenType.REGION_AGE,
                Hash.fromHex("09fde8e011f1aff0d6788231ee0e00ca500c99e07bc5957fa2efcc339f3e0871")));
  }

  @Test
  void registration_hasOneNamePartTokenPerDistinctPart_andOneRegionToken() {
    assertThat(registration(BARAKA, "Kakuma"))
        .extracting(LinkageToken::type)
        .containsExactly(TokenType.NAME_PART_AGE, TokenType.NAME_PART_AGE, TokenType.REGION_AGE);
    assertThat(registration(BARAKA, "")).hasSize(2);
    assertThat(registration(aChild().named("Amina Amina", "Hassan"), "")).hasSize(2);
  }

  @Test
  void foundChild_hasATokenPerNamePartAndBirthYear_withinTheLedgersLimit() {
    // Ages 7 to 11 on 2026-12-08: born 2014 to 2019, six years.
    assertThat(found("Baraka", Sex.MALE, 7, 11, "Kakuma")).hasSize(6 + 6);
    assertThat(found("", Sex.MALE, 7, 11, "")).isEmpty();
    assertThat(found("A B C D E F", Sex.MALE, 7, 11, "Kakuma"))
        .hasSize(FoundChildTokens.MAX_FOUND_TOKENS);
    assertThat(FoundChildTokens.MAX_FOUND_TOKENS).isLessThanOrEqualTo(32);
  }

  @Test
  void oneMisspeltNameAndAnEstimatedAge_matchAMissingChild_butNotOneWithoutAnAlert() {
    List<LinkageToken> registered = registration(BARAKA, "Kakuma");
    List<LinkageToken> foundBoy = found("Barakah", Sex.MALE, 8, 10, "Lodwar");

    assertThat(FoundMatchRule.shared(foundBoy, registered))
        .isEqualTo(new FoundMatchRule.Shared(1, false));
    assertThat(FoundMatchRule.between(foundBoy, registered, true))
        .contains(FoundMatchRule.NAME_AGE_AND_ALERT);
    assertThat(FoundMatchRule.between(foundBoy, registered, false)).isEmpty();
  }

  @Test
  void bothNames_matchWithoutAnAlert_andTheRegionAddsToOneName() {
    List<LinkageToken> registered = registration(BARAKA, "Kakuma");

    assertThat(
            FoundMatchRule.between(found("Otieno Baraka", Sex.MALE, 8, 10, ""), registered, false))
        .contains(FoundMatchRule.NAMES_AND_AGE);
    assertThat(
            FoundMatchRule.between(found("Baraka", Sex.MALE, 8, 10, "KAKUMA"), registered, false))
        .contains(FoundMatchRule.NAME_AGE_AND_REGION);
    assertThat(FoundMatchRule.between(found("", Sex.MALE, 8, 10, "Kakuma"), registered, true))
        .contains(FoundMatchRule.REGION_AGE_AND_ALERT);
    assertThat(FoundMatchRule.between(found("", Sex.MALE, 8, 10, "Kakuma"), registered, false))
        .isEmpty();
  }

  @Test
  void anotherSexOrAnAgeThatRulesTheBirthYearOut_neverMatch() {
    List<LinkageToken> registered = registration(BARAKA, "Kakuma");

    assertThat(
            FoundMatchRule.between(
                found("Baraka Otieno", Sex.FEMALE, 8, 10, "Kakuma"), registered, true))
        .isEmpty();
    // 11 to 13 on 2026-12-08: born 2012 to 2015, not 2017.
    assertThat(
            FoundMatchRule.between(
                found("Baraka Otieno", Sex.MALE, 11, 13, "Kakuma"), registered, true))
        .isEmpty();
  }

  @Test
  void anEstimateOutsideAChildsAges_isRefusedNamingTheField() {
    assertThatThrownBy(() -> FoundChildInput.ofAges("", Sex.MALE, 5, 10, FOUND_ON, ""))
        .hasMessageStartingWith("ageTo:");
    assertThatThrownBy(() -> FoundChildInput.ofAges("", Sex.MALE, 18, 18, FOUND_ON, ""))
        .hasMessageStartingWith("ageFrom:");
    assertThatThrownBy(() -> FoundChildInput.ofAges("", Sex.MALE, 6, 5, FOUND_ON, ""))
        .hasMessageStartingWith("ageTo:");
    assertThat(FoundChildInput.ofAges("Secret Name", Sex.MALE, 1, 2, FOUND_ON, "x").toString())
        .doesNotContain("Secret");
  }
}
