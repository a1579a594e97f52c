package org.haven.node.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.haven.consensus.Receipt;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.Alert;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.EventType;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.LedgerState;
import org.haven.core.state.StateReader;
import org.haven.core.tx.Permissions;
import org.haven.core.tx.RecordEvent;
import org.haven.core.tx.SetAlert;
import org.haven.core.tx.Transaction;
import org.haven.node.api.ApiProblem;
import org.haven.vault.AlertNotes;

/**
 * What an alert says about the child beyond the ledger, and the sightings officers record: kept in
 * this organisation's vault ({@link AlertNotes}), with only the photo's hash and a pseudonymous
 * {@code SIGHTING} event on the ledger (docs/registry.md, "Alerts that describe the child").
 *
 * <p>As for the children's records, every change is checked against the committed ledger before the
 * vault is touched, and put back if the ledger refuses it; every read is recorded on the ledger
 * with its purpose before anything is returned, and one the table of authority refuses records
 * nothing.
 */
public final class AlertCases {
  private final OrgId organisation;
  private final AlertNotes notes;
  private final StateReader committed;
  private final LedgerWriter ledger;
  private final AccessRecorder accessRecorder;

  AlertCases(
      OrgId organisation,
      AlertNotes notes,
      StateReader committed,
      LedgerWriter ledger,
      AccessRecorder accessRecorder) {
    this.organisation = organisation;
    this.notes = notes;
    this.committed = committed;
    this.ledger = ledger;
    this.accessRecorder = accessRecorder;
  }

  /** An alert's description and photo as read, with the alert they belong to. */
  public record NoticeRead(ChildNumber child, Alert alert, AlertNotes.Notice notice) {
    /** Whether the photo kept here is the one whose hash the ledger's alert names. */
    public boolean photoMatchesLedger() {
      return notice.photoHash().equals(alert.photoHash());
    }
  }

  /**
   * Raises, updates or resolves a child's alert; a raise or update may give the description and
   * photo, kept here while the alert is open. An update without a photo keeps the one given before.
   * A raise without a description keeps none, and a resolution destroys the one kept.
   *
   * @return the committed transaction and its receipt
   */
  Written set(Actor actor, SetAlert change, Optional<AlertNotes.Notice> given) {
    ChildNumber child = change.child();
    if (given.isPresent() && change.action() == AlertAction.RESOLVE) {
      throw ApiProblem.invalidField(
          "description", "is given when raising or updating an alert, not when resolving it");
    }
    Optional<AlertNotes.Notice> previous = notes.notice(child);
    Optional<AlertNotes.Notice> kept =
        given.map(
            notice ->
                new AlertNotes.Notice(
                    notice.description(),
                    notice.photo().or(() -> previous.flatMap(AlertNotes.Notice::photo))));
    SetAlert signed =
        kept.map(
                notice ->
                    new SetAlert(
                        child,
                        change.action(),
                        change.priority(),
                        change.contactPoint(),
                        change.reason(),
                        notice.photoHash()))
            .orElse(change);
    Transaction tx = ledger.sign(actor, signed);
    ledger.check(tx);
    kept.ifPresent(notice -> notes.putNotice(child, notice));
    boolean dropsNotice = change.action() == AlertAction.RAISE && given.isEmpty();
    Receipt receipt;
    try {
      receipt = ledger.commit(tx);
    } catch (RuntimeException refused) {
      if (kept.isPresent()) {
        previous.ifPresentOrElse(
            notice -> notes.putNotice(child, notice), () -> notes.deleteNotice(child));
      }
      throw refused;
    }
    if (change.action() == AlertAction.RESOLVE || dropsNotice) {
      notes.deleteNotice(child);
    }
    return new Written(tx.id(), receipt.blockHeight());
  }

  /** A transaction committed, at its block. */
  record Written(Hash transactionId, long blockHeight) {}

  /**
   * The description and photo of the child's open alert. Only those the table of authority allows
   * ({@link Permissions.Action#READ_ALERT_NOTICE}: a border officer while the alert is open, which
   * is when their check of the child is an ALERT; the raising organisation's case workers); the
   * read is recorded on the ledger, with {@code purpose}, before the answer.
   *
   * @throws ApiProblem 403 with the ledger's reason if the officer may not read it (nothing is
   *     recorded), 404 if this node keeps no description for the alert
   */
  public NoticeRead readNotice(Actor actor, ChildNumber child, String purpose) {
    LedgerState state = LedgerState.readOnly(committed);
    ChildRecord record = child(state, child);
    actor.require(Permissions.Action.READ_ALERT_NOTICE, Permissions.Subject.child(record, state));
    Alert alert =
        state
            .registry()
            .alert(child)
            .filter(Alert::open)
            .orElseThrow(() -> new IllegalStateException("the rule admitted no open alert"));
    AlertNotes.Notice notice =
        notes
            .notice(child)
            .orElseThrow(
                () ->
                    ApiProblem.notFound(
                        "No description of the alert on child "
                            + child.display()
                            + " is kept in the vault of "
                            + organisation
                            + (alert.raisingOrganisation().equals(organisation)
                                ? ": its raisers gave none."
                                : "; the raising organisation "
                                    + alert.raisingOrganisation()
                                    + " keeps it: call "
                                    + alert.contactPoint()
                                    + ".")));
    LedgerWriter.accepted(accessRecorder.record(actor, child, purpose), null);
    return new NoticeRead(child, alert, notice);
  }

  /**
   * Records that the officer saw the child: a {@code SIGHTING} event on the ledger (the officer's
   * jurisdiction and the time), and where, when and what they noticed in this organisation's vault
   * under the event's transaction id.
   */
  public AlertNotes.Sighting recordSighting(
      Actor actor, ChildNumber child, String place, long seenAtMillis, String note) {
    Transaction tx = ledger.sign(actor, new RecordEvent(child, EventType.SIGHTING));
    AlertNotes.Sighting sighting =
        new AlertNotes.Sighting(
            tx.id(), actor.officer().id(), tx.body().createdAtMillis(), place, seenAtMillis, note);
    ledger.check(tx);
    notes.putSighting(child, sighting);
    try {
      ledger.commit(tx);
    } catch (RuntimeException refused) {
      notes.deleteSighting(child, tx.id());
      throw refused;
    }
    return sighting;
  }

  /**
   * The sightings of the child this organisation's officers recorded, oldest first: for those who
   * may read the child's personal data ({@link Permissions.Action#READ_PERSONAL_DATA}, which
   * includes the raising organisation's case workers). The read is recorded with {@code purpose}.
   */
  public List<AlertNotes.Sighting> sightings(Actor actor, ChildNumber child, String purpose) {
    LedgerState state = LedgerState.readOnly(committed);
    actor.require(
        Permissions.Action.READ_PERSONAL_DATA,
        Permissions.Subject.child(child(state, child), state));
    LedgerWriter.accepted(accessRecorder.record(actor, child, purpose), null);
    return notes.sightings(child).stream()
        .filter(sighting -> state.transactionIndex(sighting.transaction()).isPresent())
        .sorted(
            Comparator.comparingLong(AlertNotes.Sighting::recordedAtMillis)
                .thenComparing(AlertNotes.Sighting::transaction))
        .toList();
  }

  private static ChildRecord child(LedgerState state, ChildNumber child) {
    return RegistryService.record(state, child);
  }
}
