package org.haven.node.report;

import java.util.Optional;
import java.util.function.Consumer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.identity.ChildNumber;

/** What reports read of the committed ledger: its transactions and two lookups, nothing else. */
public interface ReportLedger {
  /**
   * Hands {@code action} every committed transaction whose block time is at or after {@code
   * millis}, in log order, up to the newest.
   */
  void forEachFrom(long millis, Consumer<ReportEntry> action);

  /** The child's pseudonymous record, if the ledger holds it. */
  Optional<ChildRecord> child(ChildNumber number);

  /** The organisation of the officer, revoked or not, if the ledger knows them. */
  Optional<OrgId> organisationOf(OfficerId officer);
}
