package org.haven.core.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * An ECDSA P-256 key pair, made on the machine that uses it, and a self-signed end-entity X.509
 * certificate for it: how a member's Raft TLS identity ({@link MemberCertificate}) and a node's
 * HTTPS certificate are both made. There is no certificate authority whose key someone would hold;
 * whoever connects trusts the certificate itself (by the ledger's list, or by a pinned
 * fingerprint).
 *
 * @param privateKey never leaves the machine
 * @param certificate names the subject CN and every alternative name
 */
public record SelfSignedCertificate(PrivateKey privateKey, X509Certificate certificate) {
  /** What a certificate's key may be used for in TLS. */
  public enum Purpose {
    /** A TLS server only, such as a node's HTTPS endpoint. */
    SERVER(KeyPurposeId.id_kp_serverAuth),
    /** Both ends of mutual TLS, such as the members' Raft connections. */
    SERVER_AND_CLIENT(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);

    private final KeyPurposeId[] ids;

    Purpose(KeyPurposeId... ids) {
      this.ids = ids;
    }
  }

  /**
   * Makes a new key pair and a certificate valid from {@code now} for {@code validity}.
   *
   * @param commonName the subject CN
   * @param alternativeNames the subject alternative names, at least one: each an IPv4 or IPv6
   *     literal (an IP address name) or else a DNS name
   */
  public static SelfSignedCertificate generate(
      String commonName,
      List<String> alternativeNames,
      Purpose purpose,
      Instant now,
      Duration validity,
      SecureRandom random) {
    if (alternativeNames.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one alternative name");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair keys = generator.generateKeyPair();
      X500Name subject =
          new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
      GeneralName[] names =
          alternativeNames.stream()
              .map(
                  name ->
                      new GeneralName(
                          IPAddress.isValid(name) ? GeneralName.iPAddress : GeneralName.dNSName,
                          name))
              .toArray(GeneralName[]::new);
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(127, random).add(BigInteger.ONE),
              Date.from(now),
              Date.from(now.plus(validity)),
              subject,
              keys.getPublic());
      builder
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose.ids));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      return new SelfSignedCertificate(keys.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("Cannot make a TLS certificate for " + commonName, e);
    }
  }

  /**
   * Whether {@code key} is the private key of {@code certificate}'s public key: proven by signing a
   * challenge with it and checking the signature with the certificate. Takes ECDSA and RSA keys,
   * the two kinds TLS certificates carry.
   */
  public static boolean belongsTo(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> null;
        };
    if (algorithm == null) {
      return false;
    }
    try {
      byte[] challenge = "haven/tls-key-check/v1".getBytes(StandardCharsets.UTF_8);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
