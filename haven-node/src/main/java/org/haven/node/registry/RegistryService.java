package org.haven.node.registry;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.haven.consensus.Receipt;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AccessEntry;
import org.haven.core.registry.Alert;
import org.haven.core.registry.AlertChange;
import org.haven.core.registry.ChildChange;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.ConsentState;
import org.haven.core.registry.EventType;
import org.haven.core.registry.Evidence;
import org.haven.core.registry.GuardianLink;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.TimelineEvent;
import org.haven.core.registry.TravelConsent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.DocumentHash;
import org.haven.core.registry.identity.FoundChildTokens;
import org.haven.core.registry.identity.LinkageInput;
import org.haven.core.registry.identity.LinkageKey;
import org.haven.core.registry.identity.LinkageToken;
import org.haven.core.registry.identity.LinkageTokens;
import org.haven.core.state.LedgerState;
import org.haven.core.state.RegistryListing;
import org.haven.core.state.RegistryState;
import org.haven.core.state.StateReader;
import org.haven.core.state.StateScanner;
import org.haven.core.tx.ChangeChildStatus;
import org.haven.core.tx.CorrectChild;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.DeclareChild;
import org.haven.core.tx.GrantConsent;
import org.haven.core.tx.LinkGuardian;
import org.haven.core.tx.Payload;
import org.haven.core.tx.Permissions;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.RecordEvent;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.ResolveDuplicate;
import org.haven.core.tx.RevokeConsent;
import org.haven.core.tx.SetAlert;
import org.haven.core.tx.Transaction;
import org.haven.node.api.ApiProblem;
import org.haven.vault.AlertNotes;
import org.haven.vault.Commitment;
import org.haven.vault.DeclarationFile;
import org.haven.vault.Guardian;
import org.haven.vault.IdentityDocument;
import org.haven.vault.InformationRequest;
import org.haven.vault.PersonalData;
import org.haven.vault.ReadResult;
import org.haven.vault.Vault;
import org.haven.vault.VersionsResult;
import org.haven.vault.Witness;

/**
 * The child registry as a node serves it to its own officers: it keeps personal data in this
 * organisation's vault, computes the ledger's commitments, linkage tokens and keyed document
 * hashes, signs each transaction with the acting officer's key and waits for its block.
 *
 * <p>Every change is checked against the committed ledger before the vault is touched, so a refused
 * request changes nothing. The ledger's own validation stays the authority: a rule broken only by a
 * race with another member's transaction is refused at commit and undone in the vault.
 */
public final class RegistryService implements AutoCloseable {
  private final OrgId organisation;
  private final LinkageKey linkageKey;
  private final Vault vault;
  private final StateReader committed;
  private final RegistryListing listing;
  private final LedgerWriter ledger;
  private final SecureRandom random;
  private final AccessRecorder accessRecorder;
  private final LongFunction<Optional<Bytes>> transactions;
  private final FoundChildService found;
  private final AlertCases alertCases;
  private final ChildSearch search;

  /**
   * @param transactions the encoded transaction at a log index of the committed ledger, if any
   */
  public RegistryService(
      OrgId organisation,
      LinkageKey linkageKey,
      Vault vault,
      StateReader committed,
      StateScanner scanner,
      LongFunction<Optional<Bytes>> transactions,
      LedgerWriter ledger,
      SecureRandom random) {
    this.transactions = transactions;
    this.organisation = organisation;
    this.linkageKey = linkageKey;
    this.vault = vault;
    this.committed = committed;
    this.listing = new RegistryListing(scanner);
    this.ledger = ledger;
    this.random = random;
    this.accessRecorder = new AccessRecorder(ledger, AccessRecorder.LINGER_MILLIS);
    this.found = new FoundChildService(linkageKey, vault, committed, scanner, ledger, random);
    this.alertCases =
        new AlertCases(organisation, vault.notes(), committed, ledger, accessRecorder);
    this.search = new ChildSearch(organisation, vault, committed, accessRecorder);
  }

  /** Alerts' descriptions and photos, and sightings, kept in this organisation's vault. */
  public AlertCases alertCases() {
    return alertCases;
  }

  /** A registrar's search of this organisation's vault by names and date of birth. */
  public ChildSearch search() {
    return search;
  }

