package org.haven.cli;

import java.util.concurrent.CountDownLatch;
import org.haven.node.HavenNode;

/** Keeps a node running until the process is told to stop (Ctrl-C, SIGTERM), then closes it. */
final class StopOnSignal {
  private final CountDownLatch stopped = new CountDownLatch(1);

  StopOnSignal(HavenNode node) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    node.close();
                  } catch (Exception e) {
                    System.err.println("haven: error while stopping: " + e.getMessage());
                  }
                  stopped.countDown();
                },
                "haven-shutdown"));
  }

  /** Blocks until the node has been closed by the shutdown hook. */
  void await() throws InterruptedException {
    stopped.await();
  }
}
