package org.haven.node.registry;

import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.haven.consensus.Receipt;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.Alert;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.FoundRecord;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.FoundCandidates;
import org.haven.core.registry.identity.FoundChildInput;
import org.haven.core.registry.identity.FoundChildTokens;
import org.haven.core.registry.identity.FoundMatchRule;
import org.haven.core.registry.identity.LinkageKey;
import org.haven.core.registry.identity.LinkageToken;
import org.haven.core.state.LedgerState;
import org.haven.core.state.RegistryListing;
import org.haven.core.state.StateReader;
import org.haven.core.state.StateScanner;
import org.haven.core.tx.DecideFoundChild;
import org.haven.core.tx.DeclareFoundChild;
import org.haven.core.tx.Permissions;
import org.haven.core.tx.Transaction;
import org.haven.node.api.ApiProblem;
import org.haven.vault.Commitment;
import org.haven.vault.DeclarationFile;
import org.haven.vault.FoundDetails;
import org.haven.vault.PersonalData;
import org.haven.vault.Vault;

/**
 * Children found alone, as a node serves them (docs/registry.md, "Found children"): the declaration
 * (data in this organisation's vault, partial-data tokens on the ledger), the search of the whole
 * ledger for the registrations and open alerts the child may be, and the registrar's decision.
 * Nothing personal crosses to another member: the search compares keyed tokens, and a candidate is
 * shown as its number, holding organisation, the rule that matched and the alert's contact point.
 */
public final class FoundChildService {
  /** The most candidates shown for one found child, in {@link FoundCandidates}' order. */
  public static final int MAX_CANDIDATES = 20;

  /**
   * The most children read from the index under one token. A name part and a birth year shared by
   * more children than this are common enough that the rest of the list adds noise, not matches.
   */
  static final int MAX_PER_TOKEN = 5_000;

  private final LinkageKey linkageKey;
  private final Vault vault;
  private final StateReader committed;
  private final RegistryListing listing;
  private final LedgerWriter ledger;
  private final SecureRandom random;

  public FoundChildService(
      LinkageKey linkageKey,
      Vault vault,
      StateReader committed,
      StateScanner scanner,
      LedgerWriter ledger,
      SecureRandom random) {
    this.linkageKey = linkageKey;
    this.vault = vault;
    this.committed = committed;
    this.listing = new RegistryListing(scanner);
    this.ledger = ledger;
    this.random = random;
  }

  /** A possible match: a child on the ledger, why it matched, and its open alert if any. */
  public record Candidate(ChildRecord record, FoundMatchRule rule, Optional<Alert> alert) {}

  /** A found child as the ledger shows it, with its candidates while it awaits a decision. */
  public record FoundView(ChildRecord record, FoundRecord found, List<Candidate> candidates) {}

  /** A change committed to the ledger, with the found child as it now stands. */
  public record Committed(Hash transactionId, long blockHeight, FoundView view) {}

  /**
   * Declares a found child: a fresh child number, the data in the vault, the declaration on the
   * ledger; answers with the candidates found at once.
   *
   * @param data personal data with {@link PersonalData#found} present
   */
  public Committed declare(Actor actor, Optional<Jurisdiction> jurisdiction, PersonalData data) {
    FoundDetails details =
        data.found()
            .orElseThrow(() -> ApiProblem.invalidField("child", "a found child needs ageFrom"));
    LedgerState state = state();
    ChildNumber number = ChildNumber.generate(random, n -> state.registry().child(n).isPresent());
    Bytes salt = Commitment.newSalt(random);
    List<LinkageToken> tokens =
        FoundChildTokens.forFound(
            linkageKey,
            FoundChildInput.ofAges(
                (data.givenNames() + " " + data.familyNames()).trim(),
                data.sex(),
                details.ageFrom(),
                details.ageTo(),
                details.foundOn(),
                details.placeFound()));
    Transaction tx =
        ledger.sign(
            actor,
            new DeclareFoundChild(
                number,
                jurisdiction.orElse(actor.officer().jurisdiction()),
                Commitment.commit(data, salt),
                tokens));
    ledger.check(tx);
    return NewChildData.sealThenCommit(
        vault,
        committed,
        number,
        data,
        salt,
        DeclarationFile.EMPTY,
        () -> commit(actor, tx, number));
  }

