package org.haven.consensus;

import java.net.Socket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.MemberCertificate;
import org.slf4j.LoggerFactory;

/**
 * Trusts exactly the current members' certificates, byte for byte, while they are valid: those the
 * committed ledger state lists at each handshake (founding members' from genesis, admitted members'
 * from their admission, a removed member's no longer), so a membership change takes effect from the
 * next handshake without a restart. No chain building, no certificate authority, no host names (a
 * member is named by its certificate, not its address, so members may move). Used on both sides of
 * a connection: a server requires the client's certificate too. A refusal is logged with the
 * certificate's subject and fingerprint, once a minute at most for one certificate, since a refused
 * peer retries every few hundred milliseconds.
 */
final class MemberTrustManager extends X509ExtendedTrustManager {
  private final Supplier<? extends Collection<Bytes>> members;
  private final Clock clock;
  private final RefusalLog refusals;

  /**
   * @param members the current members' certificates (DER), asked at each handshake; a quick read
   */
  MemberTrustManager(Supplier<? extends Collection<Bytes>> members, Clock clock) {
    this.members = members;
    this.clock = clock;
    this.refusals = new RefusalLog(LoggerFactory.getLogger(MemberTrustManager.class), clock);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, "a peer connecting to this node");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, "a peer connecting from " + socket.getRemoteSocketAddress());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, "a peer connecting to this node");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, "a peer this node connected to");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, "the peer at " + socket.getRemoteSocketAddress());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, "the peer at " + engine.getPeerHost() + ":" + engine.getPeerPort());
  }

  /**
   * None: a server that named the members' certificates as acceptable issuers would make a
   * non-member's client send no certificate at all, and the refusal would happen inside the TLS
   * stack without saying whose certificate it was.
   */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  private void check(X509Certificate[] chain, String who) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw refuse(who, who + " presented no certificate");
    }
    X509Certificate presented = chain[0];
    Bytes der = der(presented);
    String fingerprint = MemberCertificate.fingerprint(der);
    String described =
        who
            + " presented the certificate "
            + printable(presented.getSubjectX500Principal().getName())
            + " (SHA-256 "
            + fingerprint
            + ")";
    if (!members.get().contains(der)) {
      throw refuse(
          fingerprint,
          described + ", which no current member has; it is not a member of this ledger");
    }
    if (!MemberCertificate.validAt(presented, clock.instant())) {
      throw refuse(
          fingerprint,
          described + ", a member's, but it is " + MemberCertificate.validity(presented));
    }
  }

  /** A peer chooses its certificate's subject: keep it to one short line in the log. */
  private static String printable(String subject) {
    String line = subject.replaceAll("\\p{Cntrl}", "?");
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }

  private CertificateException refuse(String key, String reason) {
    refusals.log(key, "Refused a TLS connection: " + reason);
    return new CertificateException("Refused: " + reason);
  }

  private static Bytes der(X509Certificate certificate) {
    try {
      return Bytes.of(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("A certificate cannot be encoded: " + e.getMessage(), e);
    }
  }
}
