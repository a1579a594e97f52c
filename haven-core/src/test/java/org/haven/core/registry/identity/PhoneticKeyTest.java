package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneticKeyTest {
  /** Each line: spellings of one name that registrars write, which must share a code. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "mohammed muhammad mohamed mohamad mahamed muhammed",
        "aisha ayesha aysha aicha asha",
        "fatuma fatma fatima faduma fadumo faadumo",
        "khadija hadija khadijah",
        "khamis hamisi hamis",
        "abdullahi abdulahi abdillahi abdullah abdallah abdulla abdalla",
        "abdirahman abdulrahman abdurahman abdelrahman",
        "abdikadir abdulkadir abdiqadir abdelkader",
        "abdiaziz abdulaziz abdelaziz",
        "yusuf yousef yussuf yousuf yusuph",
        "hussein husein hussain husain",
        "esther ester",
        "juma djuma jumaa",
        "zainab zainabu zeinab zaynab",
        "ochieng ochiengg",
      })
  void joinsSpellingsOfOneName(String spellings) {
    List<String> codes = Arrays.stream(spellings.split(" ")).map(PhoneticKey::of).toList();
    assertThat(codes).as(spellings).containsOnly(codes.get(0));
  }

  /** Common Somali names that a 4-character Double Metaphone code would all make APTR. */
  @Test
  void keepsTheAbdNamesApart() {
    List<String> names =
        List.of(
            "abdirahman",
            "abdirashid",
            "abdirizak",
            "abdiaziz",
            "abdikarim",
            "abdikadir",
            "abdisalam",
            "abdinasir",
            "abdiwahab",
            "abdullahi",
            "abdi");
    assertThat(names.stream().map(PhoneticKey::of).distinct()).hasSameSizeAs(names);
  }

  @Test
  void aPartWithoutLatinLettersIsItsOwnCode() {
    assertThat(PhoneticKey.of("አበበ")).isEqualTo("አበበ");
    assertThat(PhoneticKey.of("mhmd")).isEqualTo("MMT");
  }
}
