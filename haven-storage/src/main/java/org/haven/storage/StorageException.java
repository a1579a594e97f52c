package org.haven.storage;

import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

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

  /**
   * Whether RocksDB found the ledger's files damaged (a checksum that does not match, a file cut
   * short), as opposed to a failure that may pass, such as a full disk.
   */
  public boolean corruption() {
    return getCause() instanceof RocksDBException rocks
        && rocks.getStatus() != null
        && rocks.getStatus().getCode() == Status.Code.Corruption;
  }
}
