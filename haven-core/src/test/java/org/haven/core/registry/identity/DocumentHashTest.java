package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.haven.core.bytes.Bytes;
import org.junit.jupiter.api.Test;

class DocumentHashTest {
  private static final LinkageKey KEY = LinkageKey.of(Bytes.of(new byte[LinkageKey.SIZE]));

  @Test
  void isHmacSha256OfTheLabelledCanonicalDocument() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(new byte[LinkageKey.SIZE], "HmacSHA256"));
    byte[] expected =
        mac.doFinal(
            "haven/document/v1\nNATIONAL_ID\nA7654321\nKE".getBytes(StandardCharsets.UTF_8));
    assertThat(DocumentHash.of(KEY, "NATIONAL_ID", "A7654321", "KE").toHex())
        .isEqualTo(HexFormat.of().formatHex(expected));
  }

  @Test
  void numbersDifferingOnlyInCaseSpacesOrPunctuationAreOneDocument() {
    assertThat(DocumentHash.of(KEY, "PASSPORT", "a 765-4321", "KE"))
        .isEqualTo(DocumentHash.of(KEY, "PASSPORT", "A7654321", "KE"));
  }

  @Test
  void typeCountryNumberAndKeyEachChangeTheHash() {
    var base = DocumentHash.of(KEY, "PASSPORT", "A7654321", "KE");
    assertThat(DocumentHash.of(KEY, "NATIONAL_ID", "A7654321", "KE")).isNotEqualTo(base);
    assertThat(DocumentHash.of(KEY, "PASSPORT", "A7654321", "UG")).isNotEqualTo(base);
    assertThat(DocumentHash.of(KEY, "PASSPORT", "A7654322", "KE")).isNotEqualTo(base);
    assertThat(
            DocumentHash.of(LinkageKey.generate(new SecureRandom()), "PASSPORT", "A7654321", "KE"))
        .isNotEqualTo(base);
  }

  @Test
  void attestorHashesAreSeparatedFromDocumentHashes() {
    assertThat(DocumentHash.attestor(KEY, " KE 12345678 "))
        .isEqualTo(DocumentHash.attestor(KEY, "KE 12345678"))
        .isNotEqualTo(DocumentHash.of(KEY, "NATIONAL_ID", "12345678", "KE"));
  }

  @Test
  void refusesNumbersAndReferencesWithNothingInThem() {
    assertThatThrownBy(() -> DocumentHash.of(KEY, "PASSPORT", " - ", "KE"))
        .hasMessageStartingWith("document.number");
    assertThatThrownBy(() -> DocumentHash.attestor(KEY, "  ")).hasMessageStartingWith("attestors");
  }
}
