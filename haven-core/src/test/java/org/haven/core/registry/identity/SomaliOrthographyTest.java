package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SomaliOrthographyTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "xasan | hasan",
        "maxamed | mahamed",
        "axmed | ahmed",
        "salax | salah",
        "cabdi | abdi",
        "cali | ali",
        "cumar | umar",
        "cismaan | ismaan",
        "sacdiya | sadiya",
        "ismaaciil | ismaaiil",
        "cabdiraxmaan | abdirahmaan"
      })
  void fold_writesSomaliOrthographyAsEnglishSpells(String somali, String english) {
    assertThat(SomaliOrthography.fold(somali)).isEqualTo(english);
    assertThat(PhoneticKey.of(SomaliOrthography.fold(somali))).isEqualTo(PhoneticKey.of(english));
  }

  @ParameterizedTest
  @CsvSource({
    "alex",
    "felix",
    "celestine",
    "cynthia",
    "grace",
    "lucy",
    "rebecca",
    "michael",
    "charles"
  })
  void fold_leavesEnglishCAndXAlone(String english) {
    assertThat(SomaliOrthography.fold(english)).isEqualTo(english);
  }
}
