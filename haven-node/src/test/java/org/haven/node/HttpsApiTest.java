package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.haven.core.crypto.Pem;
import org.haven.core.identity.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's HTTP API over TLS, through the real server: HTTPS with the node's own certificate and
 * HSTS; plain HTTP refused off loopback; sessions refused where they would cross the network in
 * clear.
 */
class HttpsApiTest {
  private static final String OFFICER = "ke.registrar.tls";

  @TempDir Path root;

  @Test
  void httpsNode_servesTheApiAndTheWebAppWithHsts() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    X509Certificate certificate = serveTls(ledger.dataDir());
    try (HavenNode node =
        ledger.startWith(Map.of(OFFICER, Role.REGISTRAR), RegistryScenarioTest.PASSWORD)) {
      String origin = "https://127.0.0.1:" + node.httpPort();
      HttpClient trusting = trusting(certificate);
      ApiClient client = new ApiClient(origin, trusting, Map.of());

      ApiClient.Answer login = client.login(OFFICER, RegistryScenarioTest.PASSWORD);
      assertThat(login.status()).as("%s", login).isEqualTo(200);
      assertThat(login.header("Strict-Transport-Security")).isEqualTo(HttpEndpoint.HSTS);
      ApiClient.Answer session = client.get("/session");
      assertThat(session.status()).as("%s", session).isEqualTo(200);
      assertThat(session.header("Strict-Transport-Security")).isEqualTo(HttpEndpoint.HSTS);
      ApiClient.Answer missing = client.get("/no-such-route");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.header("Strict-Transport-Security"))
          .as("errors too")
          .isEqualTo(HttpEndpoint.HSTS);
      HttpResponse<String> page =
          trusting.send(
              HttpRequest.newBuilder(URI.create(origin + "/app/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Strict-Transport-Security"))
          .as("the web app's pages too")
          .hasValue(HttpEndpoint.HSTS);

      assertThatThrownBy(
              () ->
                  HttpClient.newHttpClient()
                      .send(
                          HttpRequest.newBuilder(URI.create(origin + "/api/v1/status")).build(),
                          HttpResponse.BodyHandlers.ofString()))
          .as("a client that does not trust the node's certificate gets nothing")
          .hasMessageContaining("PKIX");
    }
  }

  @Test
  void plainHttpOnLoopback_carriesSessionsButNoHsts() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    try (HavenNode node =
        ledger.startWith(Map.of(OFFICER, Role.REGISTRAR), RegistryScenarioTest.PASSWORD)) {
      ApiClient.Answer login =
          new ApiClient(node.httpPort()).login(OFFICER, RegistryScenarioTest.PASSWORD);
      assertThat(login.status()).as("%s", login).isEqualTo(200);
      assertThat(login.header("Strict-Transport-Security")).isNull();
    }
  }

  @Test
  void plainHttpOnANonLoopbackAddress_isRefusedWithoutBehindTlsProxy() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    editConfig(ledger.dataDir(), config -> config.put("httpHost", "0.0.0.0"));

    assertThatThrownBy(() -> HavenNode.start(ledger.dataDir()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Refusing to serve plain HTTP on 0.0.0.0")
        .hasMessageContaining("\"behindTlsProxy\": true")
        .hasMessageContaining("httpTls");
    assertThat(ledger.dataDir().resolve(HavenNode.LEDGER_DIR))
        .as("refused before anything was opened")
        .doesNotExist();
  }

  @Test
  void behindTlsProxy_refusesSessionsTheProxyDidNotForwardFromHttps() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    editConfig(ledger.dataDir(), config -> config.put("behindTlsProxy", true));
    try (HavenNode node =
        ledger.startWith(Map.of(OFFICER, Role.REGISTRAR), RegistryScenarioTest.PASSWORD)) {
      String origin = "http://127.0.0.1:" + node.httpPort();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      ApiClient direct = new ApiClient(origin, http, Map.of());
      ApiClient fromPlainHttp = new ApiClient(origin, http, Map.of("X-Forwarded-Proto", "http"));
      ApiClient throughProxy = new ApiClient(origin, http, Map.of("X-Forwarded-Proto", "https"));

      for (ApiClient clear : List.of(direct, fromPlainHttp)) {
        ApiClient.Answer refused = clear.login(OFFICER, RegistryScenarioTest.PASSWORD);
        assertThat(refused.status()).as("%s", refused).isEqualTo(403);
        assertThat(refused.body().get("type").asText()).endsWith("https-required");
        assertThat(refused.body().get("detail").asText()).contains("X-Forwarded-Proto: https");
        assertThat(refused.body().has("token")).isFalse();
        assertThat(refused.header("Set-Cookie")).as("no session cookie either").isNull();
        assertThat(refused.header("Strict-Transport-Security")).isNull();
      }

      ApiClient.Answer login = throughProxy.login(OFFICER, RegistryScenarioTest.PASSWORD);
      assertThat(login.status()).as("%s", login).isEqualTo(200);
      assertThat(login.header("Strict-Transport-Security")).isEqualTo(HttpEndpoint.HSTS);
      String token = login.body().get("token").asText();
      assertThat(throughProxy.get("/session").status()).isEqualTo(200);

      ApiClient.Answer stolenUse = direct.inSession(token).get("/session");
      assertThat(stolenUse.status())
          .as("a token sent around the proxy, in clear, is refused: %s", stolenUse)
          .isEqualTo(403);
      assertThat(stolenUse.body().get("type").asText()).endsWith("https-required");
      assertThat(direct.inSession(null).get("/status").status())
          .as("reads without a session need no HTTPS")
          .isEqualTo(200);
    }
  }

  @Test
  void aKeyThatIsNotTheCertificates_isRefusedAtStart() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    serveTls(ledger.dataDir());
    Path other = Files.createDirectories(root.resolve("other"));
    HttpsCertificate.generate(other, List.of("127.0.0.1"), Instant.now(), new SecureRandom());
    Files.copy(
        other.resolve(HttpsCertificate.KEY_FILE),
        ledger.dataDir().resolve(HttpsCertificate.KEY_FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> HavenNode.start(ledger.dataDir()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not the key of the certificate");
  }

  /** Gives the node a self-signed certificate for 127.0.0.1, as 'haven init' does. */
  static X509Certificate serveTls(Path dataDir) throws Exception {
    NodeConfig.HttpTls tls =
        HttpsCertificate.generate(
            dataDir, List.of("127.0.0.1", "localhost"), Instant.now(), new SecureRandom());
    NodeConfig.read(dataDir).withHttpTls(tls).write(dataDir);
    return Pem.certificates(Files.readString(dataDir.resolve(tls.certificateFile()))).get(0);
  }

  /** A client that trusts {@code certificate} only, checking the node's name against it. */
  static HttpClient trusting(X509Certificate certificate) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("node", certificate);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
  }

  private interface ConfigEdit {
    void apply(ObjectNode config);
  }

  private static void editConfig(Path dataDir, ConfigEdit edit) throws Exception {
    Path file = dataDir.resolve(NodeConfig.FILE_NAME);
    ObjectNode config = (ObjectNode) GenesisFile.JSON.readTree(file.toFile());
    edit.apply(config);
    GenesisFile.JSON.writeValue(file.toFile(), config);
  }
}
