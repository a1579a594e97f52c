package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haven.core.registry.identity.TestChild.aChild;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DuplicateRuleTest {
  @Test
  void forSharedTypes_appliesEachRule() {
    assertThat(DuplicateRule.forSharedTypes(EnumSet.noneOf(TokenType.class))).isEmpty();
    assertThat(
            DuplicateRule.forSharedTypes(
                EnumSet.of(TokenType.NAME_BIRTH_DATE, TokenType.NAME_BIRTH_YEAR_WINDOW)))
        .containsExactly(DuplicateRule.SAME_NAMES_AND_BIRTH_DATE);
    assertThat(DuplicateRule.forSharedTypes(EnumSet.of(TokenType.NAME_BIRTH_YEAR_WINDOW)))
        .containsExactly(DuplicateRule.SAME_NAMES_BIRTH_YEAR_SHIFTED);
    assertThat(DuplicateRule.forSharedTypes(EnumSet.of(TokenType.NAME_MOTHER)))
        .containsExactly(DuplicateRule.SAME_NAMES_AND_MOTHER);
    assertThat(DuplicateRule.forSharedTypes(EnumSet.of(TokenType.MOTHER_BIRTH_WINDOW)))
        .containsExactly(DuplicateRule.SHORT_BIRTH_INTERVAL);
    assertThat(
            DuplicateRule.forSharedTypes(
                EnumSet.of(TokenType.MOTHER_BIRTH_WINDOW, TokenType.MOTHER_BIRTH_DATE)))
        .as("one delivery: twins")
        .isEmpty();
    assertThat(DuplicateRule.forSharedTypes(Set.of(TokenType.values())))
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
  void everyRuleHasAReasonForTheRegistrar() {
    for (DuplicateRule rule : DuplicateRule.values()) {
      assertThat(rule.reason()).isNotBlank();
    }
    assertThat(DuplicateRule.SAME_NAMES_BIRTH_YEAR_SHIFTED.reason())
        .isEqualTo("same names, sex, day and month of birth; the birth years differ by 1 to 3");
  }
}
