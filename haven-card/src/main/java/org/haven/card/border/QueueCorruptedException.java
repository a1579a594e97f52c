package org.haven.card.border;

import java.io.IOException;

/**
 * A crossing queue damaged somewhere other than its last entry, which a crash cannot do. The queue
 * refuses to open rather than drop records that may still be good; the file is left as it is for an
 * operator to inspect.
 */
public final class QueueCorruptedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  public QueueCorruptedException(String file, long offset, String problem) {
    super("The crossing queue " + file + " is damaged at byte " + offset + ": " + problem + ".");
    this.offset = offset;
  }

  /** Where in the file the damage starts. */
  public long offset() {
    return offset;
  }
}
