package org.haven.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node answered a request with an error: an RFC 9457 problem ({@code title}, {@code detail},
 * {@code errors}, {@code reason}). The message puts the status, the detail and each field error on
 * one line.
 */
final class NodeProblemException extends NodeException {
  private static final long serialVersionUID = 1L;

  /** One invalid field of the request, as the node named it. */
  record FieldError(String field, String detail) {}

  private final int status;
  private final transient Optional<String> reason;
  private final transient List<FieldError> errors;

  /**
   * @param title the problem's title, or null
   * @param detail the problem's detail, or null
   * @param reason the ledger's reject reason, or null
   */
  NodeProblemException(
      int status, String title, String detail, List<FieldError> errors, String reason) {
    super(message(status, title, detail, errors, reason));
    this.status = status;
    this.reason = Optional.ofNullable(reason);
    this.errors = List.copyOf(errors);
  }

  /** The fields the node named as invalid, if any. */
  List<FieldError> errors() {
    return errors;
  }

  /** The ledger's reject reason, when the ledger refused the request. */
  Optional<String> reason() {
    return reason;
  }

  /** The HTTP status the node answered with. */
  int status() {
    return status;
  }

  private static String message(
      int status, String title, String detail, List<FieldError> errors, String reason) {
    List<String> parts = new ArrayList<>();
    if (detail != null && !detail.isBlank()) {
      parts.add(detail);
    }
    for (FieldError error : errors) {
      String text = error.field() + ": " + error.detail();
      // The node's detail often is the first field error already; saying it twice reads badly.
      if (detail == null || !detail.contains(text)) {
        parts.add(text);
      }
    }
    StringBuilder message = new StringBuilder("the node answered ").append(status);
    if (title != null && !title.isBlank()) {
      message.append(' ').append(title);
    }
    if (!parts.isEmpty()) {
      message.append(": ").append(String.join("; ", parts));
    }
    if (reason != null && !reason.isBlank()) {
      message.append(" (").append(reason).append(')');
    }
    return message.toString().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
