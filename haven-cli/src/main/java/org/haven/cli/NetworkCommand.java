package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.haven.core.crypto.CertificatePin;
import org.haven.core.identity.Officer;
import org.haven.core.tx.Transaction;
import org.haven.node.ConfigException;
import org.haven.node.HttpsCertificate;
import org.haven.node.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A local consortium: one node process per member on loopback, one Raft group, for trying the
 * network on one machine. Every member serves HTTPS with its own self-signed certificate, as a
 * member made by {@code haven init} does, and the command prints each one's pin. Members on
 * separate machines are set up with {@code haven init}; see docs/consensus.md.
 */
@Command(
    name = "network",
    mixinStandardHelpOptions = true,
    description =
        "Start or stop a local consortium: one node process per member, on loopback, each"
            + " serving HTTPS with its own certificate.",
    subcommands = {NetworkCommand.Up.class, NetworkCommand.Down.class})
final class NetworkCommand {
  static final String PID_FILE = "node.pid";
  static final String LOG_FILE = "node.log";

  /**
   * How long a member may take to start and a leader to be elected. On a shared two-core machine
   * under load, a node's JVM alone has been seen to take over 90 s to start.
   */
  private static final Duration PATIENCE = Duration.ofSeconds(300);

  private static final String LOOPBACK = "127.0.0.1";

  private NetworkCommand() {}

  /** Options shared by both commands. */
  static final class NetworkDir {
    @Option(
        names = "--dir",
        required = true,
        paramLabel = "DIR",
        description = "The network's directory: one data directory per member.")
    Path dir;
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = {
        "Create a consortium of N demo members in DIR (unless it exists) and start one node"
            + " process per member; waits until the group has a leader, then enrols the demo"
            + " officers (password as for 'haven demo'), who log in at the first member's node."
      })
  static final class Up implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin NetworkDir network;

    @Option(
        names = "--members",
        defaultValue = "3",
        description =
            "How many members, 1 to ${DEFAULT-VALUE}... up to 3 (default: ${DEFAULT-VALUE}).")
    int members;

    @Override
    public Integer call() throws Exception {
      if (members < 1 || members > DemoCommand.MEMBERS.size()) {
        throw new ConfigException(
            "--members must be 1 to " + DemoCommand.MEMBERS.size() + ", got " + members);
      }
      if (Files.exists(network.dir)) {
        throw new ConfigException(
            network.dir + " already exists; choose a new directory, or 'haven network down' it.");
      }
      PrintWriter out = spec.commandLine().getOut();
      List<DemoLedger.Member> chosen = DemoCommand.MEMBERS.subList(0, members);
      DemoLedger ledger = DemoLedger.createNetwork(network.dir, chosen);
      List<String> urls = new ArrayList<>();
      List<CertificatePin> pins = new ArrayList<>();
      SecureRandom random = new SecureRandom();
      for (DemoLedger.Member member : chosen) {
        Path dataDir = network.dir.resolve(member.id());
        NodeConfig config = NodeConfig.read(dataDir);
        config
            .withHttpTls(
                HttpsCertificate.generate(dataDir, List.of(LOOPBACK), Instant.now(), random))
            .write(dataDir);
        pins.add(pinOf(dataDir));
        long pid = launch(dataDir);
        Files.writeString(dataDir.resolve(PID_FILE), Long.toString(pid));
        urls.add("https://" + LOOPBACK + ":" + config.httpPort());
        out.printf("Started %s (pid %d), log %s%n", member.id(), pid, dataDir.resolve(LOG_FILE));
        out.flush();
      }
      HttpClient http = NodeClient.httpClient(new NodeTrust(null, pins));
      for (String url : urls) {
        awaitStatus(http, url);
      }
      String leader = awaitLeader(http, urls);
      List<String> memberIds = chosen.stream().map(DemoLedger.Member::id).toList();
      List<Officer> officers =
          DemoCommand.demoOfficers(ledger).stream()
              .filter(officer -> memberIds.contains(officer.org().value()))
              .toList();
      // Each officer's sealed key goes to their own organisation's node only: that is where they
      // log in, and no other member should hold it.
      for (Officer officer : officers) {
        submit(http, urls.get(0), ledger.enrol(officer));
        ledger.saveCredential(
            network.dir.resolve(officer.org().value()), officer.id(), DemoCommand.DEMO_PASSWORD);
      }
      for (Officer admin : ledger.genesis().admins()) {
        ledger.saveCredential(
            network.dir.resolve(admin.org().value()), admin.id(), DemoCommand.DEMO_PASSWORD);
      }
      out.printf("%nConsortium of %d members is up; leader %s.%n", members, leader);
      for (int i = 0; i < urls.size(); i++) {
        out.printf("  %-20s %s  --pin %s%n", chosen.get(i).id(), urls.get(i), pins.get(i));
      }
      out.printf(
          "Every member serves HTTPS with its own certificate; give its pin to the CLI. Officers"
              + " log in at their own organisation's node ('haven login --node URL --pin PIN') with"
              + " the demo password %s; 'haven status --node URL --pin PIN' shows each member;"
              + " stop with 'haven network down --dir %s'.%n",
          DemoCommand.DEMO_PASSWORD, network.dir);
      return 0;
    }

