package org.haven.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks the members' monitoring routes ({@code GET /api/v1/status}, {@code /ready}, {@code /health})
 * in turn, one request at a time with a pause between, while a benchmark loads them, and times each
 * answer end to end: from this process sending the request to its having read the whole body, as a
 * monitor or a load balancer sees it. It has its own HTTP client, so its requests never queue
 * behind the load's connections.
 */
final class StatusProbe {
  static final List<String> PATHS = List.of("/api/v1/status", "/ready", "/health");

  /** Longer than this counts as failed: a monitor would have given up. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  private final List<String> urls;
  private final Duration pause;
  private final Map<String, List<Long>> nanos = new LinkedHashMap<>();
  private final Map<String, Integer> failures = new LinkedHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** Starts asking the members at {@code urls}, pausing {@code pause} after each answer. */
  StatusProbe(List<String> urls, Duration pause) {
    this.urls = List.copyOf(urls);
    this.pause = pause;
    for (String path : PATHS) {
      nanos.put(path, new ArrayList<>());
      failures.put(path, 0);
    }
    thread = new Thread(this::run, "status-probe");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    for (long turn = 0; running; turn++) {
      String url = urls.get((int) (turn / PATHS.size() % urls.size()));
      String path = PATHS.get((int) (turn % PATHS.size()));
      long started = System.nanoTime();
      boolean answered;
      try {
        int code =
            http.send(
                    HttpRequest.newBuilder(URI.create(url + path)).timeout(TIMEOUT).build(),
                    BodyHandlers.ofByteArray())
                .statusCode();
        // /ready answers 503 when the member cannot serve: an answer, timed like any other.
        answered = code == 200 || (code == 503 && path.equals("/ready"));
      } catch (IOException e) {
        answered = false;
      } catch (InterruptedException e) {
        return;
      }
      long took = System.nanoTime() - started;
      synchronized (this) {
        if (answered) {
          nanos.get(path).add(took);
        } else {
          failures.merge(path, 1, Integer::sum);
        }
      }
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops asking; waits for the request under way. */
  void stop() throws InterruptedException {
    running = false;
    thread.join(TIMEOUT.toMillis() + 1000);
  }

  /** One line per route: answers, p50, p99 and max in milliseconds, and requests that failed. */
  synchronized void report(PrintWriter out, String indent) {
    for (String path : PATHS) {
      List<Long> times = new ArrayList<>(nanos.get(path));
      times.sort(null);
      int failed = failures.get(path);
      if (times.isEmpty()) {
        out.printf("%sGET %-15s no answer (%d failed)%n", indent, path, failed);
        continue;
      }
      out.printf(
          "%sGET %-15s p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms  (%d answers, %d failed)%n",
          indent,
          path,
          percentile(times, 0.50),
          percentile(times, 0.99),
          times.get(times.size() - 1) / 1e6,
          times.size(),
          failed);
    }
  }

  private static double percentile(List<Long> sorted, double p) {
    int index = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}
