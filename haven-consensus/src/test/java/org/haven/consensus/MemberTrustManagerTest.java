package org.haven.consensus;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.MemberCertificate;
import org.junit.jupiter.api.Test;

/** The trust manager accepts exactly the current members' certificates, while they are valid. */
class MemberTrustManagerTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

  private final X509Certificate member = certificate("m0");
  private final X509Certificate stranger = certificate("m0");

  private static X509Certificate certificate(String member) {
    return MemberCertificate.parseCertificate(
        MemberCertificate.generate(member, ISSUED, Duration.ofDays(365), RANDOM).certificate());
  }

  private static MemberTrustManager trusting(X509Certificate certificate, Instant now) {
    return new MemberTrustManager(
        () -> List.of(der(certificate)), Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Bytes der(X509Certificate certificate) {
    try {
      return Bytes.of(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void followsTheMembersFromOneHandshakeToTheNext() {
    Set<Bytes> members = new CopyOnWriteArraySet<>();
    MemberTrustManager manager =
        new MemberTrustManager(
            () -> members, Clock.fixed(ISSUED.plus(Duration.ofDays(1)), ZoneOffset.UTC));
    X509Certificate[] presented = {member};

    assertThatThrownBy(() -> manager.checkClientTrusted(presented, "EC"))
        .hasMessageContaining("which no current member has");
    members.add(der(member));
    assertThatCode(() -> manager.checkClientTrusted(presented, "EC")).doesNotThrowAnyException();
    members.clear();
    assertThatThrownBy(() -> manager.checkServerTrusted(presented, "EC"))
        .hasMessageContaining("which no current member has");
  }

  @Test
  void acceptsAMembersCertificateOnEitherSide() {
    MemberTrustManager manager = trusting(member, ISSUED.plus(Duration.ofDays(1)));

    assertThatCode(() -> manager.checkClientTrusted(new X509Certificate[] {member}, "EC"))
        .doesNotThrowAnyException();
    assertThatCode(() -> manager.checkServerTrusted(new X509Certificate[] {member}, "EC"))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesACertificateWithTheSameNameThatNoMemberHas() throws Exception {
    MemberTrustManager manager = trusting(member, ISSUED.plus(Duration.ofDays(1)));

    assertThatThrownBy(() -> manager.checkClientTrusted(new X509Certificate[] {stranger}, "EC"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("CN=m0")
        .hasMessageContaining(MemberCertificate.fingerprint(Bytes.of(stranger.getEncoded())))
        .hasMessageContaining("which no current member has");
  }

  @Test
  void refusesAMembersCertificateOutsideItsValidity() {
    MemberTrustManager manager = trusting(member, ISSUED.plus(Duration.ofDays(400)));

    assertThatThrownBy(() -> manager.checkServerTrusted(new X509Certificate[] {member}, "EC"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("a member's, but it is valid only from " + ISSUED);
  }

  @Test
  void refusesAPeerWithoutACertificate() {
    MemberTrustManager manager = trusting(member, ISSUED.plus(Duration.ofDays(1)));

    assertThatThrownBy(() -> manager.checkClientTrusted(new X509Certificate[0], "EC"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("presented no certificate");
  }
}
