package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.haven.core.crypto.Pem;
import org.haven.node.HavenNode;
import org.haven.node.HttpsCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI checks a node's HTTPS certificate, through the real node: by the pin {@code haven init}
 * printed, or by the organisation's CA file; a wrong pin, an unknown authority and a name the
 * certificate does not carry are refused with a message that says what to do, and nothing is saved.
 */
class HttpsCliTest {
  private static final String ORG = "ke-civil-registry";
  private static final String ADMIN = ORG + ".admin";
  private static final String PASSWORD = "a long enough password";

  @TempDir Path temp;

  @Test
  void loginWithThePinInitPrinted_isRemembered_andAWrongPinIsRefused() throws Exception {
    Path dataDir = temp.resolve("node");
    CliRun init = init(dataDir);
    assertThat(init.exitCode()).as(init.toString()).isZero();
    String pin = InitCommandTest.printedPin(init.out());
    String wrongPin = "sha256:" + "00".repeat(32);
    Path session = temp.resolve("session.json");
    try (HavenNode node = HavenNode.start(dataDir)) {
      String url = node.httpUrl();

      CliRun wrong = login(url, session, "--pin", wrongPin);
      assertThat(wrong.exitCode()).as(wrong.toString()).isNotZero();
      assertThat(wrong.err())
          .contains("the node presented the certificate " + pin + ", not the pinned " + wrongPin)
          .contains("Someone may be intercepting the connection");
      assertThat(session).as("nothing saved after a refusal").doesNotExist();

      CliRun unpinned = login(url, session);
      assertThat(unpinned.exitCode()).as(unpinned.toString()).isNotZero();
      assertThat(unpinned.err())
          .contains("no authority this machine trusts signed")
          .contains("--pin");
      assertThat(session).doesNotExist();

      CliRun plain = login(url.replace("https://", "http://"), session, "--pin", pin);
      assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
      assertThat(plain.err()).contains("--pin checks a node's HTTPS certificate").contains("http");

      CliRun login = login(url, session, "--pin", pin);
      assertThat(login.exitCode()).as(login.toString()).isZero();
      JsonNode saved = Json.MAPPER.readTree(Files.readString(session));
      assertThat(saved.get("node").asText()).isEqualTo(url);
      assertThat(saved.get("pin").asText()).as("the session remembers the pin").isEqualTo(pin);

      CliRun enrol = enrol(session, "ke.registrar.pinned");
      assertThat(enrol.exitCode())
          .as("a later command checks the node by the saved pin: %s", enrol)
          .isZero();

      Path device = temp.resolve("device");
      CliRun hijacked =
          CliRun.run(
              "bundle",
              "export",
              "--dir",
              device.toString(),
              "--session-file",
              session.toString(),
              "--pin",
              wrongPin);
      assertThat(hijacked.exitCode()).as(hijacked.toString()).isNotZero();
      assertThat(hijacked.err()).contains("not the pinned " + wrongPin);
      if (Files.exists(device)) {
        try (Stream<Path> files = Files.list(device)) {
          assertThat(files).as("nothing saved on the device").isEmpty();
        }
      }
      CliRun export = awaitExport(device, session);
      assertThat(export.out())
          .as(
              "over HTTPS to the pinned node, the genesis it serves is trusted without a fingerprint")
          .contains("Device ready in " + device);
    }
  }