  /** The found child, for an officer who may see its candidates. */
  public FoundView show(Actor actor, ChildNumber child) {
    return view(actor, child);
  }

  /**
   * The found children of the registrar's jurisdiction that await a decision (status {@code
   * FOUND}), oldest number first, each with its candidates: the registrar's queue.
   */
  public RegistryListing.Page<FoundView> awaiting(Actor actor, Optional<String> cursor, int limit) {
    actor.require(Permissions.Action.LIST_DECLARATIONS);
    Jurisdiction jurisdiction = actor.officer().jurisdiction();
    RegistryListing.Page<ChildRecord> page =
        listing.children(
            record ->
                record.jurisdiction().equals(jurisdiction) && record.status() == ChildStatus.FOUND,
            cursor,
            limit);
    return new RegistryListing.Page<>(
        page.items().stream().map(record -> view(actor, record.number())).toList(), page.next());
  }

  /** A registrar confirms a match or registers the found child as new. */
  public Committed decide(
      Actor actor,
      ChildNumber child,
      DecideFoundChild.Decision decision,
      Optional<ChildNumber> match,
      String reason) {
    Transaction tx = ledger.sign(actor, new DecideFoundChild(child, decision, match, reason));
    ledger.check(tx);
    return commit(actor, tx, child);
  }

  private Committed commit(Actor actor, Transaction tx, ChildNumber child) {
    Receipt receipt = ledger.commit(tx);
    return new Committed(tx.id(), receipt.blockHeight(), view(actor, child));
  }

  private FoundView view(Actor actor, ChildNumber child) {
    LedgerState state = state();
    ChildRecord record =
        state
            .registry()
            .child(child)
            .orElseThrow(
                () -> ApiProblem.notFound("No child " + child.display() + " is on the ledger."));
    FoundRecord found =
        state
            .registry()
            .found(child)
            .orElseThrow(
                () ->
                    ApiProblem.notFound(
                        "Child "
                            + child.display()
                            + " was not declared found; see /api/v1/children/"
                            + child
                            + "."));
    actor.require(
        Permissions.Action.READ_FOUND_CANDIDATES, Permissions.Subject.child(record, state));
    List<Candidate> candidates =
        found.resolution() == FoundRecord.Resolution.OPEN ? candidates(state, record) : List.of();
    return new FoundView(record, found, candidates);
  }

  /**
   * The children on the whole ledger that {@link FoundMatchRule} makes possible matches of {@code
   * found}, ranked by {@link FoundCandidates}.
   */
  private List<Candidate> candidates(LedgerState state, ChildRecord found) {
    return FoundCandidates.find(
            found.linkageTokens(),
            token -> listing.childrenWithFoundToken(token, MAX_PER_TOKEN),
            number ->
                state
                    .registry()
                    .child(number)
                    .filter(other -> DecideFoundChild.matchable(other.status()))
                    .map(ChildRecord::linkageTokens),
            number -> openAlert(state, number).isPresent(),
            Comparator.comparing(ChildNumber::toString),
            MAX_CANDIDATES)
        .stream()
        .map(
            match ->
                new Candidate(
                    state.registry().child(match.child()).orElseThrow(),
                    match.rule(),
                    openAlert(state, match.child())))
        .toList();
  }

  private static Optional<Alert> openAlert(LedgerState state, ChildNumber child) {
    return state.registry().alert(child).filter(Alert::open);
  }

  private LedgerState state() {
    return LedgerState.readOnly(committed);
  }
}
