package org.haven.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.haven.core.identity.OrgId;
import org.haven.core.ledger.Block;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.LedgerState;
import org.haven.core.state.RegistryListing;
import org.haven.core.state.StateReader;
import org.haven.core.state.StateScanner;
import org.haven.core.tx.ChangeChildStatus;
import org.haven.core.tx.Transaction;
import org.haven.vault.Vault;
import org.haven.vault.VaultException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the vault in step with the erasures on the ledger, so that a restore never brings an erased
 * child back: a vault restored from a backup may still hold a child that the ledger erased after
 * the backup was taken.
 *
 * <p>Every erasure in a committed block is applied to the vault (the data key destroyed, the record
 * purged) if the vault still holds the child: the vault is older than the ledger, or the erasure's
 * own request has not purged it yet (it does so once the block commits). {@link #reapplyAll} does
 * the same for every erased child on the ledger, after a restore, after a snapshot from the leader
 * replaced the ledger, and in the background at every start, for a purge a crash cut off. Erasing
 * is done on a thread of its own, since a purge flushes and compacts, and the apply thread must
 * stay quick. Only child numbers are logged: they are pseudonymous and on the ledger anyway.
 */
final class ErasureSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ErasureSync.class);

  private final OrgId organisation;
  private final Vault vault;
  private final Optional<ErasureJournal> journal;
  private final StateReader committed;
  private final RegistryListing listing;
  private final ExecutorService eraser =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "haven-erasure-sync");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicLong erased = new AtomicLong();

  /**
   * @param journal where this organisation's erasures are also written as they commit, if the vault
   *     master key is in a file (see {@link ErasureJournal})
   */
  ErasureSync(
      OrgId organisation,
      Vault vault,
      Optional<ErasureJournal> journal,
      StateReader committed,
      StateScanner scanner) {
    this.organisation = organisation;
    this.vault = vault;
    this.journal = journal;
    this.committed = committed;
    this.listing = new RegistryListing(scanner);
  }

  /**
   * Journals this organisation's erasures in {@code block}, then queues them for the vault; called
   * on the apply thread, before the erasure is acknowledged.
   */
  void onBlock(Block block) {
    List<ChildNumber> children = new ArrayList<>();
    for (Transaction tx : block.transactions()) {
      if (tx.payload() instanceof ChangeChildStatus change
          && change.status() == ChildStatus.ERASED
          && heldHere(change.child())) {
        children.add(change.child());
      }
    }
    if (children.isEmpty()) {
      return;
    }
    journal.ifPresent(file -> children.forEach(child -> journal(file, child)));
    eraser.execute(() -> children.forEach(this::eraseIfErasedOnLedger));
  }

  private boolean heldHere(ChildNumber child) {
    return LedgerState.readOnly(committed)
        .registry()
        .child(child)
        .map(record -> record.issuer().equals(organisation))
        .orElse(false);
  }

  private static void journal(ErasureJournal file, ChildNumber child) {
    try {
      file.append(child);
    } catch (IOException e) {
      LOG.error(
          "Failed to journal the erasure of child {} in {}: {}. A restore of a backup older than"
              + " this erasure on a node alone in its group would not apply it again.",
          child,
          file.file(),
          e.toString());
    }
  }

  /** Queues {@link #reapplyAll}, after the ledger was replaced by a snapshot. */
  void reapplyAllLater() {
    eraser.execute(this::reapplyAll);
  }

  /**
   * Applies every erasure on the ledger and in the journal to the vault: each erased child the
   * vault still holds is erased from it.
   *
   * @return how many children were erased from the vault
   * @throws VaultException if an erasure fails
   */
  long reapplyAll() {
    Set<ChildNumber> held = new TreeSet<>(Comparator.comparing(ChildNumber::toString));
    listing.forEachChild(
        child -> {
          if (child.status() == ChildStatus.ERASED && vault.holds(child.number())) {
            held.add(child.number());
          }
        });
    try {
      for (ChildNumber child :
          journal.isPresent() ? journal.get().read() : List.<ChildNumber>of()) {
        if (vault.holds(child)) {
          held.add(child);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to read the erasure journal " + journal.get().file() + ": " + e, e);
    }
    held.forEach(this::erase);
    return held.size();
  }

  /** How many children this node erased from its vault to follow the ledger since it started. */
  long erased() {
    return erased.get();
  }

  private void eraseIfErasedOnLedger(ChildNumber child) {
    try {
      boolean erasedOnLedger =
          LedgerState.readOnly(committed)
              .registry()
              .child(child)
              .map(ChildRecord::status)
              .filter(ChildStatus.ERASED::equals)
              .isPresent();
      if (erasedOnLedger && vault.holds(child)) {
        erase(child);
      }
      if (erasedOnLedger && vault.notes().holdsAny(child)) {
        vault.notes().erase(child);
        LOG.info("Erased the alert notes of child {}, following the ledger's erasure", child);
      }
    } catch (VaultException | IllegalStateException e) {
      LOG.error(
          "Failed to apply the ledger's erasure of child {} to the vault: {}. It is applied again"
              + " at the next restore or snapshot; erase it by hand if this persists.",
          child,
          e.getMessage());
    }
  }

  private void erase(ChildNumber child) {
    vault.erase(child);
    erased.incrementAndGet();
    LOG.info("Erased child {} from the vault, following the ledger's erasure", child);
  }

  /** Waits briefly for queued erasures, then stops the thread. */
  @Override
  public void close() {
    eraser.shutdown();
    try {
      if (!eraser.awaitTermination(2, TimeUnit.SECONDS)) {
        eraser.shutdownNow();
      }
    } catch (InterruptedException e) {
      eraser.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
