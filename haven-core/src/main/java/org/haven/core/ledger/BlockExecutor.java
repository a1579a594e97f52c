package org.haven.core.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Officer;
import org.haven.core.merkle.MerkleTree;
import org.haven.core.merkle.Rfc6962;
import org.haven.core.state.LedgerState;
import org.haven.core.state.PendingWrites;
import org.haven.core.tx.Endorsement;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxValidator;
import org.haven.core.tx.Validation;

/**
 * Turns a proposal (a timestamp and a list of encoded transactions) into a block, the same way on
 * every node. Each transaction is validated against the state left by the ones before it; accepted
 * ones are applied and appended to the Merkle log, rejected ones leave no trace. All writes go to
 * the given {@link PendingWrites}, which the caller commits atomically with the block.
 */
public final class BlockExecutor {
  /** Decodes one proposed transaction; a node may supply one that reuses earlier decoding. */
  @FunctionalInterface
  public interface TransactionDecoder {
    Transaction decode(Bytes encoded) throws DecodeException;
  }

  private final Hash chainId;
  private final TransactionDecoder decoder;

  public BlockExecutor(Hash chainId) {
    this(chainId, Transaction::decode);
  }

  /**
   * @param decoder must return exactly what {@link Transaction#decode} would, so that every node
   *     executes the same proposal the same way
   */
  public BlockExecutor(Hash chainId, TransactionDecoder decoder) {
    this.chainId = chainId;
    this.decoder = decoder;
  }

  /** Block 0: writes the genesis state. Its {@code previous} link is the genesis hash. */
  public static Block genesisBlock(Genesis genesis, PendingWrites pending) {
    genesis.apply(new LedgerState(pending));
    BlockHeader header =
        new BlockHeader(
            0,
            genesis.hash(),
            genesis.createdAtMillis(),
            0,
            0,
            Hash.EMPTY,
            pending.chainStateHash(Hash.ZERO));
    return new Block(header, List.of());
  }

  /** A proposal's outcome: the block, if any transaction was accepted, and one result each. */
  public record Outcome(Optional<Block> block, List<TxResult> results) {}

  /**
   * Executes a proposal on top of {@code previous}.
   *
   * @param pending the state after {@code previous}; receives this block's writes
   */
  public Outcome execute(
      BlockHeader previous, long proposedTimestamp, List<Bytes> proposed, PendingWrites pending) {
    LedgerState state = new LedgerState(pending);
    Prepared prepared = Prepared.inParallel(chainId, decoder, proposed, state);
    TxValidator validator = new TxValidator(chainId, prepared::verifies);
    MerkleTree log = new MerkleTree(state.merkleNodes(), previous.treeSize());
    List<Transaction> accepted = new ArrayList<>();
    TxResult[] results = new TxResult[proposed.size()];
    for (int i = 0; i < results.length; i++) {
      Transaction tx = prepared.transactions[i];
      if (tx == null) {
        results[i] = new TxResult(Optional.empty(), prepared.decodeErrors[i], -1);
        continue;
      }
      Validation validation = validator.validate(tx, state);
      if (!validation.isAccepted()) {
        results[i] = new TxResult(Optional.of(tx.id()), validation, -1);
        continue;
      }
      tx.payload().apply(state);
      long index = log.size();
      state.putTransactionIndex(tx.id(), index);
      log.append(Rfc6962.leafHash(tx.encoded().toArray()));
      accepted.add(tx);
      results[i] = new TxResult(Optional.of(tx.id()), validation, index);
    }
    if (accepted.isEmpty()) {
      return new Outcome(Optional.empty(), Arrays.asList(results));
    }
    BlockHeader header =
        new BlockHeader(
            previous.height() + 1,
            previous.hash(),
            Math.max(previous.timestampMillis(), proposedTimestamp),
            previous.treeSize(),
            accepted.size(),
            log.root(),
            pending.chainStateHash(previous.stateHash()));
    return new Outcome(Optional.of(new Block(header, accepted)), Arrays.asList(results));
  }

  /**
   * The proposal decoded and its signatures verified up front, on all cores, against the keys
   * enrolled when the block starts. A signer whose key changes within the block is verified again,
   * in order, by the validator.
   */
  private static final class Prepared {
    private final Hash chainId;
    private final Transaction[] transactions;
    private final Validation.Rejected[] decodeErrors;
    private final Map<Transaction, Integer> positions = new IdentityHashMap<>();
    private final Ed25519PublicKey[][] keys;
    private final boolean[][] valid;

    private Prepared(Hash chainId, int size) {
      this.chainId = chainId;
      this.transactions = new Transaction[size];
      this.decodeErrors = new Validation.Rejected[size];
      this.keys = new Ed25519PublicKey[size][];
      this.valid = new boolean[size][];
    }

    static Prepared inParallel(
        Hash chainId, TransactionDecoder decoder, List<Bytes> proposed, LedgerState state) {
      Prepared prepared = new Prepared(chainId, proposed.size());
      IntStream.range(0, proposed.size())
          .parallel()
          .forEach(i -> prepared.prepare(i, decoder, proposed.get(i), state));
      for (int i = 0; i < prepared.transactions.length; i++) {
        if (prepared.transactions[i] != null) {
          prepared.positions.put(prepared.transactions[i], i);
        }
      }
      return prepared;
    }

    private void prepare(int i, TransactionDecoder decoder, Bytes encoded, LedgerState state) {
      Transaction tx;
      try {
        tx = decoder.decode(encoded);
      } catch (DecodeException e) {
        decodeErrors[i] = Transaction.rejectionFor(encoded, e);
        return;
      }
      List<Endorsement> endorsements = tx.endorsements();
      keys[i] = new Ed25519PublicKey[endorsements.size()];
      valid[i] = new boolean[endorsements.size()];
      for (int e = 0; e < endorsements.size(); e++) {
        Ed25519PublicKey key =
            state.officer(endorsements.get(e).signer()).map(Officer::key).orElse(null);
        keys[i][e] = key;
        valid[i][e] = key != null && tx.signatureValid(chainId, endorsements.get(e), key);
      }
      transactions[i] = tx;
    }

    boolean verifies(Transaction tx, Endorsement endorsement, Ed25519PublicKey key) {
      Integer i = positions.get(tx);
      int e = tx.endorsements().indexOf(endorsement);
      if (i != null && e >= 0 && key.equals(keys[i][e])) {
        return valid[i][e];
      }
      return tx.signatureValid(chainId, endorsement, key);
    }
  }
}