  /** Children found alone: their declaration, candidates and the registrar's decision. */
  public FoundChildService found() {
    return found;
  }

  /**
   * A declaration as the field agent or registrar fills it in.
   *
   * @param witnesses the attestors the evidence needs ({@link Evidence#attestors()}: two witnesses
   *     for {@code TWO_WITNESSES}, the leader for {@code COMMUNITY_LEADER}, none otherwise), each
   *     with a distinct document number; the ledger gets the keyed hash of each document number
   */
  public record Declaration(
      Optional<Jurisdiction> jurisdiction,
      boolean late,
      Evidence evidence,
      List<Witness> witnesses,
      PersonalData data) {
    /**
     * @throws IllegalArgumentException starting "witnesses: " if there are not as many witnesses as
     *     the evidence needs, or two share a document number
     */
    public Declaration {
      witnesses = List.copyOf(witnesses);
      int needed = evidence.attestors();
      if (witnesses.size() != needed) {
        throw new IllegalArgumentException(
            "witnesses: "
                + (late ? "a late declaration" : "a declaration")
                + " resting on "
                + evidence
                + " needs "
                + needed
                + " witness(es), each with names, relationship, document number and statement;"
                + " got "
                + witnesses.size());
      }
      if (witnesses.stream().map(Witness::documentNumber).distinct().count() < needed) {
        throw new IllegalArgumentException(
            "witnesses: each witness must be a different person, with their own document number");
      }
    }
  }

  /** A child as the ledger shows it to any officer: nothing personal. */
  public record ChildView(
      ChildRecord record,
      List<GuardianLink> guardians,
      Optional<Alert> alert,
      List<ChildNumber> duplicateCandidates) {}

  /** What a declaration did: committed now, or found on the ledger from the request's first try. */
  public sealed interface Declared permits Committed, AlreadyDeclared {
    /** The child declared, as it now stands. */
    ChildView child();
  }

  /** A change committed to the ledger, with the child as it now stands. */
  public record Committed(Hash transactionId, long blockHeight, ChildView child)
      implements Declared {}

  /**
   * A declaration retried with the Idempotency-Key of one the ledger already holds, after the node
   * forgot its answer (a restart, another member): the child the first attempt declared.
   */
  public record AlreadyDeclared(Hash transactionId, long logIndex, ChildView child)
      implements Declared {}

  /** The answer to a read of personal data. */
  public sealed interface PersonalDataRead permits Found, Erased {}

  /** The child's data, with the declaration's witnesses and requests for information. */
  public record Found(ChildNumber child, PersonalData data, DeclarationFile file)
      implements PersonalDataRead {}

  public record Erased(ChildNumber child) implements PersonalDataRead, VersionsRead {}

  /** The answer to a read of every version of a child's personal data. */
  public sealed interface VersionsRead permits DataVersions, Erased {}

  /** The versions of a child's data, oldest first; the last is the data as it stands. */
  public record DataVersions(ChildNumber child, List<Version> oldestFirst)
      implements VersionsRead {}

  /** One version of a child's data and the commitment the ledger holds to it. */
  public record Version(PersonalData data, Hash commitment) {}

  /** A child's record on the ledger as it stands and every change to it, oldest first. */
  public record History(ChildRecord record, List<HistoryEntry> changes) {}

  /**
   * One change and the officer who signed it, as the ledger knows the officer now (empty only for a
   * transaction signed by a member node, never about a child).
   */
  public record HistoryEntry(ChildChange change, Optional<Officer> officer) {}

  /** A guardian link or unlink: the relationship and the guardian's document in clear. */
  public record GuardianChange(
      boolean link,
      Relationship relationship,
      IdentityDocument document,
      boolean mayConsentToTravel,
      String reference) {}

  /** A travel consent as the registrar records it, with the documents in clear. */
  public record ConsentGrant(
      IdentityDocument companion,
      List<Jurisdiction> destinations,
      LocalDate validFrom,
      LocalDate validUntil,
      boolean multipleTrips,
      List<IdentityDocument> grantedBy,
      String reference) {
    public ConsentGrant {
      destinations = List.copyOf(destinations);
      grantedBy = List.copyOf(grantedBy);
    }
  }

