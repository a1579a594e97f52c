package org.haven.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code the web app ships but did not write (web/vendor/) is exactly what docs/web-app.md says
 * was taken, with its licence beside it: a vendored file changed by hand, or swapped for another,
 * fails here before any browser runs it.
 */
class VendoredFilesTest {

  @Test
  void everyVendoredScript_hasItsLicence_andTheHashTheDocsRecord() throws Exception {
    Path root = Path.of(System.getProperty("haven.testdata", "../testdata")).getParent();
    String doc = Files.readString(root.resolve("docs").resolve("web-app.md"));
    List<Path> scripts;
    try (Stream<Path> files = Files.list(WebMessagesTest.web().resolve("vendor"))) {
      scripts = files.filter(f -> f.toString().endsWith(".js")).sorted().toList();
    }
    assertThat(scripts).as("vendored scripts").isNotEmpty();
    for (Path script : scripts) {
      String name = script.getFileName().toString();
      Path licence = script.resolveSibling(name.replace(".js", ".LICENSE"));
      assertThat(licence).as("the licence of %s", name).isRegularFile();
      assertThat(Files.readString(licence)).isNotBlank();
      String sha256 =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(script)));
      assertThat(doc)
          .as("docs/web-app.md records vendor/%s with its SHA-256", name)
          .contains("`vendor/" + name + "`")
          .contains(sha256);
    }
  }
}
