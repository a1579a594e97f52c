package org.haven.core.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Officer;
import org.haven.core.merkle.MerkleTree;
import org.haven.core.state.LedgerState;
import org.haven.core.state.PendingWrites;
import org.haven.core.tx.Kind;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxContext;
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
    pending.readAhead(TxValidator.replayCheckKeys(Arrays.asList(prepared.transactions)));
    TxValidator validator = new TxValidator(chainId);
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
      Officer actor =
          tx.kind().authority() == Kind.Authority.MEMBER_NODE
              ? null
              : state.officer(tx.body().actor()).orElseThrow();
      tx.payload().apply(new TxContext(actor, state, tx.body()));
      long index = log.size();
      state.putTransactionIndex(tx.id(), index);
      state.putNonceIndex(tx.body().actor(), tx.body().nonce(), index);
      log.append(tx.leafHash());
      state.putLogSize(log.size());
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
   * The proposal decoded on all cores, and its officers' signatures verified up front, together in
   * batches ({@link Transaction#verifyTogether}), against the keys enrolled when the block starts.
   * Each transaction remembers the signatures found valid, so the validator, running in order,
   * verifies again only a signer whose key changed within the block or a signature that failed.
   */
  private static final class Prepared {
    private final Transaction[] transactions;
    private final Validation.Rejected[] decodeErrors;

    private Prepared(int size) {
      this.transactions = new Transaction[size];
      this.decodeErrors = new Validation.Rejected[size];
    }

    static Prepared inParallel(
        Hash chainId, TransactionDecoder decoder, List<Bytes> proposed, LedgerState state) {
      Prepared prepared = new Prepared(proposed.size());
      IntStream.range(0, proposed.size())
          .parallel()
          .forEach(i -> prepared.decode(i, decoder, proposed.get(i)));
      new TxValidator(chainId)
          .verifySignaturesTogether(Arrays.asList(prepared.transactions), state);
      return prepared;
    }

    private void decode(int i, TransactionDecoder decoder, Bytes encoded) {
      try {
        transactions[i] = decoder.decode(encoded);
      } catch (DecodeException e) {
        decodeErrors[i] = Transaction.rejectionFor(encoded, e);
      }
    }
  }
}