  /** A write to the ledger that is not about one child's record. */
  public record Written(Hash id, Hash transactionId, long blockHeight) {}

  /**
   * Declares a child: a fresh child number, the data in the vault, the declaration on the ledger. A
   * retry of a declaration the ledger already holds (same officer, same Idempotency-Key, same
   * child) declares nothing and answers the child of the first attempt; the same key with another
   * child is refused {@code DUPLICATE_ID} by the ledger.
   */
  public Declared declare(Actor actor, Declaration declaration) {
    Jurisdiction jurisdiction = declaration.jurisdiction().orElse(actor.officer().jurisdiction());
    RegistryState registry = registry();
    ChildNumber number = ChildNumber.generate(random, n -> registry.child(n).isPresent());
    Bytes salt = Commitment.newSalt(random);
    List<Hash> attestors =
        declaration.witnesses().stream()
            .map(witness -> DocumentHash.attestor(linkageKey, witness.documentNumber()))
            .toList();
    Transaction tx =
        ledger.sign(
            actor,
            new DeclareChild(
                number,
                jurisdiction,
                Commitment.commit(declaration.data(), salt),
                tokens(declaration.data()),
                declaration.late(),
                declaration.evidence(),
                attestors));
    Optional<AlreadyDeclared> earlier = earlierAttempt(tx);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    ledger.check(tx);
    return NewChildData.sealThenCommit(
        vault,
        committed,
        number,
        declaration.data(),
        salt,
        DeclarationFile.withWitnesses(declaration.witnesses()),
        () -> commit(tx, number));
  }

  /**
   * The declaration on the ledger that used {@code retry}'s nonce, when it is the same officer's
   * declaration of the same child (the same linkage tokens, which the node derives from the
   * personal data with its own key): the retry's first attempt.
   */
  private Optional<AlreadyDeclared> earlierAttempt(Transaction retry) {
    DeclareChild wanted = (DeclareChild) retry.payload();
    return state()
        .nonceIndex(retry.body().actor(), retry.body().nonce())
        .flatMap(
            index ->
                transactions
                    .apply(index)
                    .map(RegistryService::decode)
                    .filter(first -> first.body().actor().equals(retry.body().actor()))
                    .filter(first -> first.payload() instanceof DeclareChild)
                    .filter(
                        first ->
                            ((DeclareChild) first.payload())
                                .linkageTokens()
                                .equals(wanted.linkageTokens()))
                    .map(
                        first ->
                            new AlreadyDeclared(
                                first.id(),
                                index,
                                child(((DeclareChild) first.payload()).child()))));
  }

  private static Transaction decode(Bytes encoded) {
    try {
      return Transaction.decode(encoded);
    } catch (DecodeException e) {
      throw new IllegalStateException("the committed ledger holds an undecodable transaction", e);
    }
  }

  /** A registrar registers, rejects or asks for more information. */
  public Committed decide(
      Actor actor, ChildNumber child, DecideDeclaration.Decision decision, String reason) {
    return submit(actor, child, new DecideDeclaration(child, decision, reason));
  }

  /**
   * The reason the ledger keeps for a request for information asked through {@link
   * #requestInformation}: the question itself may name people, so it stays in the vault.
   */
  static final String INFORMATION_REQUESTED =
      "information requested; the question is held by the declaring organisation";

  /** What a field agent reads of a declaration awaiting information, and why it was read. */
  static final String ANSWER_PURPOSE = "answer a registrar's request for information";

  /**
   * A registrar of the declaring organisation asks its field agents for information: the question
   * goes in this node's vault beside the child's data, and the ledger records the decision {@code
   * REQUEST_INFORMATION} (status {@code INFO_REQUESTED}) with a reason that names no one. A
   * question the ledger refuses is taken back out of the vault.
   *
   * @throws IllegalArgumentException starting "question: " if the question is blank or too long, or
   *     the last question has no answer yet
   */
  public Committed requestInformation(Actor actor, ChildNumber child, String question) {
    ChildRecord record = permitted(actor, child, Permissions.Action.REQUEST_INFORMATION);
    requireHeldHere(record);
    DeclarationFile before = held(child).file();
    Transaction tx =
        ledger.sign(
            actor,
            new DecideDeclaration(
                child, DecideDeclaration.Decision.REQUEST_INFORMATION, INFORMATION_REQUESTED));
    InformationRequest request =
        InformationRequest.asked(actor.officer().id(), tx.body().createdAtMillis(), question);
    before.asking(request);
    ledger.check(tx);
    vault.changeFile(child, file -> file.asking(request));
    try {
      return commit(tx, child);
    } catch (ApiProblem refused) {
      if (!refused.outcomeIsUnknown()) {
        vault.changeFile(child, file -> before);
      }
      throw refused;
    }
  }

