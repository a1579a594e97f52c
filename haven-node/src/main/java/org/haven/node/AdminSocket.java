package org.haven.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's administration channel: a Unix domain socket, {@value #FILE} in the data directory,
 * through which {@code haven backup} and {@code haven vault rotate-master-key} reach a running node
 * whose RocksDB databases they cannot open themselves (the node holds their locks).
 *
 * <p>Only processes that may open the socket file reach it: the file is {@code rw-------} in a data
 * directory that only the node's user may enter, so the channel needs no password, and nothing of
 * it crosses the network. One request per connection, one connection at a time, so that two
 * administrative tasks never run together: the client writes one line, the command's name; the node
 * answers with lines {@code PROGRESS <done> <total>}, then {@code OK <json>} or {@code ERROR
 * <message>}.
 */
public final class AdminSocket implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminSocket.class);

  /** The socket's file in the data directory. */
  public static final String FILE = "admin.sock";

  /** Copies the databases for {@code haven backup}; answers where the copies are. */
  public static final String BACKUP = "backup";

  /** Re-wraps the vault under the key the command line wrote beside the key file. */
  public static final String ROTATE_MASTER_KEY = "rotate-master-key";

  /** What a command tells its client while it runs. */
  public interface Reply {
    void progress(long done, long total);
  }

  /** One administrative command. */
  @FunctionalInterface
  public interface Command {
    /**
     * Runs the command.
     *
     * @return the JSON of its result
     * @throws ConfigException or another runtime exception whose message says what went wrong; it
     *     is sent to the client as it is, so it must not carry secrets or personal data
     */
    String run(Reply reply) throws IOException;
  }

  private final ServerSocketChannel server;
  private final Path file;
  private final Map<String, Command> commands;
  private final Thread acceptor;

  private AdminSocket(ServerSocketChannel server, Path file, Map<String, Command> commands) {
    this.server = server;
    this.file = file;
    this.commands = Map.copyOf(commands);
    this.acceptor = new Thread(this::serve, "haven-admin-socket");
    acceptor.setDaemon(true);
  }

  /**
   * Listens on {@value #FILE} in {@code dataDir}, replacing the file a killed node left behind.
   *
   * @throws IOException if the socket cannot be made
   */
  public static AdminSocket start(Path dataDir, Map<String, Command> commands) throws IOException {
    Path file = dataDir.resolve(FILE);
    Files.deleteIfExists(file);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(file));
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException | RuntimeException e) {
      server.close();
      throw new IOException(
          "Cannot open the administration socket "
              + file
              + " (a Unix socket's path may be at most about 100 bytes long): "
              + e.getMessage(),
          e);
    }
    AdminSocket socket = new AdminSocket(server, file, commands);
    socket.acceptor.start();
    return socket;
  }

  private void serve() {
    while (server.isOpen()) {
      try (SocketChannel client = server.accept()) {
        handle(client);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.warn("An administration request on {} failed: {}", file, e.toString());
      }
    }
  }

  private void handle(SocketChannel client) throws IOException {
    BufferedReader in = new BufferedReader(Channels.newReader(client, StandardCharsets.UTF_8), 256);
    PrintWriter out = new PrintWriter(Channels.newWriter(client, StandardCharsets.UTF_8), true);
    String name = Optional.ofNullable(in.readLine()).orElse("").strip();
    Command command = commands.get(name);
    if (command == null) {
      out.println("ERROR unknown command '" + name + "'; known: " + commands.keySet());
      return;
    }
    LOG.info("Administration: {} requested", name);
    try {
      String result = command.run((done, total) -> out.println("PROGRESS " + done + " " + total));
      out.println("OK " + result);
      LOG.info("Administration: {} done", name);
    } catch (RuntimeException | IOException e) {
      LOG.error("Administration: {} failed: {}", name, e.getMessage());
      out.println("ERROR " + oneLine(e.getMessage()));
    }
  }

  private static String oneLine(String message) {
    return message == null ? "failed without a message" : message.replace('\n', ' ');
  }

  /** Stops listening and removes the socket's file. */
  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(file);
  }
}
