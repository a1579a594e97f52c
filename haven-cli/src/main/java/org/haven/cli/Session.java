package org.haven.cli;

/**
 * An officer's session on a node, as {@code haven login} saves it.
 *
 * @param node the node's base URL; the token is good there only
 * @param token the bearer token; secret
 * @param expiresAt when the node ends the session, in milliseconds since the Unix epoch
 */
record Session(String node, String officer, String token, long expiresAt) {
  boolean expired(long nowMillis) {
    return nowMillis >= expiresAt;
  }

  /** Leaves the token out, so that a session never reaches a log or a message. */
  @Override
  public String toString() {
    return "Session[node=" + node + ", officer=" + officer + ", expiresAt=" + expiresAt + "]";
  }
}
