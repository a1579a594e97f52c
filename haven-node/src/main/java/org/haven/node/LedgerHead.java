package org.haven.node;

import java.util.Optional;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.ledger.BlockHeader;

/**
 * What {@code GET /status} says about the ledger, read once per applied block rather than once per
 * request: under load a status check must not queue for RocksDB reads and transaction decoding
 * (docs/api.md gives the measured times).
 */
final class LedgerHead {
  /**
   * @param head the newest block's header
   * @param recordTreeSize see {@link LedgerQueries#sizeWithEveryRecord}
   * @param finalCheckpoint the newest checkpoint a quorum of members has cosigned, if any
   */
  record Facts(BlockHeader head, long recordTreeSize, Optional<BlockCheckpoint> finalCheckpoint) {}

  private final LedgerQueries queries;
  private volatile Facts facts;

  LedgerHead(LedgerQueries queries) {
    this.queries = queries;
    refresh();
  }

  /** Reads the facts again: at start, after each applied block and after a snapshot install. */
  void refresh() {
    facts = new Facts(queries.head(), queries.sizeWithEveryRecord(), queries.finalCheckpointOf());
  }

  Facts facts() {
    return facts;
  }
}
