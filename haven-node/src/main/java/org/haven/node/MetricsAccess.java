package org.haven.node;

import io.javalin.http.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import org.haven.node.api.ApiProblem;

/**
 * Who may read {@code GET /metrics}. The metrics name no child or officer, but they tell how busy a
 * member is, which roles and failures it sees and when it is weak, which is worth something to an
 * attacker. So: with a token in the data directory's {@value #TOKEN_FILE}, every scrape must send
 * {@code Authorization: Bearer <token>}, from anywhere; without one, only a client on this host's
 * loopback is served, and a request that names a proxy hop ({@code Forwarded} or {@code
 * X-Forwarded-For}) is not taken as local, since a TLS proxy on this host connects from loopback on
 * behalf of anyone. For the same reason a node configured {@code behindTlsProxy} serves no scrape
 * at all until it has a token: its proxy may not name itself.
 */
final class MetricsAccess {
  static final String TOKEN_FILE = "metrics.token";

  /** The shortest token taken: 128 bits as hex. */
  static final int MIN_TOKEN_LENGTH = 32;

  private final Optional<byte[]> token;
  private final boolean behindTlsProxy;

  private MetricsAccess(Optional<byte[]> token, boolean behindTlsProxy) {
    this.token = token;
    this.behindTlsProxy = behindTlsProxy;
  }

  /**
   * Reads the token from {@code dataDir}, if there is one.
   *
   * @param behindTlsProxy whether a TLS proxy in front of the node terminates HTTPS for it
   * @throws ConfigException if the token file is there but too short to be a secret
   */
  static MetricsAccess read(Path dataDir, boolean behindTlsProxy) {
    Path file = dataDir.resolve(TOKEN_FILE);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return new MetricsAccess(Optional.empty(), behindTlsProxy);
    } catch (IOException e) {
      throw new ConfigException("Cannot read the metrics token " + file + ": " + e.getMessage(), e);
    }
    if (text.length() < MIN_TOKEN_LENGTH) {
      throw new ConfigException(
          "The metrics token "
              + file
              + " is "
              + text.length()
              + " characters long; it must be at least "
              + MIN_TOKEN_LENGTH
              + ". Make one with: openssl rand -hex 32 > "
              + file);
    }
    return new MetricsAccess(Optional.of(text.getBytes(StandardCharsets.UTF_8)), behindTlsProxy);
  }

  /** Refuses the scrape unless the rule above lets it through. */
  void check(Context ctx) {
    check(
        ctx.req().getRemoteAddr(),
        ctx.header("Authorization"),
        ctx.header("Forwarded") != null || ctx.header("X-Forwarded-For") != null);
  }

  /**
   * @param remoteAddress the peer's IP address, as a literal
   * @param authorization the {@code Authorization} header, or null
   * @param proxied whether the request names a proxy hop
   * @throws ApiProblem 401 or 403, naming what to do
   */
  void check(String remoteAddress, String authorization, boolean proxied) {
    if (token.isPresent()) {
      byte[] sent =
          authorization != null && authorization.startsWith("Bearer ")
              ? authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8)
              : new byte[0];
      if (!MessageDigest.isEqual(sent, token.get())) {
        throw ApiProblem.unauthenticated(
            "GET /metrics needs 'Authorization: Bearer <token>' with the token in the node's "
                + TOKEN_FILE
                + ".");
      }
      return;
    }
    if (behindTlsProxy) {
      throw ApiProblem.forbidden(
          "This node is behind a TLS proxy, so a client on its loopback may be anyone: GET /metrics"
              + " needs a "
              + TOKEN_FILE
              + " in the data directory, sent as 'Authorization: Bearer <token>'"
              + " (docs/operations.md).");
    }
    if (proxied || !loopback(remoteAddress)) {
      throw ApiProblem.forbidden(
          "GET /metrics is served only to this host's loopback, not through a proxy, unless the"
              + " node has a "
              + TOKEN_FILE
              + " in its data directory; scrape with that token (docs/operations.md).");
    }
  }

  /**
   * Whether {@code address}, an IP literal from the socket (never a name to look up), is loopback.
   */
  private static boolean loopback(String address) {
    if (address == null || !address.matches("[0-9a-fA-F:.\\[\\]%]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
