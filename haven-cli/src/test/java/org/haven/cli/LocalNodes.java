package org.haven.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code haven} processes one test starts, each run named, its stderr in {@code
 * <temp>/<run>-stderr.log}. Close it to stop every one still running.
 */
final class LocalNodes implements AutoCloseable {
  private static final Pattern NODE_RUNNING =
      Pattern.compile("Haven node running: .* HTTP http://127\\.0\\.0\\.1:(\\d+)/api/v1/status");

  private final Path temp;
  private final List<HavenProcess> running = new ArrayList<>();

  LocalNodes(Path temp) {
    this.temp = temp;
  }

  /** Starts {@code haven node --data-dir dataDir} and waits until it says it runs. */
  HavenProcess startNode(Path dataDir, String run) throws Exception {
    HavenProcess node = start(run, "node", "--data-dir", dataDir.toString());
    node.awaitLine(NODE_RUNNING);
    return node;
  }

  /** Starts {@code haven args} without waiting for anything. */
  HavenProcess start(String run, String... args) throws IOException {
    HavenProcess process = HavenProcess.start(stderr(run), args);
    running.add(process);
    return process;
  }

  Path stderr(String run) {
    return temp.resolve(run + "-stderr.log");
  }

  String log(String run) throws IOException {
    return Files.readString(stderr(run));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    running.forEach(HavenProcess::close);
  }
}