    /** The pin of the HTTPS certificate of the node in {@code dataDir}. */
    static CertificatePin pinOf(Path dataDir) {
      return HttpsCertificate.read(dataDir, NodeConfig.read(dataDir).httpTls(), Instant.now())
          .pin();
    }

    /** Starts {@code haven node} for one member as its own process, with this JVM's classpath. */
    static long launch(Path dataDir) throws IOException {
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              HavenCli.class.getName(),
              "node",
              "--data-dir",
              dataDir.toString());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve(LOG_FILE).toFile()))
              .start();
      return process.pid();
    }

    static void awaitStatus(HttpClient http, String url) throws Exception {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (status(http, url).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new ConfigException(
              "The node at "
                  + url
                  + " did not start within "
                  + PATIENCE.toSeconds()
                  + " s; see its log.");
        }
        Thread.sleep(200);
      }
    }

    static String awaitLeader(HttpClient http, List<String> urls) throws Exception {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (System.nanoTime() < deadline) {
        for (String url : urls) {
          Optional<JsonNode> status = status(http, url);
          if (status.isPresent() && status.get().path("leader").asBoolean()) {
            return status.get().path("nodeId").asText();
          }
        }
        Thread.sleep(200);
      }
      throw new ConfigException(
          "The members elected no leader within " + PATIENCE.toSeconds() + " s.");
    }

    private static void submit(HttpClient http, String url, Transaction tx) throws Exception {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/api/v1/transactions"))
                  .header("Content-Type", "application/octet-stream")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(tx.encoded().toArray()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new ConfigException("A demo enrolment was refused: " + response.body());
      }
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = "Stop every node process of a local consortium started with 'network up'.")
  static final class Down implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin NetworkDir network;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      List<Path> pidFiles;
      try (var dirs = Files.list(network.dir)) {
        pidFiles = dirs.map(dir -> dir.resolve(PID_FILE)).filter(Files::isRegularFile).toList();
      } catch (IOException e) {
        throw new ConfigException("Cannot read " + network.dir + ": " + e.getMessage());
      }
      for (Path pidFile : pidFiles) {
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
          process.get().destroy();
          try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
          } catch (java.util.concurrent.TimeoutException e) {
            process.get().destroyForcibly();
          }
        }
        Files.delete(pidFile);
        out.printf("Stopped %s (pid %d)%n", pidFile.getParent().getFileName(), pid);
      }
      if (pidFiles.isEmpty()) {
        out.println("No running members in " + network.dir + ".");
      }
      return 0;
    }
  }

  /** A member's status, or empty while it does not answer. */
  static Optional<JsonNode> status(HttpClient http, String url) throws InterruptedException {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/api/v1/status"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? Optional.of(Json.MAPPER.readTree(response.body()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
