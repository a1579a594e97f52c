package org.haven.core.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM text (RFC 7468), the form in which certificate authorities and tools such as openssl hand out
 * certificates and keys: {@code -----BEGIN CERTIFICATE-----} and an unencrypted private key as
 * {@code PRIVATE KEY} (PKCS#8), {@code EC PRIVATE KEY} or {@code RSA PRIVATE KEY}. Encrypted keys
 * are refused: a node must start unattended.
 */
public final class Pem {
  private Pem() {}

  /**
   * The certificates in {@code text}, in order: a certificate and then the chain to its authority.
   *
   * @throws IllegalArgumentException if there is none, or a block is not a certificate
   */
  public static List<X509Certificate> certificates(String text) {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
        if (!(block instanceof X509CertificateHolder holder)) {
          throw new IllegalArgumentException(
              "holds a " + describe(block) + " where only certificates belong");
        }
        certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
      }
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException("is not PEM certificates: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /**
   * The one unencrypted private key in {@code text}.
   *
   * @throws IllegalArgumentException if there is none, it is encrypted, or there is more
   */
  public static PrivateKey privateKey(String text) {
    Object block;
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      block = parser.readObject();
      if (block != null && parser.readObject() != null) {
        throw new IllegalArgumentException("holds more than one PEM block; give the key alone");
      }
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (block instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (block instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("is not a PEM private key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        block == null
            ? "holds no PEM private key (-----BEGIN PRIVATE KEY-----)"
            : "holds a "
                + describe(block)
                + ", not an unencrypted private key (decrypt it first, e.g. 'openssl pkey -in"
                + " FILE -out KEY')");
  }

  /** {@code certificate} as PEM text. */
  public static String encode(X509Certificate certificate) {
    return write(certificate);
  }

  /** {@code key} as unencrypted PKCS#8 PEM text ({@code -----BEGIN PRIVATE KEY-----}). */
  public static String encode(PrivateKey key) {
    try {
      return write(new JcaPKCS8Generator(key, null).generate());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode a private key as PKCS#8", e);
    }
  }

  private static String write(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write PEM text", e);
    }
    return text.toString();
  }

  private static String describe(Object block) {
    String name = block.getClass().getSimpleName();
    return name.startsWith("PKCS8Encrypted") || name.startsWith("PEMEncrypted")
        ? "encrypted private key"
        : name;
  }
}