  @Test
  void aCertificateFromTheOrganisationsCa_isCheckedWithTheCaFile() throws Exception {
    Authority ca = Authority.create("Kenya Civil Registry Issuing CA");
    Authority stranger = Authority.create("Someone Else's CA");
    KeyPair nodeKeys = ecKeys();
    X509Certificate nodeCertificate = ca.issue("127.0.0.1", nodeKeys);
    Path certificateFile =
        Files.writeString(temp.resolve("node.crt"), Pem.encode(nodeCertificate) + ca.pem());
    Path keyFile = Files.writeString(temp.resolve("node.key"), Pem.encode(nodeKeys.getPrivate()));
    Path caFile = Files.writeString(temp.resolve("ca.crt"), ca.pem());
    Path strangerFile = Files.writeString(temp.resolve("stranger.crt"), stranger.pem());
    Path dataDir = temp.resolve("node");
    CliRun init =
        init(dataDir, "--http-cert", certificateFile.toString(), "--http-key", keyFile.toString());
    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.out()).contains("HTTPS certificate (your CA's): " + certificateFile);
    Path session = temp.resolve("session.json");
    try (HavenNode node = HavenNode.start(dataDir)) {
      String url = node.httpUrl();

      CliRun unknown = login(url, session, "--ca-file", strangerFile.toString());
      assertThat(unknown.exitCode()).as(unknown.toString()).isNotZero();
      assertThat(unknown.err()).contains("the authority in " + strangerFile + " did not sign");
      assertThat(session).doesNotExist();

      String byName = url.replace("127.0.0.1", "localhost");
      CliRun otherName = login(byName, session, "--ca-file", caFile.toString());
      assertThat(otherName.exitCode()).as(otherName.toString()).isNotZero();
      assertThat(otherName.err()).contains("does not name localhost");

      CliRun login = login(url, session, "--ca-file", caFile.toString());
      assertThat(login.exitCode()).as(login.toString()).isZero();
      assertThat(Json.MAPPER.readTree(Files.readString(session)).get("caFile").asText())
          .isEqualTo(caFile.toAbsolutePath().toString());
      CliRun enrol = enrol(session, "ke.registrar.by-ca");
      assertThat(enrol.exitCode()).as(enrol.toString()).isZero();
    }
  }

  @Test
  void initWithACertificateAndTheWrongKey_failsAndWritesNothing() throws Exception {
    Authority ca = Authority.create("Kenya Civil Registry Issuing CA");
    X509Certificate nodeCertificate = ca.issue("127.0.0.1", ecKeys());
    Path certificateFile = Files.writeString(temp.resolve("node.crt"), Pem.encode(nodeCertificate));
    Path keyFile = Files.writeString(temp.resolve("node.key"), Pem.encode(ecKeys().getPrivate()));
    Path dataDir = temp.resolve("node");

    CliRun init =
        init(dataDir, "--http-cert", certificateFile.toString(), "--http-key", keyFile.toString());

    assertThat(init.exitCode()).as(init.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(init.err()).contains("is not the key of the certificate " + certificateFile);
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void initBehindTlsProxy_writesTheOptionAndMakesNoCertificate() throws Exception {
    Path dataDir = temp.resolve("node");

    CliRun init = init(dataDir, "--behind-tls-proxy", "--host", "0.0.0.0");

    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.out()).contains("behind a TLS proxy").doesNotContain("HTTPS certificate pin");
    JsonNode config = Json.MAPPER.readTree(dataDir.resolve("node.json").toFile());
    assertThat(config.get("behindTlsProxy").asBoolean()).isTrue();
    assertThat(config.get("httpTls").isNull()).isTrue();
    assertThat(dataDir.resolve(HttpsCertificate.CERTIFICATE_FILE)).doesNotExist();
  }

  @Test
  void initOnEveryAddressWithoutANameForTheCertificate_isRefusedAndWritesNothing()
      throws Exception {
    Path dataDir = temp.resolve("node");

    CliRun init = init(dataDir, "--host", "0.0.0.0");

    assertThat(init.exitCode()).as(init.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(init.err()).contains("--http-name");
    assertThat(dataDir).doesNotExist();
  }

  /** Bundle export once the node has made its first bundle, which follows a final checkpoint. */
  private CliRun awaitExport(Path device, Path session) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      CliRun export =
          CliRun.run(
              "bundle", "export", "--dir", device.toString(), "--session-file", session.toString());
      if (export.exitCode() == 0 || System.nanoTime() > deadline) {
        assertThat(export.exitCode()).as(export.toString()).isZero();
        return export;
      }
      Thread.sleep(500);
    }
  }

  private CliRun enrol(Path session, String officer) throws IOException {
    return CliRun.run(
        "officer",
        "enrol",
        "--session-file",
        session.toString(),
        "--id",
        officer,
        "--role",
        "REGISTRAR",
        "--jurisdiction",
        "KE",
        "--password-file",
        Files.writeString(temp.resolve("password.txt"), PASSWORD).toString());
  }

  private CliRun login(String url, Path session, String... trust) throws IOException {
    Path password = Files.writeString(temp.resolve("password.txt"), PASSWORD);
    String[] base = {
      "login",
      "--node",
      url,
      "--session-file",
      session.toString(),
      "--officer",
      ADMIN,
      "--password-file",
      password.toString()
    };
    return CliRun.run(Stream.concat(Stream.of(base), Stream.of(trust)).toArray(String[]::new));
  }

  private CliRun init(Path dataDir, String... more) throws IOException {
    Path password = Files.writeString(temp.resolve("password.txt"), PASSWORD);
    String[] base = {
      "init",
      "--admin-password-file",
      password.toString(),
      "--data-dir",
      dataDir.toString(),
      "--org",
      ORG,
      "--name",
      "Kenya Civil Registration Services",
      "--country",
      "KE",
      "--http-port",
      "0",
      "--raft-port",
      String.valueOf(freePort())
    };
    return CliRun.run(Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static KeyPair ecKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** A certificate authority, as an organisation runs one: a CA certificate that signs others. */
  private record Authority(X500Name name, KeyPair keys, X509Certificate certificate) {
    static Authority create(String commonName) throws Exception {
      KeyPair keys = ecKeys();
      X500Name name = new X500Name("CN=" + commonName);
      Instant now = Instant.now();
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          name,
                          BigInteger.ONE,
                          Date.from(now.minus(Duration.ofDays(1))),
                          Date.from(now.plus(Duration.ofDays(365))),
                          name,
                          keys.getPublic())
                      .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                      .build(
                          new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      return new Authority(name, keys, certificate);
    }

    X509Certificate issue(String ipAddress, KeyPair subject) throws Exception {
      Instant now = Instant.now();
      return new JcaX509CertificateConverter()
          .getCertificate(
              new JcaX509v3CertificateBuilder(
                      name,
                      BigInteger.TWO,
                      Date.from(now.minus(Duration.ofDays(1))),
                      Date.from(now.plus(Duration.ofDays(90))),
                      new X500Name("CN=" + ipAddress),
                      subject.getPublic())
                  .addExtension(
                      Extension.subjectAlternativeName,
                      false,
                      new GeneralNames(new GeneralName(GeneralName.iPAddress, ipAddress)))
                  .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    String pem() {
      return Pem.encode(certificate);
    }
  }
}
