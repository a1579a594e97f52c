package org.haven.node.auth;

/**
 * An officer credential could not be read, written or used: its file is missing a field, malformed,
 * damaged or altered, or the disk failed. The message names the file or field and what to do; it
 * never quotes a password or key material.
 */
public final class CredentialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CredentialException(String message) {
    super(message);
  }

  public CredentialException(String message, Throwable cause) {
    super(message, cause);
  }
}
