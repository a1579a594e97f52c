package org.haven.node.report;

import java.util.Optional;
import java.util.function.Consumer;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.Transaction;
import org.haven.node.LedgerQueries;

/** The committed ledger of this node, block by block, as reports read it. */
public final class CommittedLedger implements ReportLedger {
  private final LedgerQueries queries;

  public CommittedLedger(LedgerQueries queries) {
    this.queries = queries;
  }

  @Override
  public void forEachFrom(long millis, Consumer<ReportEntry> action) {
    long head = queries.head().height();
    for (long height = queries.firstBlockAtOrAfter(millis); height <= head; height++) {
      BlockHeader header = queries.header(height).orElseThrow();
      for (long index = header.firstLogIndex(); index < header.treeSize(); index++) {
        Transaction tx = queries.decodedTransaction(index);
        action.accept(new ReportEntry(header.timestampMillis(), tx.body().actor(), tx.payload()));
      }
    }
  }

  @Override
  public Optional<ChildRecord> child(ChildNumber number) {
    return queries.registry().child(number);
  }

  @Override
  public Optional<OrgId> organisationOf(OfficerId officer) {
    return queries.officer(officer).map(Officer::org);
  }
}
