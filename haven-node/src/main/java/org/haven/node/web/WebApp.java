package org.haven.node.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.haven.node.api.ApiProblem;

/**
 * The officers' web app: plain HTML, CSS and JavaScript from the classpath folder {@code /web},
 * served under {@code /app/} with nothing fetched from the internet (see docs/web-app.md). The
 * pages allow scripts, styles and images only from the node itself, so an injected inline script
 * does not run.
 */
public final class WebApp {
  /** Where the pages are served. */
  public static final String PATH = "/app";

  /** A file in the data directory that {@code haven demo} writes: the demo's logins by role. */
  public static final String DEMO_LOGINS_FILE = "demo-logins.json";

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:;"
          + " object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  /**
   * Every file of the app, as every API answer: kept by no cache, so that no page enters the
   * browser's back-forward cache and Back after logging out loads the page afresh, without a
   * session and without a child's data (docs/web-app.md, "After logout").
   */
  static final String NO_STORE = "no-store";

  private final Path demoLogins;

  /** A web app for the node whose data directory is {@code dataDir}. */
  public WebApp(Path dataDir) {
    this.demoLogins = dataDir.resolve(DEMO_LOGINS_FILE);
  }

  /** Adds the pages, the redirect from {@code /} and the demo's logins to {@code config}. */
  public void addTo(JavalinConfig config) {
    config.staticFiles.add(
        files -> {
          files.hostedPath = PATH;
          files.directory = "/web";
          files.location = Location.CLASSPATH;
          files.headers =
              Map.of(
                  "Content-Security-Policy",
                  CONTENT_SECURITY_POLICY,
                  "X-Content-Type-Options",
                  "nosniff",
                  "Referrer-Policy",
                  "no-referrer",
                  "Cache-Control",
                  NO_STORE);
        });
    config.routes.get("/", ctx -> ctx.redirect(PATH + "/", HttpStatus.FOUND));
    config.routes.get(PATH + "/" + DEMO_LOGINS_FILE, this::demoLogins);
  }

  /**
   * The demo's logins, for the landing page: page data, not part of the API. A node that is not a
   * demo answers 404.
   */
  private void demoLogins(Context ctx) throws IOException {
    try {
      ctx.header("Cache-Control", NO_STORE);
      ctx.contentType("application/json").result(Files.readAllBytes(demoLogins));
    } catch (NoSuchFileException e) {
      throw ApiProblem.notFound("This node is not a demo: it has no demo logins.");
    }
  }
}
