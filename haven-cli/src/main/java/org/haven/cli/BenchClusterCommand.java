package org.haven.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
  /** The pause after each answer of the monitoring routes probed during the measured run. */
  private static final Duration PROBE_PAUSE = Duration.ofMillis(20);

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
    if (batch < 1 || batch > LocalConsortium.MAX_BATCH) {
      throw new ConfigException(
          "--batch must be 1 to " + LocalConsortium.MAX_BATCH + "; got " + batch + ".");
    }
    PrintWriter out = spec.commandLine().getOut();
    int cores = Runtime.getRuntime().availableProcessors();
    out.println("Measuring Ed25519 verifications per second on all cores ...");
    out.flush();
    double before = BenchCommand.ed25519VerificationsPerSecond(verifySeconds, cores);
    try (LocalConsortium consortium = LocalConsortium.start(config -> config)) {
      List<String> urls = consortium.urls();
      DemoLedger ledger = consortium.ledger();
      String leader = consortium.awaitLeader();
      out.println("Leader: " + leader);
      List<String> entries = leaderOnly ? List.of(consortium.url(leader)) : urls;
      out.printf("Signing %,d crossings ...%n", warmup + transactions);
      out.flush();
      Crossings load = new Crossings(ledger);
      List<List<Transaction>> setup = new ArrayList<>(load.setup());
      List<Transaction> crossings = load.next(warmup + transactions);
      Officer caseWorker =
          ledger.newOfficer("bench.caseworker", "bench-org", Role.CASE_WORKER, "KE");
      setup.add(List.of(ledger.enrol(caseWorker)));
      Officer auditor = ledger.newOfficer("bench.auditor", "bench-org", Role.AUDITOR, "KE");
      setup.add(List.of(ledger.enrol(auditor)));
      consortium.commitSetup(setup);
      consortium.awaitSameHead(Duration.ofSeconds(60));
      List<String> auditorTokens = auditorSessions(consortium, auditor.id());
      out.printf("Warming up with %,d crossings ...%n", warmup);
      out.flush();
      // The monitoring routes are asked during the warm-up too, so that the members' JIT compilers
      // have compiled them before the clock starts; only the measured run's answers are reported.
      StatusProbe warming = new StatusProbe(urls, PROBE_PAUSE);
      consortium.submitAll(entries, crossings.subList(0, warmup), inFlight, batch);
      warming.stop();
      consortium.awaitQuiet(out);
      out.printf(
          "Committing %,d crossings through %s ...%n",
          transactions, leaderOnly ? "the leader" : "all three members");
      out.flush();
      Duration cpuBefore = consortium.cpu();
      long started = System.nanoTime();
      StatusProbe probe = new StatusProbe(urls, PROBE_PAUSE);
      consortium.submitAll(entries, crossings.subList(warmup, crossings.size()), inFlight, batch);
      double seconds = (System.nanoTime() - started) / 1e9;
      probe.stop();
      String machineLoad = LocalConsortium.loadAverage();
      double membersCpu = consortium.cpu().minus(cpuBefore).toMillis() / 1e3;
      double perSecond = transactions / seconds;
      // The machine's speed drifts, so the limit is measured on both sides of the run, the members
      // quiet, and the faster of the two is taken: a limit measured while something else ran
      // would flatter the ratio.
      consortium.awaitQuiet(out);
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
      double limit = verifications / LocalConsortium.MEMBERS.size();
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
      out.printf(
          "  monitoring routes during the run, end to end, members in turn, 20 ms apart (machine's"
              + " load average at its end: %s):%n",
          machineLoad);
      probe.report(out, "    ");
      return 0;
    }
  }

  /**
   * Logs the bench's auditor in on every member, whose credential each member's store gets first: a
   * transaction's body is served to auditors only, and seeing it served is how the alert's arrival
   * on a member is timed. Returns the session tokens in the order of {@code urls}.
   */
  private List<String> auditorSessions(LocalConsortium consortium, OfficerId auditor)
      throws Exception {
    List<String> urls = consortium.urls();
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String password = Base64.getEncoder().encodeToString(secret);
    List<String> tokens = new ArrayList<>();
    for (int m = 0; m < urls.size(); m++) {
      consortium
          .ledger()
          .saveCredential(
              consortium.dataDir(LocalConsortium.MEMBERS.get(m).id()), auditor, password);
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
        http.sendAsync(
            LocalConsortium.submission(entry, List.of(tx)), HttpResponse.BodyHandlers.ofString());
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
}
