package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.haven.core.bytes.Bytes;
import org.haven.core.merkle.Rfc6962;
import org.haven.core.tx.Transaction;

/**
 * A client of a node's HTTP endpoint at {@code http://127.0.0.1:port/api/v1}, or at another origin.
 */
final class NodeHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A safety net: a node that never answers fails the test instead of hanging it. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client;
  private final String origin;
  private final String base;

  NodeHttp(int port) {
    this(
        "http://127.0.0.1:" + port,
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build());
  }

  /** A client of the node at {@code origin}, such as {@code https://127.0.0.1:8443}. */
  NodeHttp(String origin, HttpClient client) {
    this.origin = origin;
    this.base = origin + "/api/v1";
    this.client = client;
  }

  /** {@code GET /ready}, outside the API: 200 when the member can serve and cosign, else 503. */
  HttpResponse<String> ready() throws IOException, InterruptedException {
    return outsideApi("/ready", Map.of());
  }

  /** GETs {@code path} outside the API, such as {@code /metrics}, with {@code headers}. */
  HttpResponse<String> outsideApi(String path, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(origin + path)).timeout(REQUEST_TIMEOUT).GET();
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs the transaction's canonical bytes. */
  HttpResponse<String> submit(Transaction tx) throws IOException, InterruptedException {
    return submit(tx.encoded());
  }

  /** POSTs {@code encoded} as a transaction, whatever it holds. */
  HttpResponse<String> submit(Bytes encoded) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/transactions"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(encoded.toArray()))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code path} with the session's bearer {@code token}. */
  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Logs {@code officer} in and returns the session's bearer token. */
  String login(String officer, String password) throws IOException, InterruptedException {
    HttpResponse<String> response =
        post(
            "/session",
            null,
            JSON.createObjectNode().put("officer", officer).put("password", password));
    if (response.statusCode() != 200) {
      throw new IOException("login answered " + response.statusCode() + ": " + response.body());
    }
    return json(response).get("token").asText();
  }

  /** POSTs {@code body} as JSON, with the session's bearer {@code token} unless it is null. */
  HttpResponse<String> post(String path, String token, JsonNode body)
      throws IOException, InterruptedException {
    return send("POST", path, token, body);
  }

  /** PUTs {@code body} as JSON, with the session's bearer {@code token} unless it is null. */
  HttpResponse<String> put(String path, String token, JsonNode body)
      throws IOException, InterruptedException {
    return send("PUT", path, token, body);
  }

  private HttpResponse<String> send(String method, String path, String token, JsonNode body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The inclusion proof of {@code tx} by its leaf hash against this member's whole log, which
   * anyone holding a transaction may ask for: 200 with its {@code leafIndex} once the member holds
   * it, 404 until then.
   */
  HttpResponse<String> inclusion(Transaction tx) throws IOException, InterruptedException {
    long size = status().get("treeSize").asLong();
    return get(
        "/proofs/inclusion?hash="
            + Rfc6962.leafHash(tx.encoded().toArray()).toHex()
            + "&size="
            + size);
  }

  JsonNode status() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/status");
    if (response.statusCode() != 200) {
      throw new IOException("status answered " + response.statusCode() + ": " + response.body());
    }
    return json(response);
  }

  /**
   * This member's status once it leads: a member that has just started is a follower until its
   * first election, which a loaded machine may delay.
   */
  JsonNode awaitLeadership() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode status = status();
    while (!status.get("leader").asBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("The member did not lead within 60 s: " + status);
      }
      Thread.sleep(50);
      status = status();
    }
    return status;
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
