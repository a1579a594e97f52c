package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haven.core.registry.identity.TestChild.aChild;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DuplicateRuleTest {
  /**
   * The rules for these shared types, between two registrations that carry only the shared types:
   * nothing counts against them.
   */
  private static List<DuplicateRule> shared(Set<TokenType> types) {
    return DuplicateRule.forSharedTypes(types, types, types);
  }

  @Test
  void forSharedTypes_appliesEachRule() {
    assertThat(shared(EnumSet.noneOf(TokenType.class))).isEmpty();
    assertThat(shared(EnumSet.of(TokenType.NAME_BIRTH_DATE, TokenType.NAME_BIRTH_YEAR_WINDOW)))
        .containsExactly(DuplicateRule.SAME_NAMES_AND_BIRTH_DATE);
    assertThat(shared(EnumSet.of(TokenType.NAME_BIRTH_YEAR_WINDOW)))
        .containsExactly(DuplicateRule.SAME_NAMES_BIRTH_YEAR_SHIFTED);
    assertThat(shared(EnumSet.of(TokenType.NAME_MOTHER)))
        .containsExactly(DuplicateRule.SAME_NAMES_AND_MOTHER);
    assertThat(shared(EnumSet.of(TokenType.MOTHER_BIRTH_WINDOW)))
        .containsExactly(DuplicateRule.SHORT_BIRTH_INTERVAL);
    assertThat(shared(EnumSet.of(TokenType.MOTHER_BIRTH_WINDOW, TokenType.MOTHER_BIRTH_DATE)))
        .as("one delivery: twins")
        .isEmpty();
    assertThat(shared(Set.of(TokenType.values())))
        .containsExactly(
            DuplicateRule.SAME_NAMES_AND_BIRTH_DATE, DuplicateRule.SAME_NAMES_AND_MOTHER);
  }

  @Test
  void matches_comparesTokensNotJustTypes() {
    List<LinkageToken> amina = aChild().tokens();

    assertThat(DuplicateRule.matches(amina, amina))
        .containsExactly(
            DuplicateRule.SAME_NAMES_AND_BIRTH_DATE, DuplicateRule.SAME_NAMES_AND_MOTHER);
    assertThat(DuplicateRule.matches(amina, aChild().named("Baraka", "Juma").noMother().tokens()))
        .isEmpty();
    assertThat(DuplicateRule.matches(amina, List.of())).isEmpty();
  }

  @Test
  void motherNamesThatDiffer_vetoAShiftedBirthYear_butNotAnExactBirthDate() {
    TestChild amina = aChild();
    TestChild otherMother = aChild().mother("Zainab", "Yusuf").motherDocument("");
    TestChild shifted = amina.bornOn("2021-03-14").motherDocument("");

    assertThat(shifted.against(amina))
        .containsExactly(
            DuplicateRule.SAME_NAMES_BIRTH_YEAR_SHIFTED, DuplicateRule.SAME_NAMES_AND_MOTHER);
    assertThat(otherMother.bornOn("2021-03-14").against(amina)).isEmpty();
    assertThat(otherMother.against(amina))
        .as("same names and birth date: a respelled mother is likelier than two mothers")
        .containsExactly(DuplicateRule.SAME_NAMES_AND_BIRTH_DATE);
    assertThat(otherMother.noMother().bornOn("2021-03-14").against(amina))
        .as("a mother not recorded is no evidence against")
        .containsExactly(DuplicateRule.SAME_NAMES_BIRTH_YEAR_SHIFTED);
  }

  @Test
  void documentsThatDiffer_vetoEveryNameRule_andOneDocumentOverridesRespelledMotherNames() {
    TestChild amina = aChild();
    TestChild otherDocument = aChild().motherDocument("KE national ID 87654321");

    assertThat(otherDocument.against(amina)).isEmpty();
    assertThat(otherDocument.bornOn("2021-03-14").against(amina)).isEmpty();
    assertThat(amina.mother("Zainab", "Yusuf").bornOn("2021-03-14").against(amina))
        .as("one document: the mother's names were recorded differently")
        .containsExactly(DuplicateRule.SAME_NAMES_BIRTH_YEAR_SHIFTED);
  }

  @Test
  void everyRuleHasAReasonForTheRegistrar() {
    for (DuplicateRule rule : DuplicateRule.values()) {
      assertThat(rule.reason()).isNotBlank();
    }
    assertThat(DuplicateRule.SAME_NAMES_BIRTH_YEAR_SHIFTED.reason())
        .isEqualTo("same names, sex, day and month of birth; the birth years differ by 1 to 3");
  }
}
