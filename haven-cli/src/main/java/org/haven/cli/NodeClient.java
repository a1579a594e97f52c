package org.haven.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.haven.node.ConfigException;

/**
 * A client of a node's HTTP API (docs/api.md): JSON in and out, with the session's bearer token
 * when there is one. A 2xx answer comes back as JSON; any other answer is thrown as a {@link
 * NodeProblemException}, and a node that cannot be reached or does not answer as a {@link
 * NodeException}.
 */
final class NodeClient {
  static final String DEFAULT_NODE = "http://127.0.0.1:8080";

  private static final String API = "/api/v1";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Longer than the node's own 60 s wait for a block, so that its "outcome unknown" comes first.
   */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(75);

  /** How often a write is sent in all: the first attempt and two retries with its key. */
  static final int WRITE_ATTEMPTS = 3;

  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final String SESSION_PATH = "/session";

  /** A route under {@code /api/v1}, its path segments and query values percent-encoded. */
  record Route(String path) {
    /** {@code /segment/segment...}, each segment encoded so that it stays one segment. */
    static Route of(String... segments) {
      return new Route(
          Arrays.stream(segments).map(s -> "/" + encode(s)).collect(Collectors.joining()));
    }

    /** This route with {@code name=value} added to its query, or unchanged if value is null. */
    Route query(String name, Object value) {
      if (value == null) {
        return this;
      }
      return new Route(
          path + (path.contains("?") ? "&" : "?") + encode(name) + "=" + encode(value.toString()));
    }

    private static String encode(String text) {
      // URLEncoder encodes for HTML forms, where a space is '+'; in a path it must be %20.
      return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }

  private final HttpClient http;
  private final URI node;
  private final String token;
  private final NodeTrust trust;
  private final String idempotencyKey;
  private final boolean keyFromInput;

  private NodeClient(
      URI node,
      String token,
      NodeTrust trust,
      HttpClient http,
      String idempotencyKey,
      boolean keyFromInput) {
    trust.checkScheme(node);
    this.node = node;
    this.token = token;
    this.trust = trust;
    this.http = http;
    this.idempotencyKey = idempotencyKey;
    this.keyFromInput = keyFromInput;
  }

  /**
   * The JDK client that checks a node's certificate as {@code trust} says. HTTP/1.1: over http://
   * the JDK's default would ask to upgrade every request to HTTP/2.
   */
  static HttpClient httpClient(NodeTrust trust) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .sslContext(trust.sslContext())
        .build();
  }

  /** A client that sends no credentials, for logging in. */
  static NodeClient anonymous(URI node, NodeTrust trust) {
    return new NodeClient(node, null, trust, httpClient(trust), null, false);
  }

  /** A client that acts in a session: every request carries {@code Authorization: Bearer}. */
  static NodeClient inSession(URI node, String token, NodeTrust trust) {
    return new NodeClient(node, token, trust, httpClient(trust), null, false);
  }

  /**
   * This client, sending {@code key} as the {@code Idempotency-Key} of its writes instead of a
   * fresh key for each: for a command that makes one write, retried by hand.
   */
  NodeClient withIdempotencyKey(String key) {
    return new NodeClient(node, token, trust, http, key, false);
  }

  /**
   * This client, sending {@code key} as the {@code Idempotency-Key} of its writes, a key the
   * command derives from its input (as {@code haven import} does from each row): a write whose
   * outcome is unknown is retried by running the same command again, which sends the same key. It
   * shares this client's connections.
   */
  NodeClient withKeyFromInput(String key) {
    return new NodeClient(node, token, trust, http, key, true);
  }

