package org.haven.storage;

/**
 * The Raft term and index of the last log entry the store has applied. After a restart the state
 * machine resumes from the entry after this one.
 */
public record AppliedIndex(long term, long index) {
  /** What a store that has applied nothing reports. */
  public static final AppliedIndex NONE = new AppliedIndex(0, -1);
}
