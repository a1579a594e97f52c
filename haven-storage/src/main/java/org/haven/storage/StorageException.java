package org.haven.storage;

/**
 * The ledger store could not do what was asked of it: the disk failed, the files are corrupt, or
 * there is no ledger where one was expected. The message says what the store was doing and where.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
