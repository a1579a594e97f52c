package org.haven.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.haven.core.crypto.CertificatePin;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.crypto.Pem;
import org.haven.core.crypto.SelfSignedCertificate;

/**
 * The certificate and key a node serves its HTTP API with over TLS, as PEM files: one {@code haven
 * init} made (self-signed; clients pin its fingerprint), or one from the organisation's certificate
 * authority (clients trust the authority). It is a key of its own, apart from the member's Raft TLS
 * key: it faces officers' browsers and may be replaced by the organisation alone.
 *
 * @param chain the node's certificate first, then the chain to its authority if any
 * @param key the certificate's private key
 */
public record HttpsCertificate(List<X509Certificate> chain, PrivateKey key) {
  /** Where {@code haven init} writes the certificate it makes, in the data directory. */
  public static final String CERTIFICATE_FILE = "keys/http.crt";

  /** Where {@code haven init} writes that certificate's key, readable by the owner only. */
  public static final String KEY_FILE = "keys/http.key";

  public HttpsCertificate {
    chain = List.copyOf(chain);
  }

  /** The node's own certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** The pin clients give as {@code --pin}. */
  public CertificatePin pin() {
    return CertificatePin.of(certificate());
  }

  /**
   * Makes a self-signed certificate naming {@code names} (DNS names or IP addresses, the first also
   * its CN), valid for {@link MemberCertificate#VALIDITY}, and writes it and its key to {@value
   * #CERTIFICATE_FILE} and {@value #KEY_FILE} in {@code dataDir}.
   *
   * @return the {@code httpTls} entry of node.json that names the two files
   */
  public static NodeConfig.HttpTls generate(
      Path dataDir, List<String> names, Instant now, SecureRandom random) throws IOException {
    SelfSignedCertificate made =
        SelfSignedCertificate.generate(
            names.get(0),
            names,
            SelfSignedCertificate.Purpose.SERVER,
            now,
            MemberCertificate.VALIDITY,
            random);
    KeyFile.writeSecretText(dataDir.resolve(KEY_FILE), Pem.encode(made.privateKey()));
    Files.writeString(
        dataDir.resolve(CERTIFICATE_FILE),
        Pem.encode(made.certificate()),
        StandardCharsets.US_ASCII);
    return new NodeConfig.HttpTls(CERTIFICATE_FILE, KEY_FILE);
  }

  /**
   * Reads the PEM files {@code tls} names (relative to {@code dataDir} unless absolute) and checks
   * that the key is the certificate's and that the certificate is valid at {@code now}.
   *
   * @throws ConfigException naming the file and what is wrong with it
   */
  public static HttpsCertificate read(Path dataDir, NodeConfig.HttpTls tls, Instant now) {
    Path certificateFile = dataDir.resolve(tls.certificateFile());
    Path keyFile = dataDir.resolve(tls.keyFile());
    List<X509Certificate> chain = readPem(certificateFile, "certificate", Pem::certificates);
    PrivateKey key = readPem(keyFile, "key", Pem::privateKey);
    if (!SelfSignedCertificate.belongsTo(key, chain.get(0))) {
      throw new ConfigException(
          "The HTTPS key "
              + keyFile
              + " is not the key of the certificate "
              + certificateFile
              + " (the first one in the file): give the certificate and key that belong together.");
    }
    if (!MemberCertificate.validAt(chain.get(0), now)) {
      throw new ConfigException(
          "The HTTPS certificate "
              + certificateFile
              + " is "
              + MemberCertificate.validity(chain.get(0))
              + ", not now ("
              + now
              + "): clients would refuse it. Put a current certificate there (docs/operations.md,"
              + " \"TLS\").");
    }
    return new HttpsCertificate(chain, key);
  }

  private static <T> T readPem(Path file, String what, Function<String, T> parse) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ConfigException("Cannot read the HTTPS " + what + " " + file + ": " + e, e);
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("The HTTPS " + what + " " + file + " " + e.getMessage() + ".", e);
    }
  }
}
