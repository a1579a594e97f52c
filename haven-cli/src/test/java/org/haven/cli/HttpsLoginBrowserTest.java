package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.haven.core.crypto.Pem;
import org.haven.core.identity.Role;
import org.haven.node.HavenNode;
import org.haven.node.HttpsCertificate;
import org.haven.node.NodeConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;

/**
 * The web app over HTTPS: the demo node restarted with a self-signed certificate, as {@code haven
 * init} makes one, and Chromium trusting that certificate's key alone (as an officer who checked
 * the fingerprint would). Every test of {@link LoginBrowserTest} runs again over HTTPS.
 */
class HttpsLoginBrowserTest extends LoginBrowserTest {
  /**
   * After the base class has started the demo and the browser: restarts the node over HTTPS, and
   * the browser trusting its certificate.
   */
  @BeforeAll
  static void serveOverHttps() throws Exception {
    Path dir = dataDir.resolve("node");
    driver.quit();
    demo.node().close();
    NodeConfig.HttpTls tls =
        HttpsCertificate.generate(dir, List.of("127.0.0.1"), Instant.now(), new SecureRandom());
    NodeConfig.read(dir).withHttpTls(tls).write(dir);
    byte[] spki =
        Pem.certificates(Files.readString(dir.resolve(tls.certificateFile())))
            .get(0)
            .getPublicKey()
            .getEncoded();
    String spkiPin =
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    demo =
        new DemoCommand.Running(
            HavenNode.start(dir), demo.officers(), demo.children(), demo.ledger());
    baseUrl = demo.node().httpUrl();
    driver =
        startChromium(
            dataDir.resolve("chromium-profile-https"),
            "--ignore-certificate-errors-spki-list=" + spkiPin);
  }

  @Test
  void overHttps_theSessionCookieIsSecureAndTheApiAnswersInThePage() {
    assertThat(baseUrl).startsWith("https://127.0.0.1:");
    loginAs(Role.REGISTRAR);
    assertThat(driver.getCurrentUrl()).startsWith(baseUrl).endsWith("/app/registrar.html");
    Cookie session = driver.manage().getCookieNamed("haven_session");
    assertThat(session).isNotNull();
    assertThat(session.isSecure()).isTrue();
    assertThat(session.isHttpOnly()).isTrue();
    Map<String, Object> answer = fetchInPage("GET", "/api/v1/session", null, null);
    assertThat(answer.get("status")).as("%s", answer).isEqualTo(200L);
    assertThat((String) answer.get("body")).contains("\"role\":\"REGISTRAR\"");
  }
}
