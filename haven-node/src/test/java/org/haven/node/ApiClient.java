package org.haven.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A plain HTTP client for the node's JSON API in tests: one officer's bearer session. */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** An answer: the status, the headers and the body as JSON (null when empty or not JSON). */
  record Answer(int status, HttpResponse<String> response, JsonNode body) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + response.body();
    }
  }

  private final String base;
  private final String origin;
  private final HttpClient http;
  private final Map<String, String> headers;
  private String token;

  ApiClient(int port) {
    this("http://127.0.0.1:" + port, HTTP, Map.of());
  }

  /**
   * A client of the node at {@code origin} (such as {@code https://127.0.0.1:8443}) through {@code
   * http}, adding {@code headers} to every request.
   */
  ApiClient(String origin, HttpClient http, Map<String, String> headers) {
    this.origin = origin;
    this.base = origin + "/api/v1";
    this.http = http;
    this.headers = Map.copyOf(headers);
  }

  /** GETs a path outside the API, such as {@code /ready}. */
  Answer getOutsideApi(String path) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).GET();
    headers.forEach(request::header);
    return send(request);
  }

  /** GETs a path outside the API whose answer is text, such as {@code /metrics}. */
  HttpResponse<String> getText(String path, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).GET();
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Logs in; the answer says whether it worked. */
  Answer login(String officer, String password) throws IOException, InterruptedException {
    Answer answer = post("/session", Map.of("officer", officer, "password", password));
    if (answer.status() == 200) {
      token = answer.body().get("token").asText();
    }
    return answer;
  }

  ApiClient loggedIn(String officer, String password) throws IOException, InterruptedException {
    Answer answer = login(officer, password);
    if (answer.status() != 200) {
      throw new AssertionError("login of " + officer + " failed: " + answer);
    }
    return this;
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  Answer post(String path, Object body) throws IOException, InterruptedException {
    return send(request(path).POST(bodyOf(body)).header("Content-Type", "application/json"));
  }

  /** Posts {@code body} as JSON with extra request headers, such as an Idempotency-Key. */
  Answer post(String path, Object body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        request(path).POST(bodyOf(body)).header("Content-Type", "application/json");
    headers.forEach(request::header);
    return send(request);
  }

  Answer put(String path, Object body) throws IOException, InterruptedException {
    return send(request(path).PUT(bodyOf(body)).header("Content-Type", "application/json"));
  }

  Answer delete(String path) throws IOException, InterruptedException {
    return send(request(path).DELETE());
  }

  /** Sends raw bytes, for malformed and oversized bodies. */
  Answer postRaw(String path, byte[] body) throws IOException, InterruptedException {
    return send(
        request(path)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json"));
  }

  /** Sends {@code body} as {@code contentType}, for uploads and wrong media types. */
  Answer post(String path, byte[] body, String contentType)
      throws IOException, InterruptedException {
    return send(
        request(path)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", contentType));
  }

  /** Gets {@code path} as bytes, for downloads such as a PDF. */
  HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends a request with any method and no body. */
  Answer send(String method, String path) throws IOException, InterruptedException {
    return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  /** Acts in the session {@code token} addresses, as a client that logged in elsewhere would. */
  ApiClient inSession(String token) {
    this.token = token;
    return this;
  }

  /** The session's bearer token, once logged in. */
  String token() {
    return token;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
    headers.forEach(builder::header);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static HttpRequest.BodyPublisher bodyOf(Object body) throws IOException {
    return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    boolean json =
        response.headers().firstValue("Content-Type").filter(t -> t.contains("json")).isPresent();
    JsonNode body = response.body().isEmpty() || !json ? null : JSON.readTree(response.body());
    return new Answer(response.statusCode(), response, body);
  }
}
