package org.haven.vault;

/**
 * The vault could not do what was asked: the disk failed, a record is corrupt or fails
 * authentication, or the master key is missing, malformed or not the vault's. The message says what
 * the vault was doing, for which child number and where, and never quotes personal data or key
 * material.
 */
public final class VaultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public VaultException(String message) {
    super(message);
  }

  public VaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
