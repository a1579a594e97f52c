package org.haven.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** PEM certificates and keys as CAs and openssl write them, and certificate pins. */
class PemAndPinTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SelfSignedCertificate made =
      SelfSignedCertificate.generate(
          "node.example",
          List.of("node.example", "10.0.0.5"),
          SelfSignedCertificate.Purpose.SERVER,
          Instant.now(),
          MemberCertificate.VALIDITY,
          RANDOM);

  @Test
  void certificateAndKey_roundTripThroughPem() throws Exception {
    String chain = Pem.encode(made.certificate()) + Pem.encode(made.certificate());
    List<X509Certificate> read = Pem.certificates(chain);
    assertThat(read).hasSize(2).allSatisfy(c -> assertThat(c).isEqualTo(made.certificate()));
    assertThat(Pem.privateKey(Pem.encode(made.privateKey()))).isEqualTo(made.privateKey());
    assertThat(Pem.encode(made.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(made.certificate().getSubjectAlternativeNames())
        .as("an IP literal is an IP address name, anything else a DNS name")
        .containsExactlyInAnyOrder(List.of(2, "node.example"), List.of(7, "10.0.0.5"));
  }

  @Test
  void keyInPlaceOfCertificates_andNothingAtAll_areRefusedByName() {
    assertThatThrownBy(() -> Pem.certificates(Pem.encode(made.privateKey())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("where only certificates belong");
    assertThatThrownBy(() -> Pem.certificates("not pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no PEM certificate");
    assertThatThrownBy(() -> Pem.privateKey(Pem.encode(made.certificate())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an unencrypted private key");
  }

  @Test
  void belongsTo_tellsTheCertificatesKeyFromAnother() {
    SelfSignedCertificate other =
        SelfSignedCertificate.generate(
            "other",
            List.of("other"),
            SelfSignedCertificate.Purpose.SERVER,
            Instant.now(),
            MemberCertificate.VALIDITY,
            RANDOM);
    assertThat(SelfSignedCertificate.belongsTo(made.privateKey(), made.certificate())).isTrue();
    assertThat(SelfSignedCertificate.belongsTo(other.privateKey(), made.certificate())).isFalse();
  }

  @Test
  void pin_parsesWhatInitAndOpensslPrint_andMatchesOnlyItsCertificate() throws Exception {
    CertificatePin pin = CertificatePin.of(made.certificate());
    assertThat(pin.toString()).matches("sha256:[0-9a-f]{64}");
    assertThat(Hash.sha256(made.certificate().getEncoded()).toHex())
        .as("the SHA-256 of the DER, as 'openssl x509 -outform der | sha256sum' gives it")
        .isEqualTo(pin.toString().substring("sha256:".length()));
    String opensslStyle =
        "SHA256:"
            + String.join(":", pin.sha256().toHex().toUpperCase(Locale.ROOT).split("(?<=\\G..)"));
    assertThat(CertificatePin.parse(opensslStyle)).isEqualTo(pin);
    assertThat(CertificatePin.parse(pin.toString()).matches(made.certificate())).isTrue();
    SelfSignedCertificate other =
        SelfSignedCertificate.generate(
            "node.example",
            List.of("node.example"),
            SelfSignedCertificate.Purpose.SERVER,
            Instant.now(),
            MemberCertificate.VALIDITY,
            RANDOM);
    assertThat(pin.matches(other.certificate())).isFalse();
  }

  @Test
  void malformedPins_areRefusedSayingWhatAPinIs() {
    assertThatThrownBy(() -> CertificatePin.parse("md5:00"))
        .hasMessageContaining("a pin is 'sha256:'");
    assertThatThrownBy(() -> CertificatePin.parse("sha256:abcd"))
        .hasMessageContaining("64 hex digits");
  }
}
