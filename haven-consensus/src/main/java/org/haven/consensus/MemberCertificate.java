package org.haven.consensus;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;

/**
 * A member's TLS identity for the Raft port: an ECDSA P-256 key pair, made on the member's own
 * machine, and a self-signed X.509 certificate naming the member (its Raft peer id) in the subject
 * CN and as a DNS subject alternative name. Genesis lists the certificates; there is no certificate
 * authority whose key someone would hold. P-256 rather than Ed25519 because every TLS stack the
 * gRPC transport may use (BoringSSL, the JDK) accepts it for client and server certificates.
 *
 * @param privateKey PKCS#8 DER; it never leaves the member's machine
 * @param certificate X.509 DER, as genesis lists it
 */
public record MemberCertificate(Bytes privateKey, Bytes certificate) {
  /** How long a new certificate is valid: replacing one is a change of genesis today. */
  public static final Duration VALIDITY = Duration.ofDays(10 * 366);

  /**
   * Makes a new key pair and a certificate for {@code memberId}, valid from {@code now} for {@code
   * validity}.
   *
   * @param memberId the member's Raft peer id (its organisation id)
   */
  public static MemberCertificate generate(
      String memberId, Instant now, Duration validity, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, memberId).build();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  new BigInteger(127, random).add(BigInteger.ONE),
                  Date.from(now),
                  Date.from(now.plus(validity)),
                  subject,
                  keys.getPublic())
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(new GeneralName(GeneralName.dNSName, memberId)))
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                      }));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      return new MemberCertificate(
          Bytes.of(keys.getPrivate().getEncoded()), Bytes.of(certificate.getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("Cannot make a TLS certificate for " + memberId, e);
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

  /** Whether {@code certificate} is valid at {@code now}. */
  static boolean validAt(X509Certificate certificate, Instant now) {
    return !now.isBefore(certificate.getNotBefore().toInstant())
        && !now.isAfter(certificate.getNotAfter().toInstant());
  }

  /** "valid only from ... to ...", for messages about a certificate used outside its validity. */
  static String validity(X509Certificate certificate) {
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
