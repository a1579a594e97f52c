package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document the node serves describes exactly the routes the running Javalin app has,
 * and is structurally an OpenAPI 3.1 document: operations with responses, declared path parameters,
 * and references that resolve.
 */
class OpenApiDocumentTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
  private static final Pattern TEMPLATE = Pattern.compile("\\{([^}]+)}");

  @TempDir static Path root;

  private static HavenNode node;
  private static JsonNode document;

  @BeforeAll
  static void start() throws Exception {
    node = HavenNode.start(SingleNodeLedger.writeTo(root).dataDir());
    ApiClient.Answer answer = new ApiClient(node.httpPort()).get("/openapi.json");
    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    assertThat(answer.header("Content-Type")).startsWith("application/json");
    document = answer.body();
  }

  @AfterAll
  static void stop() throws IOException {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void documentsEveryRouteThatExists_andNoOther() {
    String base = document.at("/servers/0/url").asText();
    assertThat(base).isEqualTo("/api/v1");
    Set<String> documented = new TreeSet<>();
    document
        .get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        method -> {
                          if (METHODS.contains(method.getKey())) {
                            documented.add(
                                method.getKey().toUpperCase() + " " + base + path.getKey());
                          }
                        }));

    Set<String> real = new TreeSet<>(node.httpRoutes());

    assertThat(real).as("the app serves routes").hasSizeGreaterThan(40);
    assertThat(documented).as("documented but not served").isSubsetOf(real);
    assertThat(real).as("served but not documented").isSubsetOf(documented);
  }

  @Test
  void isAnOpenApi31DocumentWithResponsesOnEveryOperation() {
    assertThat(document.get("openapi").asText()).startsWith("3.1.");
    assertThat(document.at("/info/title").asText()).isNotBlank();
    assertThat(document.at("/info/version").asText()).isNotBlank();
    List<String> problems = new ArrayList<>();
    document
        .get("paths")
        .properties()
        .forEach(
            path -> {
              assertThat(path.getKey()).startsWith("/");
              path.getValue()
                  .properties()
                  .forEach(operation -> checkOperation(path.getKey(), operation, problems));
            });
    assertThat(problems).isEmpty();
  }

  private static void checkOperation(
      String path, Map.Entry<String, JsonNode> operation, List<String> problems) {
    String where = operation.getKey().toUpperCase() + " " + path;
    if (!METHODS.contains(operation.getKey())) {
      problems.add(where + ": not an HTTP method");
      return;
    }
    JsonNode responses = operation.getValue().get("responses");
    if (responses == null || responses.isEmpty()) {
      problems.add(where + ": no responses");
      return;
    }
    boolean success =
        responses.properties().stream().anyMatch(code -> code.getKey().startsWith("2"));
    if (!success) {
      problems.add(where + ": no success response");
    }
    if (!responses.has("4XX") || !responses.get("4XX").has("$ref")) {
      problems.add(where + ": client errors are not documented as problem details");
    }
    Set<String> declared = new TreeSet<>();
    operation
        .getValue()
        .path("parameters")
        .forEach(
            parameter -> {
              if (parameter.path("in").asText().equals("path")) {
                declared.add(parameter.get("name").asText());
                if (!parameter.path("required").asBoolean()) {
                  problems.add(where + ": path parameter " + parameter.get("name") + " optional");
                }
              }
            });
    Set<String> inTemplate = new TreeSet<>();
    Matcher matcher = TEMPLATE.matcher(path);
    while (matcher.find()) {
      inTemplate.add(matcher.group(1));
    }
    if (!declared.equals(inTemplate)) {
      problems.add(where + ": path parameters " + declared + " but template has " + inTemplate);
    }
    JsonNode security = operation.getValue().get("security");
    if (operation.getKey().equals("post")
        && security != null
        && !security.isEmpty()
        && !security.toString().contains("csrfToken")) {
      problems.add(where + ": a cookie session must send the CSRF header");
    }
  }

  @Test
  void everyReferenceResolves_andErrorsAreProblemDetails() {
    List<String> references = new ArrayList<>();
    collectReferences(document, references);
    assertThat(references).hasSizeGreaterThan(50);
    for (String reference : references) {
      assertThat(reference).as(reference).startsWith("#/");
      assertThat(document.at(reference.substring(1)).isMissingNode())
          .as("%s resolves", reference)
          .isFalse();
    }
    assertThat(document.at("/components/responses/Problem/content").has("application/problem+json"))
        .isTrue();
    assertThat(document.at("/components/schemas/Problem/required").toString())
        .contains("type", "title", "status", "detail");
    assertThat(document.at("/components/securitySchemes").properties())
        .extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("bearerToken", "sessionCookie", "csrfToken");
  }

  private static void collectReferences(JsonNode node, List<String> references) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              field -> {
                if (field.getKey().equals("$ref")) {
                  references.add(field.getValue().asText());
                } else {
                  collectReferences(field.getValue(), references);
                }
              });
    } else if (node.isArray()) {
      node.forEach(element -> collectReferences(element, references));
    }
  }
}
