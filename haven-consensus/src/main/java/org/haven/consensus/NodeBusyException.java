package org.haven.consensus;

import java.util.concurrent.CompletionException;

/** The node cannot take a submission now: its queue is full or it is shutting down. */
public final class NodeBusyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean shuttingDown;

  private NodeBusyException(String message, boolean shuttingDown) {
    super(message);
    this.shuttingDown = shuttingDown;
  }

  /** The queue is full; the submission may be retried in a moment. */
  public static NodeBusyException full(int waiting) {
    return new NodeBusyException(
        waiting + " transactions are already waiting; retry in a moment", false);
  }

  /** The node is stopping; the submission may be retried once it runs again. */
  public static NodeBusyException shuttingDown() {
    return new NodeBusyException("the node is shutting down", true);
  }

  /**
   * Whether {@code failure}, or the failure a future wrapped it in, says the node is stopping: the
   * node's own submissions (cosignatures, attestations) are then dropped on purpose, not lost.
   */
  public static boolean isShutdown(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof NodeBusyException busy && busy.shuttingDown;
  }
}
