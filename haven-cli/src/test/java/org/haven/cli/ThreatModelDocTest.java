package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/threat-model.md names, for every attack, the test that tries it. A renamed or deleted test
 * would leave a row that promises a check nobody runs, so each {@code Class#method} the document
 * names must be a test method in the tree.
 */
class ThreatModelDocTest {
  private static final Pattern TEST_NAME = Pattern.compile("`([A-Z][A-Za-z0-9]*Test)(?:#(\\w+))?`");

  @Test
  void everyTestTheThreatModelNames_existsInTheTree() throws IOException {
    Path root = Path.of(System.getProperty("haven.testdata", "../testdata")).getParent();
    String doc = Files.readString(root.resolve("docs").resolve("threat-model.md"));
    Map<String, Path> testClasses = testClasses(root);

    List<String> named = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Matcher matcher = TEST_NAME.matcher(doc);
    while (matcher.find()) {
      String testClass = matcher.group(1);
      Optional<String> method = Optional.ofNullable(matcher.group(2));
      named.add(matcher.group());
      Path file = testClasses.get(testClass);
      if (file == null) {
        missing.add(testClass + " (no such test class)");
      } else if (method.isPresent()
          && !Pattern.compile("void " + method.get() + "\\(")
              .matcher(Files.readString(file))
              .find()) {
        missing.add(testClass + "#" + method.get() + " (no such method)");
      }
    }

    assertThat(named).as("tests named in docs/threat-model.md").hasSizeGreaterThan(50);
    assertThat(missing).as("tests docs/threat-model.md names that do not exist").isEmpty();
  }

  private static Map<String, Path> testClasses(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root, 12)) {
      return files
          .filter(path -> path.toString().contains("/src/test/java/"))
          .filter(path -> path.getFileName().toString().endsWith("Test.java"))
          .collect(
              Collectors.toMap(
                  path -> path.getFileName().toString().replace(".java", ""),
                  path -> path,
                  (first, second) -> first));
    }
  }
}
