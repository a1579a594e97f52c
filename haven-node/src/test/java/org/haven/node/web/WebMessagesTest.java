package org.haven.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.haven.core.tx.Kind;
import org.haven.node.api.ApiProblem;
import org.junit.jupiter.api.Test;

/**
 * The web app's message bundles: English, French, Swahili and Arabic hold the same keys with the
 * same {placeholders}, and every key a page or its script names is in the bundles that page loads.
 * (That no page shows text outside the bundles is checked in a real browser by WebPagesBrowserTest
 * in haven-cli.)
 */
class WebMessagesTest {
  static final List<String> LANGUAGES = List.of("en", "fr", "sw", "ar");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
  private static final Pattern BUNDLES = Pattern.compile("data-bundles=\"([^\"]+)\"");
  private static final Pattern HTML_KEY = Pattern.compile("data-i18n(?:-[a-z-]+)?=\"([^\"]+)\"");

  /** A string literal in a script that may be a message key: "prefix.name". */
  private static final Pattern SCRIPT_LITERAL =
      Pattern.compile(
          "\"([a-z][A-Za-z]*)\\.(?!(?:html|js|json|css|png)\")([A-Za-z][A-Za-z0-9_.]*)\"");

  private final ObjectMapper json = new ObjectMapper();

  static Path web() throws URISyntaxException {
    return Path.of(WebMessagesTest.class.getResource("/web/index.html").toURI()).getParent();
  }

  @Test
  void everyBundle_hasTheSameKeysInEveryLanguage_andNoEmptyMessage() throws Exception {
    List<Path> english;
    try (Stream<Path> files = Files.list(web().resolve("i18n"))) {
      english = files.filter(f -> f.toString().endsWith(".en.json")).sorted().toList();
    }
    assertThat(english).isNotEmpty();
    for (Path bundle : english) {
      String name = bundle.getFileName().toString().replace(".en.json", "");
      Set<String> keys = keys(name, "en");
      for (String lang : LANGUAGES) {
        assertThat(keys(name, lang)).as("keys of %s.%s.json", name, lang).isEqualTo(keys);
        JsonNode messages =
            json.readTree(web().resolve("i18n/" + name + "." + lang + ".json").toFile());
        for (Iterator<String> it = messages.fieldNames(); it.hasNext(); ) {
          String key = it.next();
          assertThat(messages.get(key).isTextual() && !messages.get(key).asText().isBlank())
              .as("%s.%s.json: %s is a non-empty text", name, lang, key)
              .isTrue();
        }
      }
    }
  }

  @Test
  void everyTranslation_keepsTheEnglishPlaceholders() throws Exception {
    List<String> broken = new ArrayList<>();
    List<Path> english;
    try (Stream<Path> files = Files.list(web().resolve("i18n"))) {
      english = files.filter(f -> f.toString().endsWith(".en.json")).sorted().toList();
    }
    for (Path bundle : english) {
      String name = bundle.getFileName().toString().replace(".en.json", "");
      JsonNode source = json.readTree(bundle.toFile());
      for (String lang : LANGUAGES) {
        JsonNode translated =
            json.readTree(web().resolve("i18n/" + name + "." + lang + ".json").toFile());
        for (Iterator<String> it = source.fieldNames(); it.hasNext(); ) {
          String key = it.next();
          List<String> expected = placeholders(source.get(key).asText());
          if (translated.has(key) && !placeholders(translated.get(key).asText()).equals(expected)) {
            broken.add(name + "." + lang + ".json: " + key + " must hold " + expected);
          }
        }
      }
    }
    assertThat(broken).as("translations that lost or renamed a {placeholder}").isEmpty();
  }

  private static List<String> placeholders(String message) {
    return matches(PLACEHOLDER, message).stream().sorted().toList();
  }

  @Test
  void everyKeyAPageOrItsScriptNames_isInItsBundles() throws Exception {
    List<String> missing = new ArrayList<>();
    List<Path> pages;
    try (Stream<Path> files = Files.list(web())) {
      pages = files.filter(f -> f.toString().endsWith(".html")).sorted().toList();
    }
    assertThat(pages).extracting(p -> p.getFileName().toString()).contains("index.html");
    for (Path page : pages) {
      String html = Files.readString(page, StandardCharsets.UTF_8);
      Matcher bundles = BUNDLES.matcher(html);
      assertThat(bundles.find()).as("%s names its bundles on <body data-bundles>", page).isTrue();
      for (String lang : LANGUAGES) {
        Set<String> known = new TreeSet<>();
        for (String bundle : bundles.group(1).split("\\s+")) {
          known.addAll(keys(bundle, lang));
        }
        Set<String> named = new TreeSet<>(matches(HTML_KEY, html));
        for (String script : scriptsOf(html)) {
          named.addAll(scriptKeys(Files.readString(web().resolve(script))));
        }
        named.removeAll(known);
        named.forEach(key -> missing.add(page.getFileName() + " (" + lang + "): " + key));
      }
    }
    assertThat(missing).as("keys named but not in the page's bundles").isEmpty();
  }

  @Test
  void everyTransactionKind_isNamedInTheAuditorsBundles() throws Exception {
    for (String lang : LANGUAGES) {
      Set<String> keys = keys("auditor", lang);
      assertThat(Arrays.stream(Kind.values()).map(kind -> "auditor.kind." + kind.name()))
          .as("auditor.%s.json names every kind a proof may prove", lang)
          .allMatch(keys::contains);
    }
  }

  /**
   * The string literals of a script that look like message keys: "prefix.name" where prefix starts
   * a key of some bundle (so "image/jpeg" or "haven.session" are not taken for keys).
   */
  private Set<String> scriptKeys(String script) throws IOException, URISyntaxException {
    Set<String> prefixes = new TreeSet<>();
    try (Stream<Path> files = Files.list(web().resolve("i18n"))) {
      for (Path file : files.toList()) {
        json.readTree(file.toFile())
            .fieldNames()
            .forEachRemaining(key -> prefixes.add(key.substring(0, key.indexOf('.'))));
      }
    }
    Set<String> keys = new TreeSet<>();
    Matcher matcher = SCRIPT_LITERAL.matcher(script);
    while (matcher.find()) {
      if (prefixes.contains(matcher.group(1))) {
        keys.add(matcher.group(1) + "." + matcher.group(2));
      }
    }
    return keys;
  }

  private static List<String> scriptsOf(String html) {
    return matches(Pattern.compile("<script src=\"([^\"]+)\""), html);
  }

  private static List<String> matches(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  @Test
  void everyFieldFaultTheNodeAnswers_isSaidInEveryLanguage() throws Exception {
    for (String lang : LANGUAGES) {
      Set<String> common = keys("common", lang);
      for (ApiProblem.FieldFault fault : ApiProblem.FieldFault.values()) {
        assertThat(common)
            .as("common.%s.json says errors[].code %s", lang, fault.code())
            .contains("problem.field." + fault.code());
      }
    }
  }

  private Set<String> keys(String bundle, String lang) throws IOException, URISyntaxException {
    Path file = web().resolve("i18n/" + bundle + "." + lang + ".json");
    assertThat(file).as("bundle %s in %s", bundle, lang).exists();
    Set<String> keys = new TreeSet<>();
    json.readTree(file.toFile()).fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
