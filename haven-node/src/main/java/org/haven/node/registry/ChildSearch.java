package org.haven.node.registry;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.haven.consensus.Receipt;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.LedgerState;
import org.haven.core.state.StateReader;
import org.haven.core.text.BoundedText;
import org.haven.core.tx.Permissions;
import org.haven.node.api.ApiProblem;
import org.haven.vault.PersonalData;
import org.haven.vault.ReadResult;
import org.haven.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registrar's search of their organisation's vault by names and date of birth (docs/api.md,
 * "Search"). The vault's blind index finds the children ({@link Vault#search}); only the children
 * shown are read, and each of them is recorded on the ledger as a read of personal data, with the
 * purpose {@value #PURPOSE_PREFIX} and the registrar's own reason, before the page is answered. The
 * names and date searched for are never recorded: they are personal data themselves. Each search is
 * also logged by the node with the officer and the number of children found, so that searches that
 * found nothing are seen too.
 */
public final class ChildSearch {
  /** How the ledger's access log names a read made by a search: the query kind. */
  public static final String PURPOSE_PREFIX = "search by name and date of birth: ";

  private static final Logger LOG = LoggerFactory.getLogger(ChildSearch.class);

  private final OrgId organisation;
  private final Vault vault;
  private final StateReader committed;
  private final AccessRecorder accessRecorder;

  ChildSearch(
      OrgId organisation, Vault vault, StateReader committed, AccessRecorder accessRecorder) {
    this.organisation = organisation;
    this.vault = vault;
    this.committed = committed;
    this.accessRecorder = accessRecorder;
  }

  /** A child found and shown: the ledger's record and the names and date of birth. */
  public record Match(ChildRecord record, PersonalData data) {}

  /**
   * The children of this organisation's vault whose names and date of birth match, in child-number
   * order: only those on the ledger, held here and not erased. Reads no personal data.
   *
   * @throws ApiProblem 403 unless the officer is a registrar of this organisation; 400 naming
   *     {@code purpose} or {@code names} if the reason is missing or invalid, or the names are only
   *     initials
   */
  public List<ChildNumber> find(Actor actor, String names, LocalDate dateOfBirth, String purpose) {
    actor.require(Permissions.Action.SEARCH_CHILDREN, Permissions.Subject.vaultOf(organisation));
    recordedPurpose(purpose);
    List<ChildNumber> found;
    try {
      found = vault.search(names, dateOfBirth);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidArgument("", "names", e);
    }
    LedgerState state = LedgerState.readOnly(committed);
    List<ChildNumber> shown =
        found.stream().filter(child -> searchable(actor, state, child)).toList();
    LOG.info(
        "{} searched the vault by name and date of birth: {} children found",
        actor.officer().id(),
        shown.size());
    return shown;
  }

  private boolean searchable(Actor actor, LedgerState state, ChildNumber child) {
    Optional<ChildRecord> record = state.registry().child(child);
    return record.isPresent()
        && record.get().issuer().equals(organisation)
        && record.get().status() != ChildStatus.ERASED
        && Permissions.permits(
            Permissions.Action.READ_PERSONAL_DATA,
            actor.officer(),
            Permissions.Subject.child(record.get(), state));
  }

  /**
   * Reads the names and date of birth of {@code children}, a page of {@link #find}'s answer, after
   * recording each read on the ledger with the purpose.
   */
  public List<Match> show(Actor actor, List<ChildNumber> children, String purpose) {
    String recorded = recordedPurpose(purpose);
    List<CompletableFuture<Receipt>> audits = new ArrayList<>();
    for (ChildNumber child : children) {
      audits.add(accessRecorder.record(actor, child, recorded));
    }
    audits.forEach(audit -> LedgerWriter.accepted(audit, null));
    LedgerState state = LedgerState.readOnly(committed);
    List<Match> matches = new ArrayList<>();
    for (ChildNumber child : children) {
      if (vault.read(child) instanceof ReadResult.Found found) {
        matches.add(new Match(state.registry().child(child).orElseThrow(), found.data()));
      }
    }
    return matches;
  }

  private static String recordedPurpose(String purpose) {
    if (purpose == null || purpose.isBlank()) {
      throw ApiProblem.invalidField(
          "purpose",
          "is required: say why you search; the reason is audited with every child shown");
    }
    try {
      return BoundedText.require("purpose", PURPOSE_PREFIX + purpose.strip());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField(
          "purpose",
          "must be 1 to "
              + (BoundedText.MAX_LENGTH - PURPOSE_PREFIX.length())
              + " characters with no control characters");
    }
  }
}
