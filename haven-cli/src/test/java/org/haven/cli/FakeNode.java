package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a node's HTTP transport: it records each request and answers with the JSON a test
 * gave it for that method and path. It knows nothing of the API's rules; a request nobody planned
 * for gets a 599, so that the test fails on it.
 */
final class FakeNode implements AutoCloseable {
  /** A request as it arrived: the path and query still percent-encoded. */
  record Request(
      String method, String rawPath, String rawQuery, Map<String, String> headers, String body) {
    /** The first value of a header, by its case-insensitive name; null if it was not sent. */
    String header(String name) {
      return headers.get(name);
    }

    JsonNode json() throws IOException {
      return Output.json(body);
    }
  }

  private record Answer(int status, String contentType, String body) {}

  private static final int UNPLANNED = 599;

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private FakeNode(HttpServer server) {
    this.server = server;
  }

  /** Starts on 127.0.0.1 on a free port. */
  static FakeNode start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeNode node = new FakeNode(server);
    server.createContext("/", node::handle);
    server.start();
    return node;
  }

  /** A port nothing listens on: one the system just handed out and took back. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The base URL the CLI is given, without {@code /api/v1}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code method /api/v1 + path} (path still encoded, no query) with JSON. */
  FakeNode answer(String method, String path, int status, String json) {
    String type = status / 100 == 2 ? "application/json" : "application/problem+json";
    return answer(method, path, status, type, json);
  }

  FakeNode answer(String method, String path, int status, String contentType, String body) {
    answers.put(method + " /api/v1" + path, new Answer(status, contentType, body));
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The one request the node received; fails if there were none or several. */
  Request onlyRequest() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests);
    }
    return requests.get(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
      requests.add(
          new Request(
              method,
              path,
              exchange.getRequestURI().getRawQuery(),
              Collections.unmodifiableMap(headers),
              body));
      Answer answer =
          answers.getOrDefault(
              method + " " + path,
              new Answer(
                  UNPLANNED, "text/plain", "the test did not plan for " + method + " " + path));
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      if (bytes.length == 0) {
        exchange.sendResponseHeaders(answer.status(), -1);
      } else {
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
      }
    }
  }
}
