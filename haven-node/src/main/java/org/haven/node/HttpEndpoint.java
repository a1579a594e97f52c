package org.haven.node;

import io.javalin.http.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Where and how a node serves its HTTP API: an address and port, and either TLS with the node's
 * certificate ({@code httpTls} in node.json) or plain HTTP. Plain HTTP carries passwords, session
 * tokens and children's data in clear, so a node serves it only on a loopback address, or when
 * {@code behindTlsProxy} says that a TLS proxy in front terminates HTTPS (docs/operations.md,
 * "TLS").
 */
final class HttpEndpoint {
  /**
   * {@code Strict-Transport-Security}: a browser that reached the node over HTTPS keeps to HTTPS
   * for a year, so that a man in the middle cannot downgrade a later visit to plain HTTP. No {@code
   * includeSubDomains}: the node does not know what else runs under its domain.
   */
  static final String HSTS = "max-age=31536000";

  /** The node.json option that allows plain HTTP off loopback. */
  static final String BEHIND_TLS_PROXY = "behindTlsProxy";

  private static final char[] IN_MEMORY = new char[0];

  private final String host;
  private final int port;
  private final Optional<SSLContext> tls;
  private final boolean behindTlsProxy;

  private HttpEndpoint(String host, int port, Optional<SSLContext> tls, boolean behindTlsProxy) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.behindTlsProxy = behindTlsProxy;
  }

  /**
   * The endpoint {@code config} describes, its certificate and key read and checked.
   *
   * @throws ConfigException naming the problem and the fix: plain HTTP on an address that is not
   *     loopback without {@value #BEHIND_TLS_PROXY}, or a certificate or key that cannot be used
   */
  static HttpEndpoint of(Path dataDir, NodeConfig config, Instant now) {
    Optional<SSLContext> tls =
        Optional.ofNullable(config.httpTls())
            .map(files -> sslContext(HttpsCertificate.read(dataDir, files, now)));
    if (tls.isEmpty() && !config.behindTlsProxy() && !isLoopback(config.httpHost())) {
      throw new ConfigException(
          "Refusing to serve plain HTTP on "
              + config.httpHost()
              + ", which is not a loopback address: officers' passwords, session tokens and"
              + " children's data would cross the network in clear. Give the node a certificate"
              + " (\"httpTls\" in "
              + dataDir.resolve(NodeConfig.FILE_NAME)
              + ", as 'haven init' writes it), or, if a TLS proxy in front of the node terminates"
              + " HTTPS, set \""
              + BEHIND_TLS_PROXY
              + "\": true there ('haven init --behind-tls-proxy'). See docs/operations.md, \"TLS\".");
    }
    return new HttpEndpoint(config.httpHost(), config.httpPort(), tls, config.behindTlsProxy());
  }

  /**
   * Makes the TLS connector of Javalin's Jetty server, on this endpoint's address; empty for plain
   * HTTP, for which Javalin makes its own connector.
   */
  Optional<BiFunction<Server, HttpConfiguration, Connector>> tlsConnector() {
    return tls.map(
        context ->
            (server, http) -> {
              SslContextFactory.Server factory = new SslContextFactory.Server();
              factory.setSslContext(context);
              HttpConfiguration https = new HttpConfiguration(http);
              SecureRequestCustomizer secure = new SecureRequestCustomizer();
              // One certificate for every name: clients check it (by name, CA or pin), so the
              // server has no certificate to choose by the name the client asked for.
              secure.setSniHostCheck(false);
              https.addCustomizer(secure);
              ServerConnector connector =
                  new ServerConnector(
                      server,
                      new SslConnectionFactory(factory, HttpVersion.HTTP_1_1.asString()),
                      new HttpConnectionFactory(https));
              connector.setHost(host);
              connector.setPort(port);
              return connector;
            });
  }

  /** The node's base URL on this endpoint, once bound to {@code boundPort}. */
  String url(int boundPort) {
    String name = host.contains(":") ? "[" + host + "]" : host;
    return (tls.isPresent() ? "https" : "http") + "://" + name + ":" + boundPort;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  /**
   * Whether the client reached the node over HTTPS: this connection is TLS, or, behind a TLS proxy,
   * the proxy says so in {@code X-Forwarded-Proto}. Only a node declared to be behind a proxy
   * believes that header.
   */
  boolean secure(Context ctx) {
    return ctx.req().isSecure()
        || behindTlsProxy && "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }

  /**
   * Whether a session (a login, or a request with a session token) may travel the way this request
   * did: over HTTPS, or in plain HTTP on a loopback connection that never left the machine. Behind
   * a TLS proxy, only what the proxy says counts: a request it forwards from plain HTTP, or one
   * that reached the node around it, may have crossed the network in clear.
   */
  boolean carriesSessions(Context ctx) {
    return secure(ctx) || !behindTlsProxy && isLoopback(ctx.req().getLocalAddr());
  }

  /** Why a session was refused, and what to do. */
  String sessionRefusal() {
    return behindTlsProxy
        ? "Logins and session tokens are accepted only over HTTPS. This node is behind a TLS proxy"
            + " (behindTlsProxy) and the proxy did not say 'X-Forwarded-Proto: https' for this"
            + " request: use the proxy's https:// address, and have the proxy send that header."
        : "Logins and session tokens are accepted only over HTTPS, or plain HTTP on loopback;"
            + " use the node's https:// address.";
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException(
          "Cannot resolve the HTTP address " + address + " (httpHost in node.json)", e);
    }
  }

  private static SSLContext sslContext(HttpsCertificate https) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("http", https.key(), IN_MEMORY, https.chain().toArray(Certificate[]::new));
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, IN_MEMORY);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot set up the node's HTTPS key", e);
    }
  }
}
