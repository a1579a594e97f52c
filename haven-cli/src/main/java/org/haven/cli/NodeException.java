package org.haven.cli;

/**
 * The node could not be used: it did not answer, or it refused the request ({@link
 * NodeProblemException}). The message is one line that says which.
 */
class NodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NodeException(String message) {
    super(message);
  }

  NodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
