package org.haven.card.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;

/** Arabic shaped into its presentation forms and put in the order a PDF draws it. */
class VisualTextTest {
  @Test
  void latinText_isLeftAsItIs() {
    assertThat(VisualText.of("Amani Wanjiru (2019)")).isEqualTo("Amani Wanjiru (2019)");
  }

  @Test
  void aWord_takesInitialMedialAndFinalForms_drawnRightToLeft() {
    // beh, yeh, teh: initial beh, medial yeh, final teh; drawn from the last letter on the left.
    assertThat(VisualText.of("بيت")).isEqualTo("\uFE96\uFEF4\uFE91");
  }

  @Test
  void aLetterAfterOneThatJoinsOnlyBackwards_startsAgain() {
    // alef with hamza joins only the letter before it, so noon after it takes its initial form.
    assertThat(VisualText.of("أنثى")).isEqualTo("\uFEF0\uFE9C\uFEE7\uFE83");
  }

  @Test
  void lamThenAlef_becomeTheirLigature() {
    assertThat(VisualText.of("لا")).isEqualTo("\uFEFB");
    // after seen, which joins forwards, the ligature takes its final form: salam, "peace".
    assertThat(VisualText.of("سلام")).isEqualTo("\uFEE1\uFEFC\uFEB3");
  }

  @Test
  void englishThenArabic_keepsTheEnglishFirst_andReversesOnlyTheArabic() {
    assertThat(VisualText.of("Female / أنثى")).isEqualTo("Female / \uFEF0\uFE9C\uFEE7\uFE83");
  }

  @Test
  void digitsInArabic_stayLeftToRight_andBracketsMirror() {
    assertThat(VisualText.of("رقم 12")).isEqualTo("12 \uFEE2\uFED7\uFEAD");
    assertThat(VisualText.of("(رقم)")).isEqualTo("(\uFEE2\uFED7\uFEAD)");
  }

  @Test
  void theShapedFormsNormaliseBackToTheLetters() {
    String label = "تاريخ الميلاد";
    String shaped = new StringBuilder(VisualText.of(label)).reverse().toString();
    assertThat(Normalizer.normalize(shaped, Normalizer.Form.NFKC)).isEqualTo(label);
  }
}
