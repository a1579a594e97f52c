package org.haven.node;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.time.Duration;
import org.haven.node.api.RequestId;
import org.haven.node.web.WebApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What the node tells operators about its HTTP requests: each request gets an id ({@link
 * RequestId}), one log line when it is answered (method, route template, status, time, id) and a
 * count in the metrics; {@code GET /metrics} serves the metrics to whom {@link MetricsAccess} lets
 * through. A request is named by its route's template ({@code /api/v1/children/{number}}), never by
 * the path asked for, which may hold a child number; a path no route matches is {@value
 * #UNMATCHED}, so a scanner's paths end up in neither the log nor the metrics.
 */
final class RequestTelemetry {
  /** The logger of the request lines, which an operator may silence on its own. */
  static final String LOGGER = "org.haven.http";

  /** The key of the request's id in the logging context, which the JSON log format shows. */
  static final String MDC_KEY = "request";

  static final String UNMATCHED = "unmatched";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final NodeMetrics metrics;
  private final MetricsAccess access;

  RequestTelemetry(NodeMetrics metrics, MetricsAccess access) {
    this.metrics = metrics;
    this.access = access;
  }

  /** Adds the ids, the request lines and {@code GET /metrics}; must come before other handlers. */
  void addTo(JavalinConfig config) {
    config.routes.before(RequestId::assign);
    config.requestLogger.http(this::answered);
    config.routes.get("/metrics", this::metrics);
  }

  private void metrics(Context ctx) {
    access.check(ctx);
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  private void answered(Context ctx, Float millis) {
    String route = route(ctx);
    int status = ctx.statusCode();
    metrics.answered(
        ctx.method().name(), route, status, Duration.ofNanos((long) (millis * 1_000_000)));
    MDC.put(MDC_KEY, RequestId.of(ctx));
    try {
      LOG.info(
          "{} {} {} {} ms request {}",
          ctx.method(),
          route,
          status,
          Math.round(millis),
          RequestId.of(ctx));
    } finally {
      MDC.remove(MDC_KEY);
    }
  }

  /**
   * The template of the route that answered {@code ctx}: {@code /app/*} for the web app's files,
   * {@value #UNMATCHED} when no route matched.
   */
  static String route(Context ctx) {
    Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
    if (endpoint != null) {
      return endpoint.path;
    }
    return ctx.path().startsWith(WebApp.PATH + "/") ? WebApp.PATH + "/*" : UNMATCHED;
  }
}