  /**
   * Parses a node's base URL, such as {@code http://127.0.0.1:8080}, and drops a trailing slash.
   *
   * @param source where the URL came from, for the error message: "--node", "HAVEN_NODE"...
   * @throws ConfigException if it is not an http or https URL with a host
   */
  static URI nodeUrl(String text, String source) {
    ConfigException invalid =
        new ConfigException(
            source
                + " must be an http:// or https:// URL such as "
                + DEFAULT_NODE
                + ", not '"
                + text
                + "'");
    URI url;
    try {
      url = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw invalid;
    }
    boolean web = "http".equals(url.getScheme()) || "https".equals(url.getScheme());
    if (!web || url.getHost() == null || url.getRawQuery() != null || url.getFragment() != null) {
      throw invalid;
    }
    return URI.create(url.toString().replaceAll("/+$", ""));
  }

  URI node() {
    return node;
  }

  JsonNode get(Route route) throws InterruptedException {
    return send("GET", route, null);
  }

  JsonNode post(Route route, JsonNode body) throws InterruptedException {
    return send("POST", route, body);
  }

  /** Posts raw bytes, such as a signed transaction, with their media type. */
  JsonNode post(Route route, byte[] body, String contentType) throws InterruptedException {
    return send("POST", route, BodyPublishers.ofByteArray(body), contentType);
  }

  JsonNode put(Route route, JsonNode body) throws InterruptedException {
    return send("PUT", route, body);
  }

  void delete(Route route) throws InterruptedException {
    send("DELETE", route, null);
  }

  /** A file the node serves, with the value of one header of its answer. */
  record Download(byte[] body, Optional<String> header) {}