  /** A declaration awaiting information, and its newest request (answered or not). */
  public record AwaitingInformation(ChildRecord record, InformationRequest request) {}

  /**
   * The declarations this field agent may answer for that await information: those of their
   * organisation held here, in their jurisdiction, whose status is {@code INFO_REQUESTED}. Each one
   * listed is a read of the child's file, recorded on the ledger before it is answered.
   */
  public List<AwaitingInformation> awaitingInformation(Actor actor) {
    Permissions.Action action = Permissions.Action.ANSWER_INFORMATION_REQUEST;
    if (!Permissions.actionsOf(actor.officer().role()).contains(action)) {
      actor.require(action);
    }
    LedgerState state = state();
    List<ChildRecord> records = new ArrayList<>();
    listing.forEachChild(
        record -> {
          if (record.status() == ChildStatus.INFO_REQUESTED
              && record.issuer().equals(organisation)
              && Permissions.permits(
                  action, actor.officer(), Permissions.Subject.child(record, state))) {
            records.add(record);
          }
        });
    List<AwaitingInformation> awaiting = new ArrayList<>();
    for (ChildRecord record : records) {
      LedgerWriter.accepted(accessRecorder.record(actor, record.number(), ANSWER_PURPOSE), null);
      if (vault.read(record.number()) instanceof ReadResult.Found found
          && !found.file().requests().isEmpty()) {
        List<InformationRequest> requests = found.file().requests();
        awaiting.add(new AwaitingInformation(record, requests.get(requests.size() - 1)));
      }
    }
    return awaiting;
  }

  /**
   * A field agent of the declaring organisation answers the open request for information. The
   * answer stays in the vault; the registrar reads it with the child's data and then decides.
   *
   * @return the request with its answer
   * @throws ApiProblem 403 if the officer may not answer for this child, 409 if no request waits
   *     for an answer
   */
  public InformationRequest answerInformationRequest(
      Actor actor, ChildNumber child, InformationRequest.Answer answer) {
    ChildRecord record = permitted(actor, child, Permissions.Action.ANSWER_INFORMATION_REQUEST);
    requireHeldHere(record);
    if (record.status() != ChildStatus.INFO_REQUESTED
        || held(child).file().openRequest().isEmpty()) {
      throw ApiProblem.conflict(
          "No request for information about child "
              + child.display()
              + " waits for an answer (its status is "
              + record.status()
              + "); answer only what the registrar asked.");
    }
    List<InformationRequest> requests =
        vault.changeFile(child, file -> file.answering(answer)).requests();
    return requests.get(requests.size() - 1);
  }

  /** A registrar settles one possible duplicate: "duplicate of candidate" or "not a duplicate". */
  public Committed resolveDuplicate(
      Actor actor, ChildNumber child, ChildNumber candidate, boolean duplicate) {
    return submit(actor, child, new ResolveDuplicate(child, candidate, duplicate));
  }

  /**
   * A registrar corrects the personal data; the reason stays on the ledger and the vault keeps the
   * earlier data as a version. A correction the ledger refuses is undone in the vault, version and
   * all.
   */
  public Committed correct(Actor actor, ChildNumber child, PersonalData data, String reason) {
    held(child);
    Bytes salt = Commitment.newSalt(random);
    Transaction tx =
        ledger.sign(
            actor, new CorrectChild(child, Commitment.commit(data, salt), tokens(data), reason));
    ledger.check(tx);
    vault.put(child, data, salt);
    try {
      return commit(tx, child);
    } catch (ApiProblem refused) {
      if (!refused.outcomeIsUnknown()) {
        vault.undoCorrection(child);
      }
      throw refused;
    }
  }

