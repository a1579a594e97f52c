package org.haven.node.report;

import java.util.Objects;
import org.haven.core.identity.OfficerId;
import org.haven.core.tx.Payload;

/**
 * One committed transaction as reports count it.
 *
 * @param atMillis the time of the block that committed it
 * @param actor the officer who signed it
 */
public record ReportEntry(long atMillis, OfficerId actor, Payload payload) {
  public ReportEntry {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(payload, "payload");
  }
}
