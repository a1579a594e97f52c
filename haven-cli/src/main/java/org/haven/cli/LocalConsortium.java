package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.haven.core.tx.Transaction;
import org.haven.node.ConfigException;
import org.haven.node.NodeConfig;
import org.haven.storage.Directories;

/**
 * Three members of a fresh demo consortium, each its own node process on this machine (made like
 * {@code haven network up}: Raft over gRPC with mutual TLS on loopback), in a temporary directory,
 * for the benchmarks. Closing it stops the processes and deletes the directory.
 */
final class LocalConsortium implements AutoCloseable {
  static final List<DemoLedger.Member> MEMBERS =
      List.of(
          new DemoLedger.Member("bench-org", "Benchmark Registry", "KE"),
          new DemoLedger.Member("bench-ug", "Benchmark Registry Uganda", "UG"),
          new DemoLedger.Member("bench-un", "Benchmark Agency", "KE"));

  /** The most transactions the node takes in one batch request. */
  static final int MAX_BATCH = 1000;

  /**
   * Setup goes to one member. Each submission in flight holds an HTTP/1.1 connection, and a member
   * starved of CPU reset connections when a thousand were opened to it at once.
   */
  private static final int SETUP_IN_FLIGHT = 256;

  /** Members idle below this share of one core, together, count as quiet. */
  private static final double QUIET_SHARE = 0.05;

  private static final Duration QUIET_PATIENCE = Duration.ofSeconds(300);

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Path root;
  private final DemoLedger ledger;
  private final Map<String, Long> pids = new ConcurrentHashMap<>();
  private final Map<String, String> urls = new LinkedHashMap<>();

  private LocalConsortium(Path root, DemoLedger ledger) {
    this.root = root;
    this.ledger = ledger;
  }

  /**
   * Creates the consortium, lets {@code configure} change each member's {@code node.json}, starts
   * the members and waits until they answer.
   */
  static LocalConsortium start(UnaryOperator<NodeConfig> configure) throws Exception {
    Path root = Files.createTempDirectory("haven-bench-");
    LocalConsortium consortium = new LocalConsortium(root, DemoLedger.createNetwork(root, MEMBERS));
    // A benchmark stopped with Ctrl-C or SIGTERM runs no finally block: stop the members anyway.
    Runtime.getRuntime().addShutdownHook(new Thread(consortium::stopAll, "stop-bench-members"));
    try {
      for (DemoLedger.Member member : MEMBERS) {
        Path dataDir = consortium.dataDir(member.id());
        NodeConfig config = configure.apply(NodeConfig.read(dataDir));
        config.write(dataDir);
        consortium.urls.put(member.id(), "http://127.0.0.1:" + config.httpPort());
        consortium.launch(member.id());
      }
      for (String url : consortium.urls()) {
        NetworkCommand.Up.awaitStatus(consortium.http, url);
      }
      return consortium;
    } catch (Exception e) {
      consortium.close();
      throw e;
    }
  }

  DemoLedger ledger() {
    return ledger;
  }

  Path root() {
    return root;
  }

  Path dataDir(String member) {
    return root.resolve(member);
  }

  /** The members' base URLs, in the order of {@link #MEMBERS}. */
  List<String> urls() {
    return List.copyOf(urls.values());
  }

  String url(String member) {
    return urls.get(member);
  }

  /** The process ids of the running members. */
  List<Long> pids() {
    return List.copyOf(pids.values());
  }

  long pid(String member) {
    return pids.get(member);
  }

  /** Starts the member's node process, and returns at once. */
  void launch(String member) throws IOException {
    pids.put(member, NetworkCommand.Up.launch(dataDir(member)));
  }

  /** Stops the member's node process as an operator would (SIGTERM) and waits until it ends. */
  void stop(String member) {
    Long pid = pids.remove(member);
    if (pid != null) {
      ProcessHandle.of(pid)
          .ifPresent(
              process -> {
                process.destroy();
                process.onExit().join();
              });
    }
  }

  /** The member that leads the group, once there is one. */
  String awaitLeader() throws Exception {
    return NetworkCommand.Up.awaitLeader(http, urls());
  }

  /** Commits {@code phases} one after the other through the first member. */
  void commitSetup(List<List<Transaction>> phases) throws Exception {
    for (List<Transaction> phase : phases) {
      submitAll(urls().subList(0, 1), phase, SETUP_IN_FLIGHT, MAX_BATCH);
    }
  }

