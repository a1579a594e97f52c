package org.haven.core.ledger;

import java.nio.charset.StandardCharsets;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;

/**
 * A block header. Blocks are hash-linked through {@code previous}; block 0's {@code previous} is
 * the genesis hash. The block holds log entries {@code [firstLogIndex, treeSize())}, and {@code
 * logRoot} is the RFC 9162 root of the whole log after them.
 *
 * @param stateHash a hash chain over every state write up to and including this block
 */
public record BlockHeader(
    long height,
    Hash previous,
    long timestampMillis,
    long firstLogIndex,
    int txCount,
    Hash logRoot,
    Hash stateHash) {
  /** The keyword of the checkpoint extension line that names the block. */
  public static final String CHECKPOINT_EXTENSION = "haven-block";

  private static final byte[] DOMAIN = "haven/block/v1\n".getBytes(StandardCharsets.UTF_8);

  public BlockHeader {
    if (height < 0 || timestampMillis < 0 || firstLogIndex < 0 || txCount < 0) {
      throw new IllegalArgumentException("block header numbers must not be negative");
    }
  }

  /** The size of the log after this block. */
  public long treeSize() {
    return firstLogIndex + txCount;
  }

  public Bytes encode() {
    return new CanonicalWriter()
        .u64(height)
        .hash(previous)
        .u64(timestampMillis)
        .u64(firstLogIndex)
        .u32(txCount)
        .hash(logRoot)
        .hash(stateHash)
        .toBytes();
  }

  public static BlockHeader decode(Bytes encoded) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(encoded);
    BlockHeader header =
        new BlockHeader(
            in.u64("height"),
            in.hash("previous block hash"),
            in.u64("timestamp"),
            in.u64("first log index"),
            in.u32("transaction count"),
            in.hash("log root"),
            in.hash("state hash"));
    in.finish();
    return header;
  }

  /**
   * The checkpoint signed after this block: the log's size and root, and an extension line {@code
   * haven-block <height> <hex block hash>} so that the node's signature covers every field of this
   * header, the newest block's included.
   */
  public Checkpoint checkpoint(String origin) {
    return BlockCheckpoint.of(this).checkpoint(origin);
  }

  /** The block hash that the next block links to. */
  public Hash hash() {
    return Hash.sha256(DOMAIN, encode().toArray());
  }
}