  /** Suspends, reinstates, revokes or records the death of a registered child. */
  public Committed changeStatus(Actor actor, ChildNumber child, ChildStatus status, String reason) {
    if (status == ChildStatus.ERASED) {
      throw ApiProblem.invalidField("status", "erasure has its own request: POST .../erasure");
    }
    return submit(actor, child, new ChangeChildStatus(child, status, reason));
  }

  /**
   * Erases a child's personal data by destroying its data key, once the ledger has committed the
   * erasure from this officer. The ledger's history stays and still verifies. An erasure the ledger
   * refuses changes nothing; one whose outcome is unknown is applied to the vault by the node when
   * its block commits (see {@code ErasureSync}), and until then the child already reads as erased
   * if the ledger says so.
   */
  public Committed erase(Actor actor, ChildNumber child, String reason) {
    held(child);
    Transaction tx = ledger.sign(actor, new ChangeChildStatus(child, ChildStatus.ERASED, reason));
    ledger.check(tx);
    Committed committed = commit(tx, child);
    if (vault.holds(child)) {
      vault.erase(child);
    }
    if (vault.notes().holdsAny(child)) {
      vault.notes().erase(child);
    }
    return committed;
  }

  /** Links or unlinks a guardian; the ledger gets the document's keyed hash only. */
  public Committed changeGuardian(Actor actor, ChildNumber child, GuardianChange change) {
    GuardianLink link =
        new GuardianLink(
            change.relationship(),
            documentHash(change.document()),
            change.mayConsentToTravel(),
            change.reference());
    return submit(actor, child, new LinkGuardian(child, link, change.link()));
  }

  /** How the ledger names an identity document: its keyed hash under the consortium key. */
  public Hash documentHash(IdentityDocument document) {
    return DocumentHash.of(
        linkageKey, document.type().name(), document.number(), document.country().code());
  }

  /** A consent recorded on the ledger, and its credential's {@code HV1:} text. */
  public record GrantedConsent(Written written, String credential) {}

  /**
   * Records a travel consent given in person. Its id is drawn here and its credential issued first,
   * so that the ledger holds the commitment to the credential ({@link TravelConsent#commitment}) a
   * crossing must match to use the consent up.
   */
  public GrantedConsent grantConsent(
      Actor actor, ChildNumber child, ConsentGrant grant, ConsentCredentials credentials) {
    byte[] id = new byte[Hash.SIZE];
    random.nextBytes(id);
    String credential = credentials.issue(Hash.of(id), child, grant);
    TravelConsent consent =
        new TravelConsent(
            Hash.of(id),
            child,
            documentHash(grant.companion()),
            grant.destinations(),
            grant.validFrom(),
            grant.validUntil(),
            grant.multipleTrips(),
            grant.grantedBy().stream().map(this::documentHash).toList(),
            grant.reference(),
            TravelConsent.commitment(TravelConsent.credentialDigest(credential)),
            ConsentState.ACTIVE);
    return new GrantedConsent(write(actor, consent.id(), new GrantConsent(consent)), credential);
  }

  /**
   * Checks that the ledger would take {@code payload} from {@code actor} now, writing nothing.
   *
   * @throws ApiProblem with the ledger's reason if it would not
   */
  public void check(Actor actor, Payload payload) {
    ledger.check(ledger.sign(actor, payload));
  }

  /**
   * Writes {@code payload} by {@code actor} and waits for its block.
   *
   * @param id what the payload writes, returned in the answer
   * @throws ApiProblem with the ledger's reason if the ledger refuses it
   */
  public Written write(Actor actor, Hash id, Payload payload) {
    Transaction tx = ledger.sign(actor, payload);
    ledger.check(tx);
    return new Written(id, tx.id(), ledger.commit(tx).blockHeight());
  }

  /** Revokes an active travel consent. */
  public Written revokeConsent(Actor actor, Hash consentId, String reason) {
    return write(actor, consentId, new RevokeConsent(consentId, reason));
  }

  /** The consent's state on the committed ledger, if the ledger has it: for an online check. */
  public Optional<ConsentState> consentState(Hash consentId) {
    return state().registry().consent(consentId).map(TravelConsent::state);
  }

