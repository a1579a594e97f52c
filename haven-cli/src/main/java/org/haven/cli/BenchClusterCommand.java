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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.Role;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.RecordEvent;
import org.haven.core.tx.SetAlert;
import org.haven.core.tx.Transaction;
import org.haven.node.ConfigException;
import org.haven.node.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A local consortium of three node processes on this machine: committed transactions per second,
 * beside this machine's Ed25519 verifications per second divided by the members sharing it, and how
 * long an alert takes to be on every member.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a local consortium of three node processes (Raft over gRPC on loopback), then"
          + " measures committed transactions per second beside this machine's Ed25519"
          + " verifications per second divided by the three members sharing it, and the latency"
          + " from raising an alert on one member to seeing it on every member."
    })
final class BenchClusterCommand implements Callable<Integer> {
  private static final List<DemoLedger.Member> MEMBERS =
      List.of(
          new DemoLedger.Member("bench-org", "Benchmark Registry", "KE"),
          new DemoLedger.Member("bench-ug", "Benchmark Registry Uganda", "UG"),
          new DemoLedger.Member("bench-un", "Benchmark Agency", "KE"));

  /**
   * The setup goes to one member. Each submission in flight holds an HTTP/1.1 connection, and a
   * member starved of CPU reset connections when a thousand were opened to it at once.
   */
  private static final int SETUP_IN_FLIGHT = 256;

  /** Members idle below this share of one core, together, count as quiet. */
  private static final double QUIET_SHARE = 0.05;

  private static final Duration QUIET_PATIENCE = Duration.ofSeconds(300);

  /** The most transactions the node takes in one batch request. */
  private static final int MAX_BATCH = 1000;

  @Spec CommandSpec spec;

  @Option(
      names = "--transactions",
      defaultValue = "80000",
      description = "Crossings committed in the measured run (default: ${DEFAULT-VALUE}).")
  int transactions;

  @Option(
      names = "--warmup",
      defaultValue = "400000",
      description =
          "Crossings committed before the clock starts, so that the members' JIT compilers have"
              + " settled: three JVMs compiling on a small machine take minutes to reach their"
              + " steady state (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--alerts",
      defaultValue = "100",
      description = "Alerts raised or resolved for the latency (default: ${DEFAULT-VALUE}).")
  int alerts;

  @Option(
      names = "--verify-seconds",
      defaultValue = "5",
      description = "Seconds of Ed25519 verification for the limit (default: ${DEFAULT-VALUE}).")
  int verifySeconds;

