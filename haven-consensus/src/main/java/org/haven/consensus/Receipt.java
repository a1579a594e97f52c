package org.haven.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.crypto.Hash;
import org.haven.core.ledger.TxResult;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.Validation;

/**
 * The committed outcome of one submitted transaction: accepted at a log index in a block, or
 * rejected with a reason.
 *
 * @param blockHeight the block holding the transaction, or -1 if it was rejected
 */
public record Receipt(TxResult result, long blockHeight) {

  /** Encodes the receipts of one proposal, in proposal order, as the Raft reply. */
  static byte[] encodeAll(List<TxResult> results, long blockHeight) {
    CanonicalWriter out = new CanonicalWriter().u64(blockHeight + 1);
    out.list(results, Receipt::write);
    return out.toByteArray();
  }

  private static void write(CanonicalWriter out, TxResult result) {
    out.bool(result.id().isPresent());
    result.id().ifPresent(out::hash);
    if (result.validation() instanceof Validation.Rejected) {
      Validation.Rejected rejected = (Validation.Rejected) result.validation();
      out.u8(1).u8(rejected.reason().code()).string(rejected.detail());
    } else {
      out.u8(0).u64(result.logIndex());
    }
  }

  static List<Receipt> decodeAll(byte[] encoded) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(encoded);
    long blockHeight = in.u64("block height") - 1;
    List<TxResult> results = in.list("receipts", Proposal.MAX_TRANSACTIONS, Receipt::read);
    in.finish();
    List<Receipt> receipts = new ArrayList<>(results.size());
    for (TxResult result : results) {
      receipts.add(new Receipt(result, result.accepted() ? blockHeight : -1));
    }
    return receipts;
  }

  private static TxResult read(CanonicalReader in) throws DecodeException {
    Optional<Hash> id = in.bool("has id") ? Optional.of(in.hash("id")) : Optional.empty();
    if (in.bool("rejected")) {
      RejectReason reason = WireCode.read(in, RejectReason.values(), "reason");
      return new TxResult(id, Validation.reject(reason, in.string("detail")), -1);
    }
    return new TxResult(id, Validation.accepted(), in.u64("log index"));
  }
}
