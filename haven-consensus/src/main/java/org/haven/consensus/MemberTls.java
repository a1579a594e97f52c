package org.haven.consensus;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.crypto.SelfSignedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual TLS between the members' Raft servers: this member's private key and certificate, and the
 * current members' certificates, which are the only ones it accepts (see docs/consensus.md).
 */
public final class MemberTls {
  private static final Logger LOG = LoggerFactory.getLogger(MemberTls.class);
  private static final char[] IN_MEMORY = new char[0];

  private final PrivateKey key;
  private final X509Certificate certificate;
  private final Supplier<Map<String, Bytes>> members;
  private final Clock clock;

  private MemberTls(
      PrivateKey key,
      X509Certificate certificate,
      Supplier<Map<String, Bytes>> members,
      Clock clock) {
    this.key = key;
    this.certificate = certificate;
    this.members = members;
    this.clock = clock;
  }

  /**
   * Checks this member's TLS key against the members' certificates as they are now.
   *
   * @param memberId this member's Raft peer id
   * @param privateKey this member's PKCS#8 private key
   * @param members every current member's DER certificate, by member id, asked again at each
   *     handshake: the certificates this member accepts follow membership changes
   * @throws IllegalArgumentException saying what is wrong: no certificate is listed for this
   *     member, a certificate does not parse, the key does not belong to this member's certificate,
   *     or that certificate is not valid now
   */
  public static MemberTls create(
      String memberId, Bytes privateKey, Supplier<Map<String, Bytes>> members, Clock clock) {
    Map<String, Bytes> current = members.get();
    Bytes own = current.get(memberId);
    if (own == null) {
      throw new IllegalArgumentException(
          "the ledger lists no TLS certificate for member " + memberId);
    }
    Map<String, X509Certificate> parsed = new TreeMap<>();
    for (Map.Entry<String, Bytes> listed : current.entrySet()) {
      try {
        parsed.put(listed.getKey(), MemberCertificate.parseCertificate(listed.getValue()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the TLS certificate the ledger lists for " + listed.getKey() + " is " + e.getMessage(),
            e);
      }
    }
    X509Certificate certificate = parsed.get(memberId);
    PrivateKey key = MemberCertificate.parsePrivateKey(privateKey);
    if (!SelfSignedCertificate.belongsTo(key, certificate)) {
      throw new IllegalArgumentException(
          "the TLS key is not the key of the certificate the ledger lists for "
              + memberId
              + " (SHA-256 "
              + MemberCertificate.fingerprint(own)
              + ")");
    }
    Instant now = clock.instant();
    if (!MemberCertificate.validAt(certificate, now)) {
      throw new IllegalArgumentException(
          "the TLS certificate of " + memberId + " is " + MemberCertificate.validity(certificate));
    }
    parsed.forEach(
        (member, other) -> {
          if (now.isAfter(other.getNotAfter().toInstant())) {
            LOG.warn(
                "The TLS certificate the ledger lists for member {} expired on {}: this node will"
                    + " refuse its connections until the member has a new one.",
                member,
                other.getNotAfter().toInstant());
          }
        });
    return new MemberTls(key, certificate, members, clock);
  }

  /**
   * Sets Ratis's gRPC server, client and admin channels to mutual TLS with these credentials, and
   * binds each member's certificate to its Raft peer id on this member's server ({@link
   * PeerIdBinding}).
   */
  void configure(Parameters parameters) {
    GrpcConfigKeys.TLS.setConf(parameters, grpcTls());
    PeerIdBinding binding = new PeerIdBinding(members, clock);
    GrpcConfigKeys.Server.setServicesCustomizer(
        parameters, (server, services) -> server.intercept(binding));
  }

  /** Ratis's TLS settings for this member: its key and certificate, trusting the members'. */
  GrpcTlsConfig grpcTls() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("member", key, IN_MEMORY, new Certificate[] {certificate});
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, IN_MEMORY);
      return new GrpcTlsConfig(
          keys.getKeyManagers()[0],
          new MemberTrustManager(() -> members.get().values(), clock),
          true);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot set up this member's TLS key for gRPC", e);
    }
  }
}
