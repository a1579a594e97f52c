package org.haven.consensus;

import java.util.List;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.tx.Transaction;

/**
 * What one Raft log entry carries: a batch of encoded transactions and the proposer's clock. Every
 * node executes the same proposal into the same block.
 */
public record Proposal(long timestampMillis, List<Bytes> transactions) {
  private static final int VERSION = 1;

  /** The most transactions one proposal may carry. */
  public static final int MAX_TRANSACTIONS = 10_000;

  public Proposal {
    transactions = List.copyOf(transactions);
  }

  public byte[] encode() {
    return new CanonicalWriter()
        .u8(VERSION)
        .u64(timestampMillis)
        .list(transactions, CanonicalWriter::bytes)
        .toByteArray();
  }

  public static Proposal decode(byte[] encoded) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(encoded);
    int version = in.u8("proposal version");
    if (version != VERSION) {
      throw new DecodeException(0, "unsupported proposal version " + version);
    }
    long timestamp = in.u64("proposal timestamp");
    List<Bytes> txs =
        in.list(
            "proposal transactions",
            MAX_TRANSACTIONS,
            reader -> {
              int at = reader.position();
              Bytes tx = reader.bytes("transaction");
              if (tx.size() > Transaction.MAX_ENCODED_SIZE) {
                throw new DecodeException(at, "transaction larger than the limit");
              }
              return tx;
            });
    in.finish();
    return new Proposal(timestamp, txs);
  }
}