  /** The travel consents recorded for a child, active or not. */
  public List<TravelConsent> consents(ChildNumber child) {
    List<TravelConsent> consents = new ArrayList<>();
    listing.forEachConsent(
        consent -> {
          if (consent.child().equals(child)) {
            consents.add(consent);
          }
        });
    return consents;
  }

  /**
   * A crossing on the ledger.
   *
   * @param blockHeight the block that took it now; empty when it was already on the ledger
   */
  public record RecordedCrossing(Hash transactionId, long logIndex, Optional<Long> blockHeight) {
    public boolean alreadyRecorded() {
      return blockHeight.isEmpty();
    }
  }

  /**
   * Records a border check the officer makes in this session ({@code POST /border/check}) or made
   * offline in the web app's border page: signed with the officer's own key, as every act of an
   * officer in the web app is, and relayed as {@link #relayCrossing} does.
   */
  public RecordedCrossing recordCrossing(Actor actor, RecordCrossing crossing) {
    return relayCrossing(ledger.signCrossing(actor, crossing));
  }

  /**
   * Puts a crossing the border officer signed on the ledger as it is: this node adds no signature,
   * so the record stays the officer's whoever uploads it. Idempotent: a crossing already on the
   * ledger is answered as such, not refused.
   *
   * @throws ApiProblem with the ledger's reason if the ledger refuses it
   */
  public RecordedCrossing relayCrossing(Transaction crossing) {
    Optional<Long> recorded = LedgerState.readOnly(committed).transactionIndex(crossing.id());
    if (recorded.isPresent()) {
      return new RecordedCrossing(crossing.id(), recorded.get(), Optional.empty());
    }
    try {
      ledger.check(crossing);
      Receipt receipt = ledger.commit(crossing);
      return new RecordedCrossing(
          crossing.id(), receipt.result().logIndex(), Optional.of(receipt.blockHeight()));
    } catch (ApiProblem problem) {
      Optional<Long> raced = LedgerState.readOnly(committed).transactionIndex(crossing.id());
      if (problem.reason().filter(RejectReason.DUPLICATE_ID::equals).isPresent()
          && raced.isPresent()) {
        return new RecordedCrossing(crossing.id(), raced.get(), Optional.empty());
      }
      throw problem;
    }
  }

  /** Raises, updates or resolves the missing-child alert on a child. */
  public Committed alert(Actor actor, SetAlert change) {
    return alert(actor, change, Optional.empty());
  }

  /**
   * Raises, updates or resolves the missing-child alert on a child; a raise or update may give what
   * helps recognise the child, kept in this organisation's vault ({@link AlertCases#set}).
   */
  public Committed alert(Actor actor, SetAlert change, Optional<AlertNotes.Notice> notice) {
    AlertCases.Written written = alertCases.set(actor, change, notice);
    return new Committed(written.transactionId(), written.blockHeight(), child(change.child()));
  }

  /** A child's alert as it stands and the history of its alerts, oldest first. */
  public record AlertHistory(Optional<Alert> alert, List<AlertChange> changes) {}

  /** The child's alert and its history, for an officer who may read alerts. */
  public AlertHistory alertHistory(Actor actor, ChildNumber child) {
    LedgerState state = state();
    actor.require(
        Permissions.Action.READ_ALERTS, Permissions.Subject.child(record(state, child), state));
    return new AlertHistory(state.registry().alert(child), state.registry().alertHistory(child));
  }

  /** Records a pseudonymous event on the child's timeline. */
  public Committed recordEvent(Actor actor, ChildNumber child, EventType type) {
    return submit(actor, child, new RecordEvent(child, type));
  }

  /**
   * Reads a child's personal data. The read is recorded on the ledger, with its purpose, before the
   * data is returned; reads are batched into one transaction per officer so they stay fast.
   *
   * @throws ApiProblem 403 if the officer may not read it, 404 if this node's vault does not hold
   *     it
   */
  public PersonalDataRead readPersonalData(Actor actor, ChildNumber child, String purpose) {
    if (!auditedRead(actor, child, Permissions.Action.READ_PERSONAL_DATA, purpose)) {
      return new Erased(child);
    }
    ReadResult result = vault.read(child);
    if (result instanceof ReadResult.Found found) {
      return new Found(child, found.data(), found.file());
    }
    if (result instanceof ReadResult.Erased) {
      return new Erased(child);
    }
    throw notInVault(child);
  }

