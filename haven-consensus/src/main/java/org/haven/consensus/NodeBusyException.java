package org.haven.consensus;

/** The node cannot take a submission now: its queue is full or it is shutting down. */
public final class NodeBusyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NodeBusyException(String message) {
    super(message);
  }
}
