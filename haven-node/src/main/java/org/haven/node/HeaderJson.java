package org.haven.node;

import org.haven.core.ledger.BlockHeader;

/** A block header as JSON, with its hash and the checkpoint signed after it. */
record HeaderJson(
    long height,
    String hash,
    String previous,
    long timestampMillis,
    long firstLogIndex,
    int txCount,
    long treeSize,
    String logRoot,
    String stateHash,
    String checkpoint) {
  static HeaderJson of(BlockHeader header, String checkpoint) {
    return new HeaderJson(
        header.height(),
        header.hash().toHex(),
        header.previous().toHex(),
        header.timestampMillis(),
        header.firstLogIndex(),
        header.txCount(),
        header.treeSize(),
        header.logRoot().toBase64(),
        header.stateHash().toHex(),
        checkpoint);
  }
}
