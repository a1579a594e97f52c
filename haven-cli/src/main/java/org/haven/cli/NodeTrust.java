package org.haven.cli;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.haven.core.crypto.CertificatePin;
import org.haven.core.crypto.Pem;
import org.haven.node.ConfigException;

/**
 * How the CLI trusts a node's HTTPS certificate: by a pinned fingerprint ({@code --pin}, as {@code
 * haven init} prints it), by a certificate authority ({@code --ca-file}, the organisation's), or,
 * if neither is given, by this machine's usual authorities. A pin trusts that one certificate and
 * no other, whatever name it carries; an authority's certificate must also name the host in the
 * node's URL. {@code haven login} saves the choice with the session, so that later commands keep
 * it.
 *
 * @param caFile the authority's PEM certificates, as an absolute path; null if not given
 * @param pins the certificates to accept; empty if not given
 */
record NodeTrust(Path caFile, List<CertificatePin> pins) {
  /** This machine's usual authorities: neither a CA file nor a pin. */
  static final NodeTrust SYSTEM = new NodeTrust(null, List.of());

  NodeTrust {
    caFile = caFile == null ? null : caFile.toAbsolutePath();
    pins = List.copyOf(pins);
    if (caFile != null && !pins.isEmpty()) {
      throw new ConfigException(
          "Give --ca-file or --pin, not both: a pin already names the one certificate to trust.");
    }
  }

  /**
   * The trust the options say.
   *
   * @throws ConfigException if the pin is malformed
   */
  static NodeTrust of(Path caFile, String pin) {
    if (pin == null) {
      return new NodeTrust(caFile, List.of());
    }
    try {
      return new NodeTrust(caFile, List.of(CertificatePin.parse(pin)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--pin: " + e.getMessage() + ".");
    }
  }

  /** A pin, as saved in the session file; absent if the session trusts otherwise. */
  Optional<String> pin() {
    return pins.size() == 1 ? Optional.of(pins.get(0).toString()) : Optional.empty();
  }

  /**
   * Checks that this trust can be used with {@code node}: a CA file or pin makes sense only for an
   * https:// node, where it is the whole protection.
   *
   * @throws ConfigException otherwise
   */
  void checkScheme(URI node) {
    if ((caFile != null || !pins.isEmpty()) && !"https".equals(node.getScheme())) {
      throw new ConfigException(
          (caFile != null ? "--ca-file" : "--pin")
              + " checks a node's HTTPS certificate, but "
              + node
              + " is plain HTTP: use the node's https:// URL.");
    }
  }

  /** The TLS context that checks the node's certificate as this trust says. */
  SSLContext sslContext() {
    try {
      TrustManager[] managers;
      if (!pins.isEmpty()) {
        managers = new TrustManager[] {new PinnedTrustManager(pins)};
      } else {
        KeyStore store = null;
        if (caFile != null) {
          store = KeyStore.getInstance("PKCS12");
          store.load(null, null);
          int i = 0;
          for (X509Certificate authority : readCaFile(caFile)) {
            store.setCertificateEntry("ca-" + i++, authority);
          }
        }
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        managers = factory.getTrustManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, managers, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot set up TLS to check the node's certificate", e);
    }
  }

  /**
   * What went wrong in a TLS handshake with {@code node}, in words that say what to do; empty if
   * {@code e} is not a TLS failure.
   */
  Optional<String> explain(IOException e, URI node) {
    if (!(e instanceof SSLException)) {
      return Optional.empty();
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PinMismatch mismatch) {
        return Optional.of(mismatch.getMessage());
      }
    }
    String message = String.valueOf(rootMessage(e));
    if (message.contains("PKIX path") || message.contains("unable to find valid certification")) {
      return Optional.of(
          "the node at "
              + node
              + " presented a certificate that "
              + (caFile != null
                  ? "the authority in " + caFile + " did not sign"
                  : "no authority this machine trusts signed")
              + ". Pass --pin with the fingerprint 'haven init' printed for the node, or"
              + " --ca-file with the certificate of the authority that signed it.");
    }
    if (message.contains("subject alternative") || message.contains("No name matching")) {
      return Optional.of(
          "the certificate of the node at "
              + node
              + " does not name "
              + node.getHost()
              + ": use the name or address it was made for, or --pin.");
    }
    return Optional.of("TLS with the node at " + node + " failed: " + message);
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }

  private static List<X509Certificate> readCaFile(Path file) {
    try {
      return Pem.certificates(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new ConfigException("--ca-file: cannot read " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--ca-file: " + file + " " + e.getMessage() + ".", e);
    }
  }

  /** The node presented a certificate other than the pinned one. */
  private static final class PinMismatch extends CertificateException {
    private static final long serialVersionUID = 1L;

    PinMismatch(String message) {
      super(message);
    }
  }

  /**
   * Accepts the pinned certificates only. Extended, so that the JDK does not add its own check of
   * the host name: the pin names the certificate itself, which is stronger.
   */
  private static final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final List<CertificatePin> pins;

    PinnedTrustManager(List<CertificatePin> pins) {
      this.pins = pins;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the node presented no certificate");
      }
      if (pins.stream().noneMatch(pin -> pin.matches(chain[0]))) {
        throw new PinMismatch(
            "the node presented the certificate "
                + CertificatePin.of(chain[0])
                + ", not the pinned "
                + (pins.size() == 1 ? pins.get(0) : pins)
                + ". Someone may be intercepting the connection, or the node has a new"
                + " certificate: check the fingerprint with the node's operator. Nothing was"
                + " sent.");
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("the CLI accepts no client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("the CLI accepts no client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("the CLI accepts no client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