  /**
   * Downloads a binary answer, such as a verifier bundle.
   *
   * @param header the answer's header to report, for example {@code Haven-Bundle}
   */
  Download download(Route route, String header) throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node + API + route.path()))
            .timeout(REQUEST_TIMEOUT)
            .GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unreachable(e);
    }
    if (response.statusCode() / 100 != 2) {
      throw problem(
          new String(response.body(), StandardCharsets.UTF_8),
          response.statusCode(),
          response.headers().firstValue("Content-Type"));
    }
    return new Download(response.body(), response.headers().firstValue(header));
  }

  /**
   * The node's answer: its JSON, or Jackson's {@code MissingNode} if it was empty (204). A write
   * (any method but GET, except logging in and out) carries a fresh {@code Idempotency-Key} and is
   * sent again with the same key, up to {@link #WRITE_ATTEMPTS} times in all, when its answer is
   * lost on the way or says to retry (503, or 504 "outcome unknown"): the node answers a repeat
   * with the first outcome, and the ledger applies it once (docs/api.md).
   */
  private JsonNode send(String method, Route route, JsonNode body) throws InterruptedException {
    return body == null
        ? send(method, route, BodyPublishers.noBody(), null)
        : send(
            method,
            route,
            BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8),
            "application/json");
  }

  private JsonNode send(
      String method, Route route, HttpRequest.BodyPublisher body, String contentType)
      throws InterruptedException {
    boolean write = !method.equals("GET") && !route.path().equals(SESSION_PATH);
    String key =
        !write ? null : idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
    for (int attempt = 1; ; attempt++) {
      boolean lastAttempt = !write || attempt == WRITE_ATTEMPTS;
      HttpResponse<String> response;
      try {
        response =
            http.send(
                request(method, route, body, contentType, key),
                BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        if (lastAttempt || !mayHaveArrived(e)) {
          throw write && mayHaveArrived(e)
              ? outcomeUnknown(unreachable(e), key, keyFromInput)
              : unreachable(e);
        }
        Thread.sleep(Duration.ofSeconds(1).toMillis());
        continue;
      }
      int status = response.statusCode();
      if (!lastAttempt && (status == 503 || status == 504)) {
        Thread.sleep(pauseBeforeRetry(response).toMillis());
        continue;
      }
      if (write && (status == 500 || status == 504)) {
        throw outcomeUnknown(problem(response), key, keyFromInput);
      }
      if (status / 100 != 2) {
        throw problem(response);
      }
      if (response.body().isBlank()) {
        return MissingNode.getInstance();
      }
      try {
        return Json.MAPPER.readTree(response.body());
      } catch (JsonProcessingException e) {
        throw new NodeException(
            "the node at " + node + " answered " + status + " but not with JSON", e);
      }
    }
  }

  private HttpRequest request(
      String method, Route route, HttpRequest.BodyPublisher body, String contentType, String key) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node + API + route.path()))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json, application/problem+json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (key != null) {
      request.header(IDEMPOTENCY_KEY, key);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return request.method(method, body).build();
  }

  /**
   * {@code failure} of a write that may have been done, saying how to retry it without doing it
   * twice: with its key, or, if the command derives its keys from its input, by running the same
   * command again on the same input.
   */
  private static NodeException outcomeUnknown(
      NodeException failure, String key, boolean keyFromInput) {
    String message = failure.getMessage();
    String retry =
        keyFromInput
            ? " The write may have been done: to retry it, run the same command again on the same"
                + " input, which sends the same key (never change the input in between)."
            : " The write may have been done: to retry it, run the same command again with"
                + " --idempotency-key "
                + key
                + " (never with a new key).";
    return new NodeException(message + (message.matches(".*[.?!]$") ? "" : ".") + retry, failure);
  }

  /**
   * Whether a request that failed this way may have reached the node: anything but a connection
   * that was never made. Only such a failure leaves the outcome unknown.
   */
  private static boolean mayHaveArrived(IOException e) {
    return !(e instanceof HttpConnectTimeoutException) && !(e instanceof ConnectException);
  }

  /** The node's {@code Retry-After}, at most {@link #LONGEST_PAUSE}; one second if it gave none. */
  private static Duration pauseBeforeRetry(HttpResponse<String> response) {
    long seconds =
        response
            .headers()
            .firstValue("Retry-After")
            .filter(value -> value.matches("\\d{1,6}"))
            .map(Long::parseLong)
            .orElse(1L);
    return Duration.ofSeconds(Math.min(seconds, LONGEST_PAUSE.toSeconds()));
  }

  private NodeException unreachable(IOException e) {
    Optional<String> tls = trust.explain(e, node);
    if (tls.isPresent()) {
      return new NodeException(tls.get(), e);
    }
    if (e instanceof HttpConnectTimeoutException) {
      return cannotReach("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
    }
    if (e instanceof HttpTimeoutException) {
      return new NodeException(
          "the node at " + node + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s",
          e);
    }
    if (e instanceof ConnectException) {
      // The JDK's client gives these no message; the cause says what went wrong.
      boolean unknownHost = rootCause(e) instanceof UnresolvedAddressException;
      return cannotReach(unknownHost ? "unknown host" : "connection refused", e);
    }
    return cannotReach(e.getMessage() != null ? e.getMessage() : e.toString(), e);
  }

  private NodeException cannotReach(String why, IOException e) {
    return new NodeException(
        "cannot reach the node at " + node + ": " + why + ". Is it running?", e);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static NodeProblemException problem(HttpResponse<String> response) {
    return problem(
        response.body(), response.statusCode(), response.headers().firstValue("Content-Type"));
  }

  private static NodeProblemException problem(
      String body, int status, Optional<String> contentType) {
    JsonNode problem;
    try {
      problem = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      problem = MissingNode.getInstance();
    }
    if (!problem.isObject()) {
      return new NodeProblemException(status, null, plainText(body, contentType), List.of(), null);
    }
    List<NodeProblemException.FieldError> errors = new ArrayList<>();
    for (JsonNode error : problem.path("errors")) {
      errors.add(
          new NodeProblemException.FieldError(
              error.path("field").asText(), error.path("detail").asText()));
    }
    return new NodeProblemException(
        status, text(problem, "title"), text(problem, "detail"), errors, text(problem, "reason"));
  }

  /** The first line of a plain-text error, such as a proxy's; nothing of HTML or other bodies. */
  private static String plainText(String body, Optional<String> contentType) {
    boolean plain = contentType.map(type -> type.startsWith("text/plain")).orElse(false);
    return plain ? body.strip().lines().findFirst().orElse(null) : null;
  }

  private static String text(JsonNode object, String field) {
    JsonNode value = object.path(field);
    return value.isTextual() ? value.asText() : null;
  }
}
