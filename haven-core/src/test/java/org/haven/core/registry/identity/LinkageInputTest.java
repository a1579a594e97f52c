package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.core.registry.identity.TestChild.aChild;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkageInputTest {
  @Test
  void rejectsAChildWithoutAName_withoutQuotingAnything() {
    assertThatThrownBy(() -> aChild().named(" -- ", "").input())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("givenNames, familyNames: the child needs a name");
  }

  @Test
  void rejectsOverlongFields_namingTheField() {
    String longName = "Wanjiru ".repeat(26);

    assertThatThrownBy(() -> aChild().mother(longName, "").input())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("motherGivenNames: at most 200 characters, got 208");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1899-12-31", "0001-01-01"})
  void rejectsImpossibleBirthYears(String date) {
    assertThatThrownBy(() -> aChild().bornOn(date).input())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dateOfBirth: the year must be from 1900 to 9999");
  }

  @Test
  void rejectsMissingFields() {
    assertThatThrownBy(
            () -> new LinkageInput("Amina", "Hassan", null, LocalDate.of(2019, 3, 14), "", ""))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sex");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "Unknown", "N/A", "not known", "Haijulikani", "lama yaqaan"})
  void treatsPlaceholdersAsAnUnknownMother(String placeholder) {
    assertThat(aChild().mother(placeholder, "").input().motherNameParts()).isEmpty();
  }

  @Test
  void reducesTheMotherDocumentToLettersAndDigits() {
    assertThat(aChild().motherDocument("ke-National ID: 1234 5678").input().motherDocumentKey())
        .contains("KENATIONALID12345678");
    assertThat(aChild().motherDocument("N/A").input().motherDocumentKey()).isEmpty();
    assertThat(aChild().motherDocument("KE ID 123").input().motherDocumentKey()).isEmpty();
    assertThat(aChild().motherDocument("KE ID 0000000").input().motherDocumentKey()).isEmpty();
  }

  @Test
  void withoutMother_andTheSixFieldForm_fillTheRestWithNothing() {
    LocalDate born = LocalDate.of(2019, 3, 14);

    assertThat(LinkageInput.withoutMother("Amina", "Hassan", Sex.FEMALE, born))
        .isEqualTo(new LinkageInput("Amina", "Hassan", Sex.FEMALE, born, "", "", ""));
    assertThat(new LinkageInput("Amina", "Hassan", Sex.FEMALE, born, "Fatuma", "Ali"))
        .isEqualTo(new LinkageInput("Amina", "Hassan", Sex.FEMALE, born, "Fatuma", "Ali", ""));
    assertThat(
            new LinkageInput("Amina", "Hassan", Sex.FEMALE, born, "Fatuma", "Ali")
                .motherDocumentKey())
        .isEqualTo(Optional.empty());
  }

  @Test
  void toString_revealsNothing() {
    assertThat(aChild().input()).hasToString("LinkageInput[redacted]");
    assertThat(aChild().input().childNameParts()).isEqualTo(List.of("amina", "hassan"));
  }
}