  /**
   * Every version of the child's personal data this node's vault holds, oldest first, each with its
   * commitment, which names the ledger change that made it. An audited read, like {@link
   * #readPersonalData}.
   *
   * @throws ApiProblem 403 if the officer may not read them, 404 if this node's vault does not hold
   *     the child
   */
  public VersionsRead dataVersions(Actor actor, ChildNumber child, String purpose) {
    if (!auditedRead(actor, child, Permissions.Action.READ_DATA_VERSIONS, purpose)) {
      return new Erased(child);
    }
    VersionsResult result = vault.versions(child);
    if (result instanceof VersionsResult.Versions versions) {
      return new DataVersions(
          child,
          versions.oldestFirst().stream()
              .map(
                  found -> new Version(found.data(), Commitment.commit(found.data(), found.salt())))
              .toList());
    }
    if (result instanceof VersionsResult.Erased) {
      return new Erased(child);
    }
    throw notInVault(child);
  }

  /**
   * Checks that the officer may take {@code action} on the child, and records the read with its
   * purpose on the ledger before anything is read.
   *
   * @return false if the child was erased: nothing is left to read, and nothing is recorded
   */
  private boolean auditedRead(
      Actor actor, ChildNumber child, Permissions.Action action, String purpose) {
    ChildRecord record = permitted(actor, child, action);
    if (record.status() == ChildStatus.ERASED) {
      return false;
    }
    requireHeldHere(record);
    LedgerWriter.accepted(accessRecorder.record(actor, child, purpose), null);
    return true;
  }

