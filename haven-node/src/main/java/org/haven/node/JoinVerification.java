package org.haven.node;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.haven.consensus.CheckpointWitness;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.state.LedgerState;
import org.haven.storage.RocksLedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member admitted after genesis cosigns nothing until it has verified the ledger it received from
 * the others ({@link LedgerVerifier#verifyReceived}): its witness is held from the start, and once
 * its own admission has reached its ledger it checks everything it holds, on a thread of its own,
 * and releases the witness if all is well. If the check fails the witness stays held, saying why,
 * and the node says so in its log and its status.
 */
final class JoinVerification implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JoinVerification.class);
  static final String WAITING =
      "this member joined after genesis and has not yet verified the ledger it received";
  static final String REBUILDING =
      "'haven repair' set this member's ledger aside and it has not yet verified the ledger it"
          + " received from the others";

  private final RocksLedgerStore store;
  private final LedgerVerifier verifier;
  private final OrgId member;
  private final CheckpointWitness witness;
  private final Runnable onVerified;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "join-verification");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean done;
  private volatile boolean verified;

  /**
   * Holds {@code witness}, saying {@code waiting}, until the ledger in {@code store} is verified,
   * and then tells {@code onVerified}.
   */
  JoinVerification(
      RocksLedgerStore store,
      LedgerVerifier verifier,
      OrgId member,
      CheckpointWitness witness,
      String waiting,
      Runnable onVerified) {
    this.store = store;
    this.verifier = verifier;
    this.member = member;
    this.witness = witness;
    this.onVerified = onVerified;
    witness.hold(waiting);
  }

  /** Whether the received ledger is verified. */
  boolean verified() {
    return verified;
  }

  /** The ledger moved (a block, an installed snapshot): checks, if it is time, off this thread. */
  void ledgerMoved() {
    if (!done && queued.compareAndSet(false, true)) {
      worker.execute(
          () -> {
            queued.set(false);
            check();
          });
    }
  }

  private void check() {
    boolean admitted =
        LedgerState.readOnly(store).organisation(member).map(Organisation::active).orElse(false);
    if (done || !admitted) {
      return;
    }
    Optional<String> problem = verifier.verifyReceived();
    if (problem.isEmpty()) {
      done = true;
      LOG.info(
          "Verified the ledger received from the other members, up to block {}: the header chain, the Merkle"
              + " root from every transaction, and the final checkpoint's quorum of cosignatures."
              + " This member now cosigns checkpoints.",
          store.head().orElseThrow().height());
      verified = true;
      witness.release();
      onVerified.run();
    } else if (problem.get().equals(LedgerVerifier.NOTHING_FINAL)) {
      LOG.info("Not verifying the received ledger yet: {}", problem.get());
    } else {
      done = true;
      String reason = "the ledger received on joining failed verification: " + problem.get();
      witness.hold(reason);
      LOG.error(
          "This member will not cosign any checkpoint: {}. Stop the node, run 'haven repair"
              + " --data-dir DIR' and start it again to receive the ledger anew; report the member"
              + " that sent it.",
          reason);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
