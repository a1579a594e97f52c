package org.haven.core.crypto;

import java.io.ByteArrayInputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.GeneralName;
import org.haven.core.bytes.Bytes;

/**
 * A member's TLS identity for the Raft port: an ECDSA P-256 key pair, made on the member's own
 * machine, and a self-signed X.509 certificate ({@link SelfSignedCertificate}) naming the member
 * (its Raft peer id) in the subject CN and as a DNS subject alternative name. The ledger lists the
 * members' certificates (genesis the founders', an admission a new member's); there is no
 * certificate authority whose key someone would hold. P-256 rather than Ed25519 because every TLS
 * stack the gRPC transport may use (BoringSSL, the JDK) accepts it for client and server
 * certificates.
 *
 * <p>The ledger checks a certificate that names a new member ({@link #problem}) the way a founding
 * member's is made here, so that the member's node is sure to be accepted by every other one.
 *
 * @param privateKey PKCS#8 DER; it never leaves the member's machine
 * @param certificate X.509 DER, as genesis lists it
 */
public record MemberCertificate(Bytes privateKey, Bytes certificate) {
  /**
   * How long a new certificate is valid: replacing one means admitting the member again with a new
   * one today.
   */
  public static final Duration VALIDITY = Duration.ofDays(10 * 366);

  /**
   * Makes a new key pair and a certificate for {@code memberId}, valid from {@code now} for {@code
   * validity}.
   *
   * @param memberId the member's Raft peer id (its organisation id)
   */
  public static MemberCertificate generate(
      String memberId, Instant now, Duration validity, SecureRandom random) {
    SelfSignedCertificate made =
        SelfSignedCertificate.generate(
            memberId,
            List.of(memberId),
            SelfSignedCertificate.Purpose.SERVER_AND_CLIENT,
            now,
            validity,
            random);
    try {
      return new MemberCertificate(
          Bytes.of(made.privateKey().getEncoded()), Bytes.of(made.certificate().getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("Cannot encode the TLS certificate of " + memberId, e);
    }
  }

  /**
   * Parses a DER certificate.
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static X509Certificate parseCertificate(Bytes der) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der.toArray()));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a DER X.509 certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a PKCS#8 DER ECDSA private key.
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static PrivateKey parsePrivateKey(Bytes pkcs8) {
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8.toArray()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PKCS#8 ECDSA private key: " + e.getMessage(), e);
    }
  }

  /**
   * What is wrong with {@code der} as the TLS certificate of member {@code memberId} at {@code at},
   * or empty if nothing: it must be a DER X.509 certificate of an ECDSA P-256 key, self-signed,
   * naming the member in its subject CN and as a DNS subject alternative name, and valid at {@code
   * at}.
   */
  public static Optional<String> problem(String memberId, Bytes der, Instant at) {
    X509Certificate certificate;
    try {
      certificate = parseCertificate(der);
    } catch (IllegalArgumentException e) {
      return Optional.of("the TLS certificate is " + e.getMessage());
    }
    if (!(certificate.getPublicKey() instanceof ECPublicKey key) || !isP256(key.getParams())) {
      return Optional.of(
          "the TLS certificate's key must be ECDSA P-256 (as 'haven init' makes it), got "
              + certificate.getPublicKey().getAlgorithm());
    }
    String expected = new X500Principal("CN=" + memberId).getName();
    if (!certificate.getSubjectX500Principal().getName().equals(expected)
        || !namesInAlternativeNames(certificate, memberId)) {
      return Optional.of(
          "the TLS certificate names "
              + certificate.getSubjectX500Principal().getName()
              + ", not the member "
              + memberId
              + " (subject CN and DNS alternative name); make it with 'haven init --org "
              + memberId
              + "'");
    }
    if (!validAt(certificate, at)) {
      return Optional.of("the TLS certificate is " + validity(certificate) + ", not at " + at);
    }
    try {
      certificate.verify(certificate.getPublicKey());
    } catch (GeneralSecurityException e) {
      return Optional.of(
          "the TLS certificate is not self-signed by its own key: " + e.getMessage());
    }
    return Optional.empty();
  }

  private static boolean isP256(ECParameterSpec params) {
    try {
      AlgorithmParameters p256 = AlgorithmParameters.getInstance("EC");
      p256.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec expected = p256.getParameterSpec(ECParameterSpec.class);
      return expected.getCurve().equals(params.getCurve())
          && expected.getGenerator().equals(params.getGenerator())
          && expected.getOrder().equals(params.getOrder());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JDK does not know the P-256 curve", e);
    }
  }

  private static boolean namesInAlternativeNames(X509Certificate certificate, String memberId) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      return names != null
          && names.stream()
              .anyMatch(
                  name ->
                      Integer.valueOf(GeneralName.dNSName).equals(name.get(0))
                          && memberId.equals(name.get(1)));
    } catch (CertificateException e) {
      return false;
    }
  }

  /** Whether {@code certificate} is valid at {@code now}. */
  public static boolean validAt(X509Certificate certificate, Instant now) {
    return !now.isBefore(certificate.getNotBefore().toInstant())
        && !now.isAfter(certificate.getNotAfter().toInstant());
  }

  /** "valid only from ... to ...", for messages about a certificate used outside its validity. */
  public static String validity(X509Certificate certificate) {
    return "valid only from "
        + certificate.getNotBefore().toInstant()
        + " to "
        + certificate.getNotAfter().toInstant();
  }

  /** The SHA-256 of a certificate's DER, in hex: how operators compare certificates. */
  public static String fingerprint(Bytes der) {
    return Hash.sha256(der).toHex();
  }
}