  /**
   * The history of the child's record on the ledger, oldest first, for a registrar or auditor the
   * table of authority lets read it. Nothing personal is read: the ledger's changes only. The log
   * is scanned from the start; a transaction is decoded only if its bytes name the child's number
   * or one of its consents.
   */
  public History history(Actor actor, ChildNumber child) {
    LedgerState state = state();
    ChildRecord record = record(state, child);
    actor.require(Permissions.Action.READ_HISTORY, Permissions.Subject.child(record, state));
    Set<Hash> consents =
        consents(child).stream().map(TravelConsent::id).collect(Collectors.toSet());
    List<byte[]> names = new ArrayList<>();
    names.add(child.toString().getBytes(StandardCharsets.US_ASCII));
    consents.forEach(consent -> names.add(consent.toBytes().toArray()));
    List<HistoryEntry> changes = new ArrayList<>();
    long size = state.logSize();
    for (long index = 0; index < size; index++) {
      long at = index;
      byte[] encoded =
          transactions
              .apply(index)
              .orElseThrow(() -> new IllegalStateException("the log has no transaction " + at))
              .toArray();
      if (names.stream().noneMatch(name -> contains(encoded, name))) {
        continue;
      }
      ChildChange.of(index, decode(Bytes.of(encoded)), child, consents)
          .ifPresent(
              change -> changes.add(new HistoryEntry(change, state.officer(change.officer()))));
    }
    return new History(record, changes);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  /** The child's timeline, for those who may read it. */
  public List<TimelineEvent> timeline(Actor actor, ChildNumber child) {
    permitted(actor, child, Permissions.Action.READ_TIMELINE);
    return registry().timeline(child);
  }

  /** Who read the child's personal data, for an auditor or the holding organisation. */
  public List<AccessEntry> accessLog(Actor actor, ChildNumber child) {
    permitted(actor, child, Permissions.Action.READ_ACCESS_LOG);
    return registry().accessLog(child);
  }

  /** The child's record, if the table of authority lets the actor take {@code action} on it. */
  private ChildRecord permitted(Actor actor, ChildNumber child, Permissions.Action action) {
    LedgerState state = state();
    ChildRecord record = record(state, child);
    actor.require(action, Permissions.Subject.child(record, state));
    return record;
  }

  /** The ledger's view of a child. */
  public ChildView child(ChildNumber child) {
    LedgerState state = state();
    ChildRecord record = record(state, child);
    RegistryState registry = state.registry();
    return new ChildView(
        record,
        registry.guardians(child),
        registry.alert(child),
        registry.openDuplicateReviews(child));
  }

  /** Declarations of the registrar's jurisdiction awaiting a decision. */
  public RegistryListing.Page<ChildRecord> declarations(
      Actor actor, Optional<String> cursor, int limit) {
    actor.require(Permissions.Action.LIST_DECLARATIONS);
    Jurisdiction jurisdiction = actor.officer().jurisdiction();
    return listing.children(
        record ->
            record.jurisdiction().equals(jurisdiction)
                && (record.status() == ChildStatus.DECLARED
                    || record.status() == ChildStatus.INFO_REQUESTED),
        cursor,
        limit);
  }

  /** Every open duplicate review. */
  public RegistryListing.Page<RegistryListing.DuplicateReview> duplicateReviews(
      Actor actor, Optional<String> cursor, int limit) {
    actor.require(Permissions.Action.LIST_DUPLICATE_REVIEWS);
    return listing.duplicateReviews(cursor, limit);
  }

  /** Every open missing-child alert. */
  public RegistryListing.Page<RegistryListing.OpenAlert> openAlerts(
      Optional<String> cursor, int limit) {
    return listing.openAlerts(cursor, limit);
  }

  private List<LinkageToken> tokens(PersonalData data) {
    Optional<Guardian> mother =
        data.guardians().stream()
            .filter(guardian -> guardian.relationship() == Relationship.MOTHER)
            .findFirst();
    String motherDocument =
        mother
            .flatMap(Guardian::document)
            .map(d -> d.country().code() + " " + d.type() + " " + d.number())
            .orElse("");
    LinkageInput input =
        new LinkageInput(
            data.givenNames(),
            data.familyNames(),
            data.sex(),
            data.dateOfBirth(),
            mother.map(Guardian::names).orElse(""),
            "",
            motherDocument);
    List<LinkageToken> tokens = new ArrayList<>(LinkageTokens.compute(linkageKey, input));
    tokens.addAll(FoundChildTokens.forRegistration(linkageKey, input, data.placeOfBirth()));
    return tokens;
  }

  /** The child's data in this node's vault, or why it is not there. */
  private ReadResult.Found held(ChildNumber child) {
    ChildRecord record = record(state(), child);
    requireHeldHere(record);
    ReadResult result =
        record.status() == ChildStatus.ERASED ? new ReadResult.Erased() : vault.read(child);
    if (result instanceof ReadResult.Found found) {
      return found;
    }
    throw result instanceof ReadResult.Erased
        ? ApiProblem.conflict(
            "Child " + child.display() + " was erased; its personal data is gone for good.")
        : notInVault(child);
  }

  private static ApiProblem notInVault(ChildNumber child) {
    return ApiProblem.notFound(
        "This node's vault holds no personal data for child " + child.display() + ".");
  }

  private void requireHeldHere(ChildRecord record) {
    if (!record.issuer().equals(organisation)) {
      throw ApiProblem.notFound(
          "The personal data of child "
              + record.number().display()
              + " is held in the vault of "
              + record.issuer()
              + ", not of "
              + organisation
              + "; ask that organisation.");
    }
  }

  static ChildRecord record(LedgerState state, ChildNumber child) {
    return state
        .registry()
        .child(child)
        .orElseThrow(
            () ->
                ApiProblem.notFound(
                    "No child "
                        + child.display()
                        + " is on the ledger; check the number or declare the child first."));
  }

  private Committed submit(Actor actor, ChildNumber child, Payload payload) {
    Transaction tx = ledger.sign(actor, payload);
    ledger.check(tx);
    return commit(tx, child);
  }

  private Committed commit(Transaction tx, ChildNumber child) {
    Receipt receipt = ledger.commit(tx);
    return new Committed(tx.id(), receipt.blockHeight(), child(child));
  }

  private LedgerState state() {
    return LedgerState.readOnly(committed);
  }

  private RegistryState registry() {
    return state().registry();
  }

  @Override
  public void close() {
    accessRecorder.close();
  }
}
