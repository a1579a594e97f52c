package org.haven.consensus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteFormatException;
import org.haven.core.checkpoint.NoteSigner;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.checkpoint.Witness;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.ledger.Block;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.state.LedgerState;
import org.haven.core.tx.CosignCheckpoint;
import org.haven.core.tx.Kind;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.Validation;
import org.haven.storage.RocksLedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's witness at work: cosigns checkpoints of its own ledger and puts each cosignature on
 * the ledger as a {@code COSIGN_CHECKPOINT} transaction, and reports every divergence or
 * equivocation the ledger refuses.
 *
 * <p>When to cosign: a member starts a round, cosigning its own newest checkpoint, when blocks
 * other than cosignatures were added since the last checkpoint it cosigned, at most once per
 * interval; it joins a round at once when another member's cosignature of a newer checkpoint is
 * applied. Blocks of cosignatures alone start no round, so the ledger falls quiet when it is idle.
 * Every decision goes through {@link Witness}, which checks the member's own replay and the
 * consistency with the last checkpoint it cosigned; that checkpoint is kept in a file, so a restart
 * keeps the rule.
 */
public final class CheckpointWitness implements LedgerStateMachine.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointWitness.class);
  private static final int DIVERGENCES_KEPT = 1000;

  /**
   * A detected divergence or equivocation.
   *
   * @param kind {@link RejectReason#CHECKPOINT_DIVERGES} or {@link RejectReason#EQUIVOCATION}
   * @param member the member whose cosignature disagreed
   * @param treeSize the tree size of the disputed checkpoint
   * @param theirRoot the root that member signed
   * @param otherRoot this ledger's root at that size (divergence), or the other root the member
   *     signed at that size (equivocation); empty if this ledger does not reach that size
   */
  public record Divergence(
      Instant detectedAt,
      RejectReason kind,
      OrgId member,
      long treeSize,
      Hash theirRoot,
      Optional<Hash> otherRoot,
      String detail) {}

  private final RocksLedgerStore store;
  private final Witness witness;
  private final OrgId member;
  private final Ed25519PrivateKey nodeKey;
  private final Hash chainId;
  private final Path lastCosignedFile;
  private volatile Function<Bytes, CompletableFuture<Receipt>> submit;
  private final long intervalMillis;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "checkpoint-witness");
            thread.setDaemon(true);
            return thread;
          });
  private final Deque<Divergence> divergences = new ArrayDeque<>();
  private volatile Optional<String> held = Optional.empty();
  private volatile Optional<String> damaged = Optional.empty();

  // Touched only on the worker thread.
  private long workUpTo;
  private long lastRoundMillis = Long.MIN_VALUE / 2;
  private boolean roundScheduled;

  private CheckpointWitness(
      RocksLedgerStore store,
      Witness witness,
      OrgId member,
      Ed25519PrivateKey nodeKey,
      Hash chainId,
      Path lastCosignedFile,
      long intervalMillis,
      Clock clock) {
    this.store = store;
    this.witness = witness;
    this.member = member;
    this.nodeKey = nodeKey;
    this.chainId = chainId;
    this.lastCosignedFile = lastCosignedFile;
    this.intervalMillis = intervalMillis;
    this.clock = clock;
  }

  /**
   * Opens the witness of {@code member} over {@code store}; it acts once {@link #start}ed, and
   * until then ignores what is applied.
   *
   * @param lastCosignedFile where the last cosigned checkpoint is kept, as the signed note
   * @param intervalMillis the least time between two rounds this member starts
   * @throws IllegalStateException if {@code lastCosignedFile} exists but cannot be read
   */
  public static CheckpointWitness open(
      RocksLedgerStore store,
      OrgId member,
      Ed25519PrivateKey nodeKey,
      Hash chainId,
      Path lastCosignedFile,
      long intervalMillis,
      Clock clock) {
    String origin = LedgerState.readOnly(store).checkpointOrigin();
    Witness witness =
        new Witness(origin, new NoteSigner(member.value(), nodeKey), readLast(lastCosignedFile));
    return new CheckpointWitness(
        store, witness, member, nodeKey, chainId, lastCosignedFile, intervalMillis, clock);
  }

  /**
   * Starts cosigning, with a round at once if blocks other than cosignatures were added after the
   * last checkpoint this member cosigned.
   *
   * @param submit submits an encoded transaction to the ledger
   */
  public void start(Function<Bytes, CompletableFuture<Receipt>> submit) {
    this.submit = submit;
    worker.execute(this::resume);
  }

  /**
   * Stops this member cosigning until {@link #release}d, for example while a member that has just
   * joined has not yet verified the ledger it received.
   *
   * @param reason why, as {@link #held} tells it
   */
  public void hold(String reason) {
    held = Optional.of(reason);
  }

  /** Lets this member cosign again, with a round at once if work is waiting. */
  public void release() {
    held = Optional.empty();
    worker.execute(this::resume);
  }

  /**
   * Stops this member cosigning for as long as it runs, because its own ledger is damaged: a
   * checkpoint it cosigned could vouch for blocks it cannot read back. Unlike {@link #hold}, {@link
   * #release} does not undo it; the member cosigns again once it is repaired and restarted.
   *
   * @param problem what is damaged, as {@link #held} tells it
   */
  public void stopForDamage(String problem) {
    if (damaged.isEmpty()) {
      damaged = Optional.of("this member's ledger is damaged: " + problem);
    }
  }

  /** Why this member is not cosigning now, or empty if it is; damage first. */
  public Optional<String> held() {
    return damaged.or(() -> held);
  }

  /** The last checkpoint this member cosigned, if any. */
  public Optional<BlockCheckpoint> lastCosigned() {
    return witness.lastCosigned();
  }

  /** Divergences and equivocations detected since this node started, oldest first. */
  public synchronized List<Divergence> divergences() {
    return List.copyOf(divergences);
  }

  @Override
  public void onBlock(Block block) {
    if (submit == null) {
      return;
    }
    boolean work = false;
    for (Transaction tx : block.transactions()) {
      if (tx.payload() instanceof CosignCheckpoint cosign) {
        OrgId signer = CosignCheckpoint.memberOf(tx.body());
        if (!signer.equals(member)) {
          worker.execute(() -> join(signer, cosign.checkpoint()));
        }
      } else {
        work = true;
      }
    }
    if (work) {
      long treeSize = block.header().treeSize();
      worker.execute(
          () -> {
            workUpTo = treeSize;
            startRound();
          });
    }
  }

  @Override
  public void onRejected(Bytes transaction, Validation.Rejected rejection) {
    if (rejection.reason() != RejectReason.CHECKPOINT_DIVERGES
        && rejection.reason() != RejectReason.EQUIVOCATION) {
      return;
    }
    Transaction tx;
    try {
      tx = Transaction.decode(transaction);
    } catch (DecodeException e) {
      throw new IllegalStateException("A refused cosignature no longer decodes", e);
    }
    if (!(tx.payload() instanceof CosignCheckpoint cosign)) {
      return;
    }
    OrgId signer = CosignCheckpoint.memberOf(tx.body());
    BlockCheckpoint theirs = cosign.checkpoint();
    LedgerState state = LedgerState.readOnly(store);
    Optional<Hash> other =
        rejection.reason() == RejectReason.EQUIVOCATION
            ? state.checkpoints().cosignedBy(signer, theirs.treeSize()).map(BlockCheckpoint::root)
            : ownRootAt(state, theirs.treeSize());
    report(
        new Divergence(
            clock.instant(),
            rejection.reason(),
            signer,
            theirs.treeSize(),
            theirs.root(),
            other,
            rejection.detail()));
  }

  /** On start: a round is due if work was added after the last cosigned checkpoint. */
  private void resume() {
    long from = witness.lastCosigned().map(BlockCheckpoint::treeSize).orElse(0L);
    long to = store.head().map(BlockHeader::treeSize).orElse(0L);
    for (long index = from; index < to; index++) {
      if (kindAt(index) != Kind.COSIGN_CHECKPOINT) {
        workUpTo = to;
        startRound();
        return;
      }
    }
  }

  private Kind kindAt(long index) {
    try {
      return Transaction.decode(store.rawTransaction(index).orElseThrow()).kind();
    } catch (DecodeException e) {
      throw new IllegalStateException("Stored transaction " + index + " does not decode", e);
    }
  }

  private void startRound() {
    long cosignedUpTo = witness.lastCosigned().map(BlockCheckpoint::treeSize).orElse(0L);
    if (workUpTo <= cosignedUpTo || roundScheduled) {
      return;
    }
    long wait = lastRoundMillis + intervalMillis - clock.millis();
    if (wait > 0) {
      roundScheduled = true;
      worker.schedule(
          () -> {
            roundScheduled = false;
            startRound();
          },
          wait,
          TimeUnit.MILLISECONDS);
      return;
    }
    lastRoundMillis = clock.millis();
    store.head().map(BlockCheckpoint::of).ifPresent(head -> consider(head, member));
  }

  private void join(OrgId signer, BlockCheckpoint checkpoint) {
    Optional<BlockCheckpoint> own = ownCheckpoint(checkpoint.height());
    if (own.isPresent() && !own.get().equals(checkpoint)) {
      // The ledger checked the root; only the block named in the note can still differ.
      report(
          new Divergence(
              clock.instant(),
              RejectReason.CHECKPOINT_DIVERGES,
              signer,
              checkpoint.treeSize(),
              checkpoint.root(),
              Optional.of(own.get().root()),
              signer
                  + " cosigned "
                  + checkpoint
                  + " but block "
                  + checkpoint.height()
                  + " of this node is "
                  + own.get().blockHash()));
      return;
    }
    if (witness.lastCosigned().map(last -> last.treeSize() < checkpoint.treeSize()).orElse(true)) {
      consider(checkpoint, signer);
    }
  }

  private void consider(BlockCheckpoint candidate, OrgId proposer) {
    Optional<String> why = held();
    if (why.isPresent()) {
      LOG.debug("Not cosigning {}: {}", candidate, why.get());
      return;
    }
    LedgerState state = LedgerState.readOnly(store);
    Witness.Decision decision =
        witness.consider(candidate, ownCheckpoint(candidate.height()), state.log());
    if (decision instanceof Witness.Refused refused) {
      if (refused.refusal() == Witness.Refusal.NOT_NEWER) {
        LOG.debug("Not cosigning: {}", refused.detail());
      } else {
        LOG.error(
            "Refusing to cosign the checkpoint {} cosigned by {}: {}",
            candidate,
            proposer,
            refused.detail());
      }
      return;
    }
    Witness.Cosigned cosigned = (Witness.Cosigned) decision;
    writeLast(cosigned);
    Transaction tx =
        CosignCheckpoint.transaction(
            cosigned, nodeKey, chainId, clock.millis(), Bytes.of(randomNonce()));
    LOG.info("Cosigning checkpoint {}", candidate);
    submit
        .apply(tx.encoded())
        .whenComplete(
            (receipt, failure) -> {
              if (NodeBusyException.isShutdown(failure)) {
                LOG.info("The cosignature of {} was dropped: the node is stopping", candidate);
              } else if (failure != null) {
                LOG.warn(
                    "The cosignature of {} was not submitted: {}", candidate, failure.toString());
              } else if (!receipt.result().accepted()) {
                LOG.info(
                    "The ledger did not take the cosignature of {}: {}",
                    candidate,
                    receipt.result().validation());
              }
            });
  }

  /** This node's checkpoint after block {@code height}, from its own headers and log. */
  private Optional<BlockCheckpoint> ownCheckpoint(long height) {
    return store
        .rawHeader(height)
        .map(
            raw -> {
              try {
                return BlockCheckpoint.of(BlockHeader.decode(raw));
              } catch (DecodeException e) {
                throw new IllegalStateException(
                    "Stored header of block " + height + " is corrupt: " + e.getMessage(), e);
              }
            });
  }

  private static Optional<Hash> ownRootAt(LedgerState state, long treeSize) {
    return treeSize <= state.logSize()
        ? Optional.of(state.log().rootAt(treeSize))
        : Optional.empty();
  }

  private synchronized void report(Divergence divergence) {
    boolean seen =
        divergences.stream()
            .anyMatch(
                known ->
                    known.kind() == divergence.kind()
                        && known.member().equals(divergence.member())
                        && known.treeSize() == divergence.treeSize()
                        && known.theirRoot().equals(divergence.theirRoot()));
    if (seen) {
      return;
    }
    if (divergences.size() == DIVERGENCES_KEPT) {
      divergences.removeFirst();
    }
    divergences.addLast(divergence);
    LOG.error(
        "{}: member {} signed the checkpoint at size {} with root {}, {} {}. {}",
        divergence.kind() == RejectReason.EQUIVOCATION ? "Equivocation" : "Checkpoint divergence",
        divergence.member(),
        divergence.treeSize(),
        divergence.theirRoot().toBase64(),
        divergence.kind() == RejectReason.EQUIVOCATION
            ? "and also root"
            : "while this node's root at that size is",
        divergence.otherRoot().map(Hash::toBase64).orElse("(none: this ledger is shorter)"),
        divergence.detail());
  }

  private byte[] randomNonce() {
    byte[] nonce = new byte[TxBody.NONCE_SIZE];
    random.nextBytes(nonce);
    return nonce;
  }

  private void writeLast(Witness.Cosigned cosigned) {
    String origin = LedgerState.readOnly(store).checkpointOrigin();
    SignedNote note =
        new SignedNote(
            cosigned.checkpoint().checkpoint(origin).body(), List.of(cosigned.signature()));
    try {
      Files.createDirectories(lastCosignedFile.toAbsolutePath().getParent());
      Path temporary = lastCosignedFile.resolveSibling(lastCosignedFile.getFileName() + ".tmp");
      Files.writeString(temporary, note.format());
      Files.move(
          temporary,
          lastCosignedFile,
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Failed to keep the last cosigned checkpoint in " + lastCosignedFile, e);
    }
  }

  private static Optional<BlockCheckpoint> readLast(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Optional<BlockCheckpoint> last;
    try {
      SignedNote note =
          SignedNote.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
      last = BlockCheckpoint.from(Checkpoint.parseBody(note.text()));
    } catch (IOException | NoteFormatException e) {
      throw unreadable(file, e.getMessage(), e);
    }
    if (last.isEmpty()) {
      throw unreadable(file, "it is not the checkpoint of a Haven block", null);
    }
    return last;
  }

  private static IllegalStateException unreadable(Path file, String problem, Exception cause) {
    return new IllegalStateException(
        "Cannot read the last cosigned checkpoint in "
            + file
            + ": "
            + problem
            + ". Restore it from a backup; without it this node cannot tell whether a new"
            + " checkpoint is consistent with what it cosigned before.",
        cause);
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
