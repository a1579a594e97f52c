package org.haven.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.List;
import org.haven.core.crypto.CertificatePin;

/**
 * An officer's session on a node, as {@code haven login} saves it.
 *
 * @param node the node's base URL; the token is good there only
 * @param token the bearer token; secret
 * @param expiresAt when the node ends the session, in milliseconds since the Unix epoch
 * @param caFile the CA file the node's HTTPS certificate was checked with at login; null if none
 * @param pin the node's pinned HTTPS certificate ({@code sha256:...}); null if none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Session(
    String node, String officer, String token, long expiresAt, String caFile, String pin) {
  /**
   * The session at {@code node}, which the CLI reached trusting its certificate as {@code trust}.
   */
  static Session of(String node, String officer, String token, long expiresAt, NodeTrust trust) {
    return new Session(
        node,
        officer,
        token,
        expiresAt,
        trust.caFile() == null ? null : trust.caFile().toString(),
        trust.pin().orElse(null));
  }

  /** How the node's certificate was checked at login, to check it the same way now. */
  NodeTrust trust() {
    return new NodeTrust(
        caFile == null ? null : Path.of(caFile),
        pin == null ? List.of() : List.of(CertificatePin.parse(pin)));
  }

  boolean expired(long nowMillis) {
    return nowMillis >= expiresAt;
  }

  /** Leaves the token out, so that a session never reaches a log or a message. */
  @Override
  public String toString() {
    return "Session[node="
        + node
        + ", officer="
        + officer
        + ", expiresAt="
        + expiresAt
        + ", caFile="
        + caFile
        + ", pin="
        + pin
        + "]";
  }
}
