package org.haven.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToDoubleFunction;
import org.haven.consensus.RaftNode;
import org.haven.consensus.Receipt;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.Validation;
import org.haven.node.border.BundleService;

/**
 * The node's metrics, served at {@code GET /metrics} in the Prometheus text format (the names and
 * what to alert on are in docs/operations.md). Every label value comes from a closed set: a reject
 * reason, a Raft role, an HTTP method, a route template (never the path asked for, which may hold a
 * child number) and a status code. No label carries an officer, a child or a request's content, so
 * a scrape reveals nothing about who was served.
 */
final class NodeMetrics implements AutoCloseable {
  /** Raft's roles as Ratis names them, each a {@code haven_raft_role} series. */
  private static final List<String> RAFT_ROLES =
      List.of("LEADER", "FOLLOWER", "CANDIDATE", "LISTENER");

  /** Buckets of the commit latency histogram: a block's delay up to a client's timeout. */
  private static final Duration[] COMMIT_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  /** Why a login was refused, as the {@code outcome} label of {@code haven_login_failures}. */
  enum LoginFailure {
    WRONG_CREDENTIALS("wrong_credentials"),
    THROTTLED("throttled");

    private final String label;

    LoginFailure(String label) {
      this.label = label;
    }
  }

  /** What the gauges read at each scrape; each must answer from memory. */
  interface Sources {
    LedgerHead.Facts ledger();

    RaftNode.Status raft() throws IOException;

    /** The number of divergences the witness has detected. */
    int divergences();

    boolean ready();

    Optional<BundleService.Served> bundle();
  }

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Counter submitted;
  private final Counter committed;
  private final Counter unconfirmed;
  private final Timer commitLatency;

  NodeMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    submitted =
        Counter.builder("haven.transactions.submitted")
            .description("Transactions submitted to this node, by clients or by the node itself")
            .register(registry);
    committed =
        Counter.builder("haven.transactions.committed")
            .description("Transactions submitted to this node that the ledger committed")
            .register(registry);
    unconfirmed =
        Counter.builder("haven.transactions.unconfirmed")
            .description(
                "Transactions submitted to this node whose outcome it could not confirm: busy,"
                    + " timed out or failed in consensus")
            .register(registry);
    commitLatency =
        Timer.builder("haven.transaction.commit")
            .description("From submission to this node to commit and apply here")
            .serviceLevelObjectives(COMMIT_BUCKETS)
            .register(registry);
    for (LoginFailure failure : LoginFailure.values()) {
      loginFailures(failure);
    }
  }

  /**
   * Counts transactions just submitted, and each one's outcome when it comes: committed (with its
   * latency), rejected by the ledger's reason, or unconfirmed.
   */
  void track(List<CompletableFuture<Receipt>> receipts) {
    long start = System.nanoTime();
    submitted.increment(receipts.size());
    for (CompletableFuture<Receipt> receipt : receipts) {
      receipt.whenComplete((done, failure) -> settled(done, failure, start));
    }
  }

  private void settled(Receipt receipt, Throwable failure, long startNanos) {
    if (failure != null) {
      unconfirmed.increment();
    } else if (receipt.result().validation() instanceof Validation.Rejected rejected) {
      rejections(rejected.reason()).increment();
    } else {
      committed.increment();
      commitLatency.record(Duration.ofNanos(System.nanoTime() - startNanos));
    }
  }

  private Counter rejections(RejectReason reason) {
    return Counter.builder("haven.transactions.rejected")
        .description("Transactions submitted to this node that the ledger refused, by reason")
        .tag("reason", reason.name())
        .register(registry);
  }

  void loginFailed(LoginFailure failure) {
    loginFailures(failure).increment();
  }

  private Counter loginFailures(LoginFailure failure) {
    return Counter.builder("haven.login.failures")
        .description("Refused logins: a wrong officer id or password, or a throttled attempt")
        .tag("outcome", failure.label)
        .register(registry);
  }

  /**
   * Counts an answered HTTP request.
   *
   * @param route the matched route's template, such as {@code /api/v1/children/{number}}
   */
  void answered(String method, String route, int status, Duration took) {
    Timer.builder("haven.http.requests")
        .description("HTTP requests answered, by method, route template and status")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .register(registry)
        .record(took);
  }

  /** Registers the gauges, which read {@code sources} at each scrape. */
  void watch(Sources sources) {
    gauge(
        "haven.block.height",
        "The newest applied block's height",
        sources,
        s -> s.ledger().head().height());
    gauge(
        "haven.ledger.tree.size",
        "Transactions in the Merkle log",
        sources,
        s -> s.ledger().head().treeSize());
    gauge(
        "haven.witness.final.checkpoint.height",
        "The height of the newest checkpoint a quorum of members cosigned; -1 before the first",
        sources,
        s -> s.ledger().finalCheckpoint().map(BlockCheckpoint::height).orElse(-1L));
    gauge(
        "haven.witness.final.checkpoint.tree.size",
        "The tree size of the newest checkpoint a quorum of members cosigned; -1 before the first",
        sources,
        s -> s.ledger().finalCheckpoint().map(BlockCheckpoint::treeSize).orElse(-1L));
    gauge(
        "haven.witness.divergences",
        "Divergences between members the witness has detected",
        sources,
        Sources::divergences);
    gauge("haven.ready", "1 when GET /ready answers 200, else 0", sources, s -> s.ready() ? 1 : 0);
    gauge("haven.raft.term", "This member's Raft term", sources, s -> raft(s).term());
    gauge(
        "haven.raft.append.repairs",
        "Times this member's Raft append chain was repaired since it started (FollowerAppendRepair)",
        sources,
        s -> raft(s).appendRepairs());
    for (String role : RAFT_ROLES) {
      Gauge.builder("haven.raft.role", sources, s -> raft(s).role().equals(role) ? 1 : 0)
          .description("1 for this member's current Raft role")
          .tag("role", role)
          .strongReference(true)
          .register(registry);
    }
    gauge(
        "haven.bundle.version",
        "The version of the newest verifier bundle this node served since it started",
        sources,
        s -> s.bundle().map(served -> (double) served.version()).orElse(Double.NaN));
    gauge(
        "haven.bundle.age.seconds",
        "Seconds since the newest verifier bundle this node served was made",
        sources,
        s ->
            s.bundle()
                .map(
                    served ->
                        (double) Duration.between(served.createdAt(), Instant.now()).toSeconds())
                .orElse(Double.NaN));
  }

  private void gauge(
      String name, String description, Sources sources, ToDoubleFunction<Sources> value) {
    Gauge.builder(name, sources, value)
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  /** Raft's status; a server that cannot be asked reads as term -1 in no role. */
  private static RaftNode.Status raft(Sources sources) {
    try {
      return sources.raft();
    } catch (IOException e) {
      return new RaftNode.Status(
          "",
          "UNKNOWN",
          -1,
          Optional.empty(),
          -1,
          java.util.Map.of(),
          java.util.OptionalLong.empty(),
          0);
    }
  }

  /** The Prometheus text format (version 0.0.4). */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