  /**
   * Submits to {@code entries} in turn, in requests of {@code batch} transactions, with {@code
   * inFlight} transactions awaiting their answer at any moment, and waits for every answer.
   */
  void submitAll(List<String> entries, List<Transaction> txs, int inFlight, int batch)
      throws Exception {
    int perRequest = Math.min(batch, inFlight);
    Semaphore slots = new Semaphore(inFlight);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int from = 0, request = 0; from < txs.size(); from += perRequest, request++) {
      List<Transaction> chunk = txs.subList(from, Math.min(txs.size(), from + perRequest));
      slots.acquire(chunk.size());
      answers.add(
          http.sendAsync(
                  submission(entries.get(request % entries.size()), chunk), BodyHandlers.ofString())
              .whenComplete((response, failure) -> slots.release(chunk.size())));
    }
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> response = answer.get();
      JsonNode body = Json.MAPPER.readTree(response.body());
      for (JsonNode result : body.has("results") ? body.get("results") : List.of(body)) {
        if (response.statusCode() != 200 || !result.has("id")) {
          throw new ConfigException("A benchmark transaction was refused: " + result);
        }
      }
    }
  }

  /** One transaction to {@code /transactions}, several to {@code /transactions/batch}. */
  static HttpRequest submission(String url, List<Transaction> txs) {
    if (txs.size() == 1) {
      return HttpRequest.newBuilder(URI.create(url + "/api/v1/transactions"))
          .header("Content-Type", "application/octet-stream")
          .POST(HttpRequest.BodyPublishers.ofByteArray(txs.get(0).encoded().toArray()))
          .build();
    }
    String body =
        txs.stream()
            .map(tx -> "\"" + tx.encoded().toBase64() + "\"")
            .collect(Collectors.joining(",", "{\"transactions\":[", "]}"));
    return HttpRequest.newBuilder(URI.create(url + "/api/v1/transactions/batch"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** A member's {@code GET /status}, or empty while it does not answer. */
  Optional<JsonNode> status(String member) throws InterruptedException {
    return NetworkCommand.status(http, url(member));
  }

  /**
   * Waits until every running member has applied the same ledger, and returns its tree size: a
   * member checks a submission against what it has applied, so a measurement starts once the setup
   * is everywhere.
   */
  long awaitSameHead(Duration patience) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      List<Long> sizes = new ArrayList<>();
      for (String member : pids.keySet()) {
        status(member).ifPresent(status -> sizes.add(status.get("treeSize").asLong()));
      }
      if (sizes.size() == pids.size() && sizes.stream().distinct().count() == 1) {
        return sizes.get(0);
      }
      Thread.sleep(100);
    }
    throw new ConfigException(
        "The members did not apply the same ledger within " + patience.toSeconds() + " s.");
  }

  /**
   * Waits until the members, idle, use under {@link #QUIET_SHARE} of one core over a second: a
   * member's JIT compiler works through its queue and RocksDB compacts for a while after a burst,
   * and a measurement taken meanwhile would share the cores with them.
   */
  void awaitQuiet(PrintWriter out) throws InterruptedException {
    out.print("Waiting for the members to go quiet (JIT compilation, compaction) ...");
    out.flush();
    long started = System.nanoTime();
    long deadline = started + QUIET_PATIENCE.toNanos();
    Duration last = cpu();
    while (System.nanoTime() < deadline) {
      Thread.sleep(1000);
      Duration now = cpu();
      boolean quiet = now.minus(last).toMillis() < QUIET_SHARE * 1000;
      last = now;
      if (quiet) {
        out.printf(" quiet after %.0f s%n", (System.nanoTime() - started) / 1e9);
        out.flush();
        return;
      }
    }
    out.printf(" still busy after %d s; measuring anyway%n", QUIET_PATIENCE.toSeconds());
    out.flush();
  }

  /** The CPU time the running members have used so far, as the operating system counts it. */
  Duration cpu() {
    return pids.values().stream()
        .map(
            pid ->
                ProcessHandle.of(pid)
                    .flatMap(process -> process.info().totalCpuDuration())
                    .orElseThrow(
                        () ->
                            new ConfigException(
                                "The CPU time of member process "
                                    + pid
                                    + " cannot be read on this system.")))
        .reduce(Duration.ZERO, Duration::plus);
  }

  /** The system's load averages, as {@code /proc/loadavg} gives them; "not known" elsewhere. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(" ", fields[0], fields[1], fields[2]);
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "not known";
    }
  }

  /** Stops every running member and waits until each has ended. */
  private void stopAll() {
    List<Long> running = pids();
    for (long pid : running) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
    for (long pid : running) {
      ProcessHandle.of(pid).ifPresent(process -> process.onExit().join());
    }
    pids.clear();
  }

  @Override
  public void close() throws IOException {
    stopAll();
    Directories.deleteTree(root);
    Files.deleteIfExists(Path.of(root + ".vault.key"));
  }
}
