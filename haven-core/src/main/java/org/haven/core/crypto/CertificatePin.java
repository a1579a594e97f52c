package org.haven.core.crypto;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import org.haven.core.bytes.Bytes;

/**
 * A TLS certificate pinned by the SHA-256 of its DER encoding, written {@code sha256:<64 hex>}: how
 * a client trusts a node's own certificate that no authority signed. {@code haven init} prints the
 * pin of the certificate it makes, and the same value may be typed with colons between the bytes or
 * in capitals, as {@code openssl x509 -fingerprint -sha256} prints it.
 */
public record CertificatePin(Hash sha256) {
  private static final String PREFIX = "sha256:";

  /** The pin of {@code certificate}. */
  public static CertificatePin of(X509Certificate certificate) {
    try {
      return new CertificatePin(Hash.sha256(Bytes.of(certificate.getEncoded())));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("Cannot encode a certificate to pin it", e);
    }
  }

  /**
   * Parses {@code sha256:<fingerprint>}.
   *
   * @throws IllegalArgumentException saying what the pin must look like
   */
  public static CertificatePin parse(String text) {
    String value = text.strip();
    if (!value.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "a pin is 'sha256:' and the certificate's SHA-256 fingerprint, as 'haven init' prints"
              + " it; got '"
              + text
              + "'");
    }
    String hex = value.substring(PREFIX.length()).replace(":", "").toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "the fingerprint after 'sha256:' must be 64 hex digits (32 bytes), got '"
              + value.substring(PREFIX.length())
              + "'");
    }
    return new CertificatePin(Hash.fromHex(hex));
  }

  /** Whether {@code certificate} is the pinned one. */
  public boolean matches(X509Certificate certificate) {
    return equals(of(certificate));
  }

  @Override
  public String toString() {
    return PREFIX + sha256.toHex();
  }
}
