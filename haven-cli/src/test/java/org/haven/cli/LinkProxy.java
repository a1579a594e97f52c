package org.haven.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One direction of a network link (between two members, or a client and a node), as a TCP forwarder
 * on loopback: the member that dials out is configured with this proxy's address instead of its
 * peer's. {@link #cut} drops every open connection and refuses new ones until {@link #heal}, as a
 * severed link would, so the members see real connection failures.
 */
final class LinkProxy implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  private static final int BUFFER_BYTES = 64 * 1024;

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private final AtomicInteger answersToDrop = new AtomicInteger();
  private final AtomicInteger droppedAnswers = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile String droppedRequest;

  /** Starts forwarding connections made to {@link #address()} to {@code target}. */
  LinkProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon("link-proxy-accept-" + server.getLocalPort(), this::acceptLoop);
  }

  /** {@code host:port} for the dialling member's configuration. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Drops every connection on this link and refuses new ones. */
  void cut() {
    cut = true;
    open.forEach(LinkProxy::closeQuietly);
  }

  /** Lets connections through again. */
  void heal() {
    cut = false;
  }

  /**
   * Lets the next {@code count} connections' requests through but drops their answers: when the
   * first bytes of an answer come back, both ends are closed, as a link that fails just after the
   * server acted would. The client sees its connection end without an answer.
   */
  void dropNextAnswers(int count) {
    answersToDrop.set(count);
  }

  /**
   * Lets every request whose first bytes are {@code requestStart} (such as {@code "POST
   * /api/v1/children "}) through, but drops its answer as {@link #dropNextAnswers} does, until
   * {@link #stopDroppingAnswers}: the server acts, and the client never hears of it. Other
   * requests, on the same connection or not, are answered.
   */
  void dropAnswersTo(String requestStart) {
    droppedRequest = requestStart;
  }

  /** Answers every request again. */
  void stopDroppingAnswers() {
    droppedRequest = null;
  }

  /** How many answers {@link #dropNextAnswers} and {@link #dropAnswersTo} dropped. */
  int droppedAnswers() {
    return droppedAnswers.get();
  }

  /** How many connections this proxy forwarded. */
  int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    cut();
    closeQuietly(server);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket in;
      try {
        in = server.accept();
      } catch (IOException e) {
        return;
      }
      if (cut) {
        closeQuietly(in);
        continue;
      }
      Socket out = new Socket();
      try {
        out.connect(target, CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        closeQuietly(in);
        closeQuietly(out);
        continue;
      }
      open.add(in);
      open.add(out);
      connections.incrementAndGet();
      AtomicBoolean dropAnswer =
          new AtomicBoolean(answersToDrop.getAndUpdate(left -> Math.max(0, left - 1)) > 0);
      daemon("link-proxy-pump", () -> pump(in, out, new AtomicBoolean(), dropAnswer));
      daemon("link-proxy-pump", () -> pump(out, in, dropAnswer, null));
    }
  }

  /**
   * Copies {@code from} to {@code to} until either ends. {@code drop}: drop what comes (an answer
   * marked to be dropped). {@code dropAnswer}, on the request side: marked when a request starts
   * with {@link #droppedRequest}, so that the other pump drops its answer.
   */
  private void pump(Socket from, Socket to, AtomicBoolean drop, AtomicBoolean dropAnswer) {
    byte[] buffer = new byte[BUFFER_BYTES];
    try (InputStream input = from.getInputStream();
        OutputStream output = to.getOutputStream()) {
      int read;
      while ((read = input.read(buffer)) >= 0) {
        if (cut) {
          break;
        }
        String dropped = droppedRequest;
        if (dropAnswer != null
            && dropped != null
            && new String(buffer, 0, read, StandardCharsets.ISO_8859_1).startsWith(dropped)) {
          dropAnswer.set(true);
        }
        if (drop.get()) {
          droppedAnswers.incrementAndGet();
          break;
        }
        output.write(buffer, 0, read);
        output.flush();
      }
    } catch (IOException e) {
      // The link was cut or a member hung up: close both ends below.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Already closed.
    }
  }
}
