package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive that {@code ./mvnw package} builds, used as an operator would: unpacked with
 * tar into an empty directory, away from the source tree, and run with only Java, through its own
 * {@code bin/haven}: {@code init} makes a data directory, {@code node} serves it, and {@code
 * /ready} answers over HTTPS with the certificate {@code init} pinned. Run by failsafe after the
 * package phase; {@code haven.release} names the archive.
 */
class ReleasePackageIT {
  private static final Duration PATIENCE = Duration.ofSeconds(180);

  @TempDir Path temp;

  @Test
  void unpackedRelease_initsAndRunsANode_thatIsReadyOverHttps() throws Exception {
    Path archive = Path.of(System.getProperty("haven.release"));
    assertThat(archive).as("built by ./mvnw package").isRegularFile();
    Path unpacked = Files.createDirectories(temp.resolve("opt"));
    assertThat(run(unpacked, Map.of(), "tar", "-xzf", archive.toString()).exitCode).isZero();
    Path home = unpacked.resolve(archive.getFileName().toString().replace(".tar.gz", ""));

    Path haven = home.resolve("bin/haven");
    assertThat(Files.getPosixFilePermissions(haven)).contains(PosixFilePermission.OWNER_EXECUTE);
    try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
      assertThat(jars.map(jar -> jar.getFileName().toString()))
          .anyMatch(name -> name.startsWith("haven-cli-"))
          .anyMatch(name -> name.startsWith("rocksdbjni-"));
    }
    assertThat(home.resolve("docs/operations.md")).isRegularFile();
    assertThat(home.resolve("README.md")).isRegularFile();
    assertThat(Files.readString(home.resolve("systemd/haven-node.service")))
        .contains("User=haven")
        .contains("StateDirectoryMode=0700")
        .contains("UMask=0077")
        .contains("ExecStart=/opt/haven/bin/haven node --data-dir /var/lib/haven/node");

    Path work = Files.createDirectories(temp.resolve("work"));
    Path dataDir = work.resolve("node");
    int httpPort = HttpsCliTest.freePort();
    Ran init =
        run(
            work,
            Map.of("HAVEN_ADMIN_PASSWORD", "a long enough password"),
            haven.toString(),
            "init",
            "--data-dir",
            dataDir.toString(),
            "--org",
            "ke-civil-registry",
            "--name",
            "Kenya Civil Registration Services",
            "--country",
            "KE",
            "--http-port",
            String.valueOf(httpPort),
            "--raft-port",
            String.valueOf(HttpsCliTest.freePort()));
    assertThat(init.exitCode).as(init.output).isZero();
    String pin = InitCommandTest.printedPin(init.output);

    Path log = temp.resolve("node.log");
    Process node =
        new ProcessBuilder(haven.toString(), "node", "--data-dir", dataDir.toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      NodeHttp https =
          new NodeHttp(
              "https://127.0.0.1:" + httpPort, NodeClient.httpClient(NodeTrust.of(null, pin)));
      HttpResponse<String> ready = awaitReady(https, node, log);
      assertThat(ready.body()).contains("\"ready\":true");
      HttpResponse<String> metrics = https.outsideApi("/metrics", Map.of());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("haven_ready 1.0");
    } finally {
      node.destroy();
      assertThat(node.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
          .as("the node stops on SIGTERM")
          .isTrue();
    }
  }

  private static HttpResponse<String> awaitReady(NodeHttp https, Process node, Path log)
      throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      assertThat(node.isAlive()).as("the node runs; its log:%n%s", Files.readString(log)).isTrue();
      try {
        HttpResponse<String> ready = https.ready();
        if (ready.statusCode() == 200) {
          return ready;
        }
        last = ready.statusCode() + " " + ready.body();
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "/ready did not answer 200 within "
            + PATIENCE
            + ": "
            + last
            + "; log:\n"
            + Files.readString(log));
  }

  private record Ran(int exitCode, String output) {}

  /** Runs {@code command} in {@code directory} with {@code env} added, and waits for it. */
  private static Ran run(Path directory, Map<String, String> env, String... command)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(List.of(command)))
            .directory(directory.toFile())
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    return new Ran(process.exitValue(), output);
  }
}
