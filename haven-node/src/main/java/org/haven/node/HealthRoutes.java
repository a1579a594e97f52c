package org.haven.node;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.haven.node.api.ApiProblem;
import org.haven.node.api.HttpJson;
import org.haven.node.api.RequestId;
import org.haven.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member's condition over HTTP: {@code GET /health} (the process answers: liveness), {@code GET
 * /ready} (it can serve and cosign: readiness, 503 with the problems otherwise), and the {@code
 * health} and {@code scrub} parts of {@code GET /api/v1/status}. All of them read the last sample
 * of {@link NodeHealth}; none does any work of its own.
 *
 * <p>It also keeps a damaged ledger from being served: while the ledger is damaged, or rebuilt by
 * {@code haven repair} and not yet verified, every {@code /api/v1} route that reads or writes the
 * ledger answers 503 {@code ledger-unavailable}, naming the problem; and a read that RocksDB finds
 * corrupt is reported as damage and answered so, in one log line rather than a stack trace.
 */
final class HealthRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);

  /** The routes that say what the member is, and are answered whatever its ledger's state. */
  private static final Set<String> ALWAYS_SERVED =
      Set.of("/api/v1/status", "/api/v1/genesis", "/api/v1/openapi.json");

  private final NodeHealth health;
  private final LedgerDamage damage;
  private final Supplier<LedgerScrub.Progress> scrub;
  private final Supplier<Optional<String>> unverified;

  /**
   * @param unverified why the ledger is not verified yet, if it is not: a ledger rebuilt from the
   *     other members
   */
  HealthRoutes(
      NodeHealth health,
      LedgerDamage damage,
      Supplier<LedgerScrub.Progress> scrub,
      Supplier<Optional<String>> unverified) {
    this.health = health;
    this.damage = damage;
    this.scrub = scrub;
    this.unverified = unverified;
  }

  /**
   * Adds the routes, the gate and the handler of storage failures. Must come before any other
   * before-handler that records or changes something.
   */
  void addTo(RoutesConfig routes) {
    routes.get("/health", ctx -> HttpJson.json(ctx, 200, Map.of("alive", true)));
    routes.get("/ready", this::ready);
    routes.beforeMatched(this::gate);
    routes.exception(StorageException.class, this::storageFailed);
  }

  private void ready(Context ctx) {
    NodeHealth.Health now = health.health();
    HttpJson.json(ctx, now.ready() ? 200 : 503, healthJson(now));
  }

  private void gate(Context ctx) {
    String path = ctx.path();
    if (!path.startsWith("/api/v1/") || ALWAYS_SERVED.contains(path)) {
      return;
    }
    Optional<String> damaged = damage.problem();
    if (damaged.isPresent()) {
      throw ApiProblem.ledgerUnavailable(
          "This member's ledger is damaged ("
              + damaged.get()
              + ") and it serves none of it until its operator repairs it; ask another member.");
    }
    Optional<String> pending = unverified.get();
    if (pending.isPresent()) {
      throw ApiProblem.ledgerUnavailable(
          "This member serves no ledger data yet: "
              + pending.get()
              + ". Ask another member, or retry once GET /ready answers 200.");
    }
  }

  private void storageFailed(StorageException e, Context ctx) {
    if (e.corruption()) {
      damage.report(
          "a read for " + ctx.method() + " " + RequestTelemetry.route(ctx), e.getMessage());
      HttpJson.problem(
          ctx,
          ApiProblem.ledgerUnavailable(
              "This member found its ledger damaged while answering, and serves none of it until"
                  + " its operator repairs it; ask another member."));
      return;
    }
    LOG.warn(
        "Request {} {} failed in storage (request {}): {}",
        ctx.method(),
        RequestTelemetry.route(ctx),
        RequestId.of(ctx),
        e.getMessage());
    HttpJson.problem(
        ctx,
        ApiProblem.unavailable(
            "This member could not read or write its ledger; its log says why. Retry, or ask"
                + " another member"));
  }

  /** The {@code health} member of {@code GET /api/v1/status}. */
  Map<String, Object> statusJson() {
    Map<String, Object> json = healthJson(health.health());
    json.put("damageReports", damage.reports());
    LedgerScrub.Progress progress = scrub.get();
    Map<String, Object> scrubbed = new LinkedHashMap<>();
    scrubbed.put("passes", progress.passes());
    scrubbed.put("lastPassAt", progress.lastPassAt().map(Object::toString).orElse(null));
    scrubbed.put("phase", progress.phase());
    scrubbed.put("filesChecked", progress.filesChecked());
    scrubbed.put("blocksChecked", progress.blocksChecked());
    scrubbed.put("paused", progress.paused());
    scrubbed.put("damage", progress.damage().orElse(null));
    json.put("scrub", scrubbed);
    return json;
  }

  private static Map<String, Object> healthJson(NodeHealth.Health now) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ready", now.ready());
    json.put("problems", now.problems());
    json.put("lag", Map.of("entries", now.lagEntries(), "seconds", now.lagSeconds()));
    json.put(
        "leaderContactMillis",
        now.leaderContactMillis().isPresent() ? now.leaderContactMillis().getAsLong() : null);
    return json;
  }
}
