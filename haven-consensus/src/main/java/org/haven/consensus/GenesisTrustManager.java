package org.haven.consensus;

import java.net.Socket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.haven.core.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusts exactly the members' certificates that genesis lists, byte for byte, while they are valid;
 * no chain building, no certificate authority, no host names (a member is named by its certificate,
 * not its address, so members may move). Used on both sides of a connection: a server requires the
 * client's certificate too. Every refusal is logged with the certificate's subject and fingerprint.
 */
final class GenesisTrustManager extends X509ExtendedTrustManager {
  private static final Logger LOG = LoggerFactory.getLogger(GenesisTrustManager.class);

  private final Map<Bytes, X509Certificate> trusted;

  private final Clock clock;

  GenesisTrustManager(List<X509Certificate> certificates, Clock clock) {
    this.trusted =
        certificates.stream()
            .collect(Collectors.toUnmodifiableMap(GenesisTrustManager::der, Function.identity()));
    this.clock = clock;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, "a member connecting to this node");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, "a member connecting from " + socket.getRemoteSocketAddress());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, "a member connecting to this node");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, "a member this node connected to");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, "the member at " + socket.getRemoteSocketAddress());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, "the member at " + engine.getPeerHost() + ":" + engine.getPeerPort());
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
      throw refuse(who + " presented no certificate");
    }
    X509Certificate presented = chain[0];
    Bytes der = der(presented);
    String described =
        who
            + " presented the certificate "
            + presented.getSubjectX500Principal().getName()
            + " (SHA-256 "
            + MemberCertificate.fingerprint(der)
            + ")";
    if (!trusted.containsKey(der)) {
      throw refuse(described + ", which genesis does not list; it is not a member of this ledger");
    }
    if (!MemberCertificate.validAt(presented, clock.instant())) {
      throw refuse(
          described + ", a genesis member's, but it is " + MemberCertificate.validity(presented));
    }
  }

  private static CertificateException refuse(String reason) {
    LOG.warn("Refused a TLS connection: {}", reason);
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
