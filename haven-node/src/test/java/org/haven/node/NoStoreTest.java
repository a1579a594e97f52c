package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.haven.core.identity.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No browser or proxy keeps what the node answers: every route of the API and every file of the web
 * app says {@code Cache-Control: no-store}, whoever asks and whatever the outcome, and logging out
 * tells the browser to drop what it cached. A shared computer's Back button then has nothing to
 * show after logout (docs/web-app.md, "After logout").
 */
class NoStoreTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String REGISTRAR = "ke.registrar.a";

  @TempDir Path root;

  private HavenNode node;
  private ApiClient registrar;
  private String child;

  @BeforeEach
  void start() throws Exception {
    node = SingleNodeLedger.writeTo(root).startWith(Map.of(REGISTRAR, Role.REGISTRAR), PASSWORD);
    registrar = new ApiClient(node.httpPort()).loggedIn(REGISTRAR, PASSWORD);
    ApiClient.Answer declared =
        registrar.post(
            "/children",
            Map.of(
                "evidence",
                "BIRTH_NOTIFICATION",
                "child",
                Map.of(
                    "givenNames", "Neema",
                    "familyNames", "Chebet",
                    "dateOfBirth", "2021-05-09",
                    "sex", "FEMALE")));
    assertThat(declared.status()).as("%s", declared).isEqualTo(201);
    child = declared.body().get("childNumber").asText();
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void everyGetRouteOfTheApi_isNeverStored_forAnOfficer() throws Exception {
    List<String> reads = node.httpRoutes().stream().filter(r -> r.startsWith("GET ")).toList();
    assertThat(reads).as("the API's reads").hasSizeGreaterThan(20);

    for (String route : reads) {
      ApiClient.Answer answer = registrar.get(concrete(route.substring("GET ".length())));

      assertThat(answer.header("Cache-Control")).as("%s: %s", route, answer).isEqualTo("no-store");
    }
  }

  @Test
  void everyRouteOfTheApi_isNeverStored_evenWhenRefused() throws Exception {
    ApiClient outsider = new ApiClient(node.httpPort());

    for (String route : node.httpRoutes()) {
      String[] methodAndPath = route.split(" ", 2);
      ApiClient.Answer answer = outsider.send(methodAndPath[0], concrete(methodAndPath[1]));

      assertThat(answer.header("Cache-Control")).as("%s: %s", route, answer).isEqualTo("no-store");
    }
    assertThat(outsider.get("/no-such-route").header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void everyFileOfTheWebApp_isNeverStored() throws Exception {
    Path web = Path.of(NoStoreTest.class.getResource("/web/index.html").toURI()).getParent();
    List<String> files;
    try (Stream<Path> walk = Files.walk(web)) {
      files =
          walk.filter(Files::isRegularFile).map(file -> web.relativize(file).toString()).toList();
    }
    assertThat(files).contains("registrar.html", "app.js", "i18n/common.en.json");

    for (String file : files) {
      ApiClient.Answer answer = registrar.getOutsideApi("/app/" + file);

      assertThat(answer.status()).as(file).isEqualTo(200);
      assertThat(answer.header("Cache-Control")).as(file).isEqualTo("no-store");
    }
    assertThat(registrar.getOutsideApi("/app/").header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void loggingOut_tellsTheBrowserToDropItsCache() throws Exception {
    ApiClient.Answer logout = registrar.delete("/session");

    assertThat(logout.status()).as("%s", logout).isEqualTo(204);
    assertThat(logout.header("Clear-Site-Data")).isEqualTo("\"cache\"");
    assertThat(registrar.get("/children/" + child).status()).isEqualTo(401);
  }

  /** The route with its path parameters filled: the declared child, or a well-formed unknown id. */
  private String concrete(String route) {
    String path =
        route
            .substring("/api/v1".length())
            .replace("{number}", child)
            .replaceAll("\\{[a-zA-Z]+\\}", "0".repeat(64));
    return URI.create("http://x" + path).getPath();
  }
}
