package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.haven.node.AdminSocket;
import org.haven.node.ConfigException;

/**
 * Sends one command to a running node over its administration socket ({@link AdminSocket}) and
 * waits for the answer, passing on the progress the node reports.
 */
final class AdminClient {
  private AdminClient() {}

  /** Told the node's progress reports. */
  @FunctionalInterface
  interface Progress {
    void update(long done, long total);
  }

  /**
   * Runs {@code command} on the node of {@code dataDir}.
   *
   * @return the node's JSON result
   * @throws ConfigException if no node runs on {@code dataDir}
   * @throws NodeException if the node reports the command failed, or the connection broke
   */
  static JsonNode call(Path dataDir, String command, Progress progress) {
    Path file = dataDir.resolve(AdminSocket.FILE);
    if (!Files.exists(file)) {
      throw notRunning(dataDir, file);
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      try {
        channel.connect(UnixDomainSocketAddress.of(file));
      } catch (IOException e) {
        throw notRunning(dataDir, file);
      }
      PrintWriter out = new PrintWriter(Channels.newWriter(channel, StandardCharsets.UTF_8), true);
      BufferedReader in = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
      out.println(command);
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("PROGRESS ")) {
          String[] counts = line.split(" ");
          progress.update(Long.parseLong(counts[1]), Long.parseLong(counts[2]));
        } else if (line.startsWith("OK ")) {
          return Json.MAPPER.readTree(line.substring("OK ".length()));
        } else if (line.startsWith("ERROR ")) {
          throw new NodeException("the node refused: " + line.substring("ERROR ".length()));
        }
      }
      throw new NodeException(
          "the node on "
              + dataDir
              + " closed its administration socket without an answer: see its"
              + " log");
    } catch (IOException e) {
      throw new NodeException(
          "the connection to the node's administration socket " + file + " failed: " + e, e);
    }
  }

  private static ConfigException notRunning(Path dataDir, Path file) {
    return new ConfigException(
        "No node is running on "
            + dataDir
            + " (nothing answers on "
            + file
            + "). Start it with 'haven node --data-dir "
            + dataDir
            + "' and run this again as the user that runs it.");
  }
}
