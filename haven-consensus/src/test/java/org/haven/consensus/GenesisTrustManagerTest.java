package org.haven.consensus;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** The trust manager accepts exactly genesis's certificates, while they are valid. */
class GenesisTrustManagerTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

  private final X509Certificate member = certificate("m0");
  private final X509Certificate stranger = certificate("m0");

  private static X509Certificate certificate(String member) {
    return MemberCertificate.parseCertificate(
        MemberCertificate.generate(member, ISSUED, Duration.ofDays(365), RANDOM).certificate());
  }

  private static GenesisTrustManager trusting(X509Certificate certificate, Instant now) {
    return new GenesisTrustManager(List.of(certificate), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void acceptsAGenesisCertificateOnEitherSide() {
    GenesisTrustManager manager = trusting(member, ISSUED.plus(Duration.ofDays(1)));

    assertThatCode(() -> manager.checkClientTrusted(new X509Certificate[] {member}, "EC"))
        .doesNotThrowAnyException();
    assertThatCode(() -> manager.checkServerTrusted(new X509Certificate[] {member}, "EC"))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesACertificateWithTheSameNameThatGenesisDoesNotList() throws Exception {
    GenesisTrustManager manager = trusting(member, ISSUED.plus(Duration.ofDays(1)));

    assertThatThrownBy(() -> manager.checkClientTrusted(new X509Certificate[] {stranger}, "EC"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("CN=m0")
        .hasMessageContaining(MemberCertificate.fingerprint(Bytes.of(stranger.getEncoded())))
        .hasMessageContaining("which genesis does not list");
  }

  @Test
  void refusesAGenesisCertificateOutsideItsValidity() {
    GenesisTrustManager manager = trusting(member, ISSUED.plus(Duration.ofDays(400)));

    assertThatThrownBy(() -> manager.checkServerTrusted(new X509Certificate[] {member}, "EC"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("a genesis member's, but it is valid only from " + ISSUED);
  }

  @Test
  void refusesAPeerWithoutACertificate() {
    GenesisTrustManager manager = trusting(member, ISSUED.plus(Duration.ofDays(1)));

    assertThatThrownBy(() -> manager.checkClientTrusted(new X509Certificate[0], "EC"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("presented no certificate");
  }
}
