package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haven demo} in its own JVM: it sets up, serves, stops on SIGTERM and leaves a sound
 * ledger.
 */
class DemoCommandTest {
  private static final Pattern RUNNING = Pattern.compile("^Haven demo is running");
  private static final Pattern STATUS_URL =
      Pattern.compile("curl http://127\\.0\\.0\\.1:(\\d+)/api/v1/status$");
  private static final int DEMO_OFFICERS = 7;

  @TempDir Path temp;

  private HavenProcess demo;

  @AfterEach
  void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void demo_servesItsOfficersAndStopsCleanlyOnSigterm() throws Exception {
    Path dataDir = temp.resolve("demo");
    demo =
        HavenProcess.start(
            temp.resolve("demo-stderr.log"),
            "demo",
            "--http-port",
            "0",
            "--data-dir",
            dataDir.toString());

    demo.awaitLine(RUNNING);
    int port = Integer.parseInt(demo.awaitLine(STATUS_URL).group(1));
    JsonNode status = new NodeHttp(port).status();

    assertThat(status.get("height").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(status.get("leader").asBoolean()).isTrue();
    long transactions = status.get("treeSize").asLong();
    assertThat(transactions).isGreaterThan(DEMO_OFFICERS);

    String session = temp.resolve("session.json").toString();
    CliRun login =
        CliRun.run(
            "login",
            "--node",
            "http://127.0.0.1:" + port,
            "--session-file",
            session,
            "--officer",
            "ke.registrar.otieno",
            "--password-file",
            Files.writeString(temp.resolve("password"), DemoCommand.DEMO_PASSWORD).toString());
    assertThat(login.exitCode()).as(login.toString()).isZero();
    for (String list : List.of("declarations", "duplicates", "alerts")) {
      CliRun items = CliRun.run(list, "--session-file", session, "--json");
      assertThat(items.exitCode()).as(items.toString()).isZero();
      assertThat(new ObjectMapper().readTree(items.out()).get("items").size())
          .as("the demo has %s", list)
          .isPositive();
    }

    assertThat(demo.terminate()).as("exits on SIGTERM; stderr:%n%s", demo.stderr()).isTrue();
    for (String personal : List.of("Amina", "Wanjiru", "Baraka", "Kiprotich", "2019-03-14")) {
      assertThat(demo.stderr()).as("the log").doesNotContain(personal);
      try (Stream<Path> files = Files.walk(temp)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
              .as("%s holds %s in clear", file, personal)
              .doesNotContain(personal);
        }
      }
    }
    CliRun verify = CliRun.run("verify", "--data-dir", dataDir.toString(), "--no-progress");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    // The node may have added its checkpoint cosignature after the status was read.
    Matcher verified =
        Pattern.compile("Ledger OK: \\d+ blocks, (\\d+) transactions").matcher(verify.out());
    assertThat(verified.find()).as(verify.out()).isTrue();
    assertThat(Long.parseLong(verified.group(1))).isGreaterThanOrEqualTo(transactions);
  }
}
