package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haven.core.registry.identity.TestChild.aChild;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.haven.core.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LinkageTokensTest {
  /**
   * The documented layout, pinned: with the key 00 01 ... 1f, Amina Hassan (codes AMN, HSN), female
   * (ISO/IEC 5218 code 2), born 2019-03-14, the NAME_BIRTH_DATE token is HMAC-SHA-256 of
   * "haven/linkage/v1\n" 01 | 00000002 | 00000003 "AMN" | 00000003 "HSN" | 02 | 000007e3 | 03 0e.
   * The expected values were computed with Python's hmac module from those bytes.
   */
  @Test
  void compute_followsTheDocumentedLayout() {
    List<LinkageToken> tokens = aChild().tokens();

    assertThat(tokens.get(0))
        .isEqualTo(
            new LinkageToken(
                TokenType.NAME_BIRTH_DATE,
                Hash.fromHex("ea0875d54ddf81cba7b7bd40a43442d015adf06a7059f871d47d9d960084e6c9")));
    // The mother's document "KE national ID 12345678" counts as KENATIONALID12345678; March
    // 2019 is month 24230, so the windows start at months 24221 to 24230.
    assertThat(tokens.get(7))
        .isEqualTo(
            new LinkageToken(
                TokenType.MOTHER_BIRTH_WINDOW,
                Hash.fromHex("95aab1da97735eca4e828e0e6283ec73df57ad80c6d4b96b55294f8da0fcca83")));
    assertThat(tokens.get(16))
        .isEqualTo(
            new LinkageToken(
                TokenType.MOTHER_BIRTH_WINDOW,
                Hash.fromHex("a333338400a410391d105a462d49a1b7f90de585de8e04fa748dc59bd7a51137")));
  }

  @Test
  void compute_givesEachTypeItsTokensInOrder() {
    assertThat(aChild().tokens())
        .extracting(LinkageToken::type)
        .containsExactly(
            TokenType.NAME_BIRTH_DATE,
            TokenType.NAME_BIRTH_YEAR_WINDOW,
            TokenType.NAME_BIRTH_YEAR_WINDOW,
            TokenType.NAME_BIRTH_YEAR_WINDOW,
            TokenType.NAME_BIRTH_YEAR_WINDOW,
            TokenType.NAME_MOTHER,
            TokenType.MOTHER_BIRTH_DATE,
            TokenType.MOTHER_BIRTH_WINDOW,
            TokenType.MOTHER_BIRTH_WINDOW,
            TokenType.MOTHER_BIRTH_WINDOW,
            TokenType.MOTHER_BIRTH_WINDOW,
            TokenType.MOTHER_BIRTH_WINDOW,
            TokenType.MOTHER_BIRTH_WINDOW,
            TokenType.MOTHER_BIRTH_WINDOW,
            TokenType.MOTHER_BIRTH_WINDOW,
            TokenType.MOTHER_BIRTH_WINDOW,
            TokenType.MOTHER_BIRTH_WINDOW,
            TokenType.MOTHER_DOCUMENT_NAMES);
    assertThat(aChild().tokens()).doesNotHaveDuplicates();
  }

  @Test
  void compute_addsTheNameTokensOfSomaliOrthographyFolded_andKeepsThoseOfTheNamesAsWritten() {
    TestChild somali = aChild().named("Xaliimo", "Maxamed Cabdi").mother("Caasha", "Cali");
    TestChild english = aChild().named("Halimo", "Mohamed Abdi").mother("Aisha", "Ali");

    assertThat(somali.tokens()).hasSize(LinkageTokens.MAX_TOKENS).doesNotHaveDuplicates();
    List<LinkageToken> declaredBeforeFolding = somali.tokens().subList(0, 18);
    assertThat(DuplicateRule.matches(declaredBeforeFolding, somali.tokens()))
        .as("the names as written keep their tokens: records already on the ledger still match")
        .containsExactly(
            DuplicateRule.SAME_NAMES_AND_BIRTH_DATE, DuplicateRule.SAME_NAMES_AND_MOTHER);
    assertThat(somali.against(english))
        .containsExactly(
            DuplicateRule.SAME_NAMES_AND_BIRTH_DATE, DuplicateRule.SAME_NAMES_AND_MOTHER);
    assertThat(aChild().named("Alex", "Rebecca").tokens())
        .as("x and c of English and Kikuyu names fold only where Somali writes them")
        .hasSameSizeAs(aChild().tokens());
  }

  @Test
  void compute_leavesOutWhatIsNotKnownOfTheMother() {
    assertThat(aChild().motherDocument("").tokens())
        .hasSize(6)
        .extracting(LinkageToken::type)
        .doesNotContain(
            TokenType.MOTHER_BIRTH_DATE,
            TokenType.MOTHER_BIRTH_WINDOW,
            TokenType.MOTHER_DOCUMENT_NAMES);
    assertThat(aChild().noMother().tokens())
        .hasSize(5)
        .extracting(LinkageToken::type)
        .doesNotContain(TokenType.NAME_MOTHER);
    assertThat(aChild().mother("Unknown", "").motherDocument("N/A").tokens())
        .isEqualTo(aChild().noMother().tokens());
    assertThat(aChild().mother("n/a", "").motherDocument("0000 0000").tokens())
        .isEqualTo(aChild().noMother().tokens());
  }

  @Test
  void compute_dependsOnTheKey() {
    LinkageInput input = aChild().input();
    LinkageKey other = LinkageKey.generate(new SecureRandom());

    assertThat(LinkageTokens.compute(TestChild.KEY, input))
        .isEqualTo(LinkageTokens.compute(TestChild.KEY, input))
        .doesNotContainAnyElementsOf(LinkageTokens.compute(other, input));
  }

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Mohammed Abdi      | Muhammad Abdy",
        "Aisha Wanjiru      | Ayesha Wanjiro",
        "Fatuma Hassan      | Fatma Hasan",
        "Abdul Rahman Omar  | Omari Abdirahman",
        "Khadija Juma       | Hadija Djuma",
        "Amina Hassan       | HASSAN, Amína",
      })
  void spellingVariantsOfOneChild_areFlagged(String one, String other) {
    TestChild first = aChild().named(one, "");
    TestChild second = aChild().named("", other).motherDocument("");

    assertThat(first.against(second))
        .containsExactly(
            DuplicateRule.SAME_NAMES_AND_BIRTH_DATE, DuplicateRule.SAME_NAMES_AND_MOTHER);
  }

  @ParameterizedTest
  @ValueSource(ints = {-3, -2, -1, 1, 2, 3})
  void birthYearsUpToThreeApart_areFlagged(int years) {
    TestChild child = aChild().noMother();

    assertThat(child.against(child.bornOn(child.born().plusYears(years))))
        .containsExactly(DuplicateRule.SAME_NAMES_BIRTH_YEAR_SHIFTED);
  }

  @ParameterizedTest
  @ValueSource(ints = {-5, -4, 4, 5})
  void birthYearsFourOrMoreApart_areNot(int years) {
    TestChild child = aChild().noMother();

    assertThat(child.against(child.bornOn(child.born().plusYears(years)))).isEmpty();
  }

  @Test
  void aBirthOn29February_movedToAnotherYear_isFlagged() {
    TestChild leapDay = aChild().noMother().bornOn("2020-02-29");

    assertThat(leapDay.against(leapDay.bornOn("2021-02-28")))
        .containsExactly(DuplicateRule.SAME_NAMES_BIRTH_YEAR_SHIFTED);
  }

  @Test
  void theSameChildAndMother_withAnotherBirthDate_isFlagged() {
    TestChild child = aChild().motherDocument("");

    assertThat(child.against(child.bornOn("2017-11-02").named("Aamina", "Hasan")))
        .containsExactly(DuplicateRule.SAME_NAMES_AND_MOTHER);
  }

  /**
   * Every pair of births less than 9 months apart, and on different days, shares a window; pairs 10
   * months or more apart never do. Exhaustive over three years of first births.
   */
  @Test
  void birthsOfOneMotherLessThanNineMonthsApart_areAlwaysFlagged() {
    TestChild mother = aChild();
    TestChild sibling = mother.named("Baraka", "Hassan").sex(Sex.MALE);
    Map<LocalDate, List<LinkageToken>> siblingTokens = new HashMap<>();
    for (LocalDate first = LocalDate.of(2019, 1, 1);
        first.isBefore(LocalDate.of(2022, 1, 1));
        first = first.plusDays(1)) {
      List<LinkageToken> firstTokens = mother.bornOn(first).tokens();
      for (int days = 1; days < 320; days++) {
        LocalDate second = first.plusDays(days);
        List<DuplicateRule> rules =
            DuplicateRule.matches(
                firstTokens,
                siblingTokens.computeIfAbsent(second, date -> sibling.bornOn(date).tokens()));
        if (second.isBefore(first.plusMonths(9))) {
          assertThat(rules)
              .as("%s and %s", first, second)
              .containsExactly(DuplicateRule.SHORT_BIRTH_INTERVAL);
        } else if (!second.isBefore(first.plusMonths(10))) {
          assertThat(rules).as("%s and %s", first, second).isEmpty();
        }
      }
    }
  }

  @Test
  void twins_areNotFlagged_unlessTheirNamesSoundAlike() {
    TestChild twin = aChild().named("Wasswa", "").sex(Sex.MALE);

    assertThat(twin.against(twin.named("Kato", ""))).isEmpty();
    assertThat(twin.named("Hassan", "Ali").against(twin.named("Hussein", "Ali")))
        .containsExactly(
            DuplicateRule.SAME_NAMES_AND_BIRTH_DATE, DuplicateRule.SAME_NAMES_AND_MOTHER);
  }

  @Test
  void differentChildren_areNotFlagged() {
    assertThat(
            aChild()
                .against(
                    aChild()
                        .named("Grace", "Wanjiru")
                        .mother("Mary", "Njeri")
                        .motherDocument("KE national ID 87654321")))
        .isEmpty();
    assertThat(aChild().against(aChild().sex(Sex.MALE).mother("Zawadi", "").motherDocument("")))
        .isEmpty();
  }
}