  @Option(
      names = "--in-flight",
      defaultValue = "2048",
      description =
          "Submissions awaiting their answer at any moment, as that many clients would keep"
              + " (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(
      names = "--batch",
      defaultValue = "100",
      description =
          "Transactions per request: 1 posts each to /transactions, more posts them together to"
              + " /transactions/batch, as a border post uploading its queue does (default:"
              + " ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--leader-only",
      description =
          "Post every transaction to the leader instead of to the members in turn, to tell the"
              + " cost of forwarding from followers apart.")
  boolean leaderOnly;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Override
  public Integer call() throws Exception {
    if (inFlight < 1) {
      throw new ConfigException("--in-flight must be at least 1; got " + inFlight + ".");
    }
    if (warmup < 0) {
      throw new ConfigException("--warmup must be 0 or more; got " + warmup + ".");
    }
    if (batch < 1 || batch > MAX_BATCH) {
      throw new ConfigException("--batch must be 1 to " + MAX_BATCH + "; got " + batch + ".");
    }
    PrintWriter out = spec.commandLine().getOut();
    int cores = Runtime.getRuntime().availableProcessors();
    out.println("Measuring Ed25519 verifications per second on all cores ...");
    out.flush();
    double before = BenchCommand.ed25519VerificationsPerSecond(verifySeconds, cores);
    Path root = Files.createTempDirectory("haven-bench-cluster-");
    List<Long> pids = new ArrayList<>();
    try {
      DemoLedger ledger = DemoLedger.createNetwork(root, MEMBERS);
      List<String> urls = new ArrayList<>();
      for (DemoLedger.Member member : MEMBERS) {
        Path dataDir = root.resolve(member.id());
        pids.add(NetworkCommand.Up.launch(dataDir));
        urls.add("http://127.0.0.1:" + NodeConfig.read(dataDir).httpPort());
      }
      for (String url : urls) {
        NetworkCommand.Up.awaitStatus(http, url);
      }
      String leader = NetworkCommand.Up.awaitLeader(http, urls);
      out.println("Leader: " + leader);
      List<String> entries = urls;
      if (leaderOnly) {
        int index = MEMBERS.stream().map(DemoLedger.Member::id).toList().indexOf(leader);
        entries = List.of(urls.get(index));
      }
      out.printf("Signing %,d crossings ...%n", warmup + transactions);
      out.flush();
      List<List<Transaction>> setup = new ArrayList<>();
      List<Transaction> crossings =
          BenchCommand.Ingest.crossings(ledger, setup, warmup + transactions);
      Officer caseWorker =
          ledger.newOfficer("bench.caseworker", "bench-org", Role.CASE_WORKER, "KE");
      setup.add(List.of(ledger.enrol(caseWorker)));
      Officer auditor = ledger.newOfficer("bench.auditor", "bench-org", Role.AUDITOR, "KE");
      setup.add(List.of(ledger.enrol(auditor)));
      for (List<Transaction> phase : setup) {
        submitAll(urls.subList(0, 1), phase, SETUP_IN_FLIGHT);
      }
      awaitSameHead(urls);
      List<String> auditorTokens = auditorSessions(ledger, root, auditor.id(), urls);
      out.printf("Warming up with %,d crossings ...%n", warmup);
      out.flush();
      submitAll(entries, crossings.subList(0, warmup), inFlight);
      awaitQuiet(pids, out);
      out.printf(
          "Committing %,d crossings through %s ...%n",
          transactions, leaderOnly ? "the leader" : "all three members");
      out.flush();
      Duration cpuBefore = cpuOf(pids);
      long started = System.nanoTime();
      submitAll(entries, crossings.subList(warmup, crossings.size()), inFlight);
      double seconds = (System.nanoTime() - started) / 1e9;
      double membersCpu = cpuOf(pids).minus(cpuBefore).toMillis() / 1e3;
      double perSecond = transactions / seconds;
      // The machine's speed drifts, so the limit is measured on both sides of the run, the members
      // quiet, and the faster of the two is taken: a limit measured while something else ran
      // would flatter the ratio.
      awaitQuiet(pids, out);
      out.println("Measuring Ed25519 verifications per second on all cores again ...");
      out.flush();
      double after = BenchCommand.ed25519VerificationsPerSecond(verifySeconds, cores);
      double verifications = Math.max(before, after);

      out.printf("Raising and resolving %d alerts ...%n", alerts);
      out.flush();
      ChildNumber child = ((RecordEvent) crossings.get(0).payload()).child();
      long[] latencies = new long[alerts];
      for (int i = 0; i < alerts; i++) {
        AlertAction action = i % 2 == 0 ? AlertAction.RAISE : AlertAction.RESOLVE;
        Transaction alert =
            ledger.signedBy(
                caseWorker.id(),
                new SetAlert(
                    child,
                    action,
                    AlertPriority.HIGH,
                    "Child Helpline 116",
                    action == AlertAction.RESOLVE ? "found safe" : ""));
        latencies[i] = propagation(urls, auditorTokens, urls.get(i % urls.size()), alert);
      }
      Arrays.sort(latencies);
      double limit = verifications / MEMBERS.size();
      out.printf("%nhaven bench cluster (3 members on one machine, %d cores)%n", cores);
      out.printf(
          "  committed:            %,10.0f tx/s  (%,d crossings in %.1f s)%n",
          perSecond, transactions, seconds);
      out.printf(
          "  Ed25519 verify / 3:   %,10.0f /s    (all cores %,.0f /s before and %,.0f /s after the"
              + " run, the faster shared by 3 members)%n",
          limit, before, after);
      out.printf("  ratio:                %10.2f    (goal: at least 0.50)%n", perSecond / limit);
      out.printf(
          "  members' CPU:         %10.1f s    of the %.1f s the %d cores offered during the run"
              + " (%.0f %%), %.0f µs per crossing%n",
          membersCpu,
          seconds * cores,
          cores,
          100 * membersCpu / (seconds * cores),
          1e6 * membersCpu / transactions);
      out.printf(
          "  alert on every member: p50 %.0f ms, p99 %.0f ms, max %.0f ms   (goal: p99 under 1 s)%n",
          latencies[latencies.length / 2] / 1e6,
          latencies[(int) Math.min(latencies.length - 1, Math.floor(0.99 * latencies.length))]
              / 1e6,
          latencies[latencies.length - 1] / 1e6);
      return 0;
    } finally {
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(process -> process.destroy());
      }
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(process -> process.onExit().join());
      }
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
      Files.deleteIfExists(Path.of(root + ".vault.key"));
    }
  }

  /**
   * Submits to the members in turn, in requests of {@code batch} transactions, with {@code
   * inFlight} transactions awaiting their answer at any moment, and waits for every answer.
   */
  private void submitAll(List<String> urls, List<Transaction> txs, int inFlight) throws Exception {
    int perRequest = Math.min(batch, inFlight);
    Semaphore slots = new Semaphore(inFlight);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int from = 0, request = 0; from < txs.size(); from += perRequest, request++) {
      List<Transaction> chunk = txs.subList(from, Math.min(txs.size(), from + perRequest));
      slots.acquire(chunk.size());
      answers.add(
          http.sendAsync(
                  submission(urls.get(request % urls.size()), chunk), BodyHandlers.ofString())
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

  /**
   * Waits until every member has applied the same ledger: a member checks a submission against what
   * it has applied, so the measured run starts once the setup is everywhere.
   */
  private void awaitSameHead(List<String> urls) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<Long> sizes = new ArrayList<>();
      for (String url : urls) {
        NetworkCommand.status(http, url)
            .ifPresent(status -> sizes.add(status.get("treeSize").asLong()));
      }
      if (sizes.size() == urls.size() && sizes.stream().distinct().count() == 1) {
        return;
      }
      Thread.sleep(100);
    }
    throw new ConfigException("The members did not apply the same ledger within 60 s.");
  }

  /**
   * Waits until the members, idle, use under {@link #QUIET_SHARE} of one core over a second: a
   * member's JIT compiler works through its queue and RocksDB compacts for a while after a burst,
   * and a measurement taken meanwhile would share the cores with them.
   */
  private static void awaitQuiet(List<Long> pids, PrintWriter out) throws InterruptedException {
    out.print("Waiting for the members to go quiet (JIT compilation, compaction) ...");
    out.flush();
    long started = System.nanoTime();
    long deadline = started + QUIET_PATIENCE.toNanos();
    Duration last = cpuOf(pids);
    while (System.nanoTime() < deadline) {
      Thread.sleep(1000);
      Duration now = cpuOf(pids);
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

  /** The CPU time the processes have used so far, as the operating system counts it. */
  private static Duration cpuOf(List<Long> pids) {
    return pids.stream()
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

  /**
   * Logs the bench's auditor in on every member, whose credential each member's store gets first: a
   * transaction's body is served to auditors only, and seeing it served is how the alert's arrival
   * on a member is timed. Returns the session tokens in the order of {@code urls}.
   */
  private List<String> auditorSessions(
      DemoLedger ledger, Path root, OfficerId auditor, List<String> urls) throws Exception {
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String password = Base64.getEncoder().encodeToString(secret);
    List<String> tokens = new ArrayList<>();
    for (int m = 0; m < urls.size(); m++) {
      ledger.saveCredential(root.resolve(MEMBERS.get(m).id()), auditor, password);
      String body =
          Json.MAPPER.writeValueAsString(Map.of("officer", auditor.value(), "password", password));
      HttpResponse<String> login =
          http.send(
              HttpRequest.newBuilder(URI.create(urls.get(m) + "/api/v1/session"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              BodyHandlers.ofString());
      if (login.statusCode() != 200) {
        throw new ConfigException("The bench's auditor could not log in: " + login.body());
      }
      tokens.add(Json.MAPPER.readTree(login.body()).get("token").asText());
    }
    return tokens;
  }

  /** Nanoseconds from submitting {@code tx} to one member until every member serves it. */
  private long propagation(List<String> urls, List<String> tokens, String entry, Transaction tx)
      throws Exception {
    long started = System.nanoTime();
    CompletableFuture<HttpResponse<String>> submitted =
        http.sendAsync(submission(entry, tx), HttpResponse.BodyHandlers.ofString());
    boolean[] seen = new boolean[urls.size()];
    int remaining = urls.size();
    long deadline = started + Duration.ofSeconds(30).toNanos();
    long last = started;
    while (remaining > 0) {
      if (System.nanoTime() > deadline) {
        throw new ConfigException("An alert did not reach every member within 30 s.");
      }
      for (int m = 0; m < urls.size(); m++) {
        if (!seen[m] && served(urls.get(m), tokens.get(m), tx)) {
          seen[m] = true;
          remaining--;
          last = System.nanoTime();
        }
      }
    }
    if (submitted.get().statusCode() != 200) {
      throw new ConfigException("An alert was refused: " + submitted.get().body());
    }
    return last - started;
  }

  private boolean served(String url, String token, Transaction tx)
      throws IOException, InterruptedException {
    return http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/transactions/" + tx.id().toHex()))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode()
        == 200;
  }

  private static HttpRequest submission(String url, Transaction tx) {
    return HttpRequest.newBuilder(URI.create(url + "/api/v1/transactions"))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(tx.encoded().toArray()))
        .build();
  }

  /** One transaction to {@code /transactions}, several to {@code /transactions/batch}. */
  private static HttpRequest submission(String url, List<Transaction> txs) {
    if (txs.size() == 1) {
      return submission(url, txs.get(0));
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
}
