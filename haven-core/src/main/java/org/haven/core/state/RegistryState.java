package org.haven.core.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AccessEntry;
import org.haven.core.registry.Alert;
import org.haven.core.registry.AlertChange;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.FoundRecord;
import org.haven.core.registry.GuardianLink;
import org.haven.core.registry.IssuedCard;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.TimelineEvent;
import org.haven.core.registry.TravelConsent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.LinkageToken;
import org.haven.core.registry.identity.TokenType;

/**
 * The child registry's tables in the ledger state: pseudonymous records, the linkage-token index
 * that finds possible duplicates, open duplicate reviews, guardians, alerts, timelines and the
 * access log. Nothing here is personal data.
 */
public final class RegistryState {
  static final byte CHILD = 'c';
  private static final byte TOKEN_INDEX = 'k';
  static final byte DUPLICATE_REVIEW = 'd';
  private static final byte GUARDIANS = 'g';
  static final byte ALERT = 'a';
  private static final byte EVENT = 'e';
  private static final byte EVENT_COUNT = 'E';
  static final byte ACCESS = 'x';
  private static final byte ACCESS_COUNT = 'X';
  private static final byte STATUS_INDEX = 's';
  private static final byte NEXT_STATUS_INDEX = 'i';
  static final byte CONSENT = 'C';
  private static final byte CONSENT_RULE = 'j';
  private static final byte ALERT_HISTORY = 'h';
  private static final byte ALERT_HISTORY_COUNT = 'H';
  static final byte CARD = 'v';
  private static final byte CHILD_CARDS = 'w';
  static final byte FOUND_TOKEN_INDEX = 'f';
  private static final byte FOUND = 'l';

  /** Bound on lists kept in one value, so a corrupt count cannot exhaust memory. */
  private static final int MAX_LIST = 100_000;

  private static final DecodedValues<ChildRecord> CHILDREN =
      new DecodedValues<>(RegistryCodec::readChild, 100_000);

  private final StateStore store;

  RegistryState(StateStore store) {
    this.store = store;
  }

  public Optional<ChildRecord> child(ChildNumber number) {
    return CHILDREN.read(store, childKey(CHILD, number));
  }

  /**
   * Stores {@code child} and indexes its linkage tokens. Partial-data tokens ({@link
   * TokenType#partial}) get one index entry per child and token, read by prefix ({@link
   * RegistryListing#childrenWithFoundToken}); a found child's own are not indexed, since only
   * registrations are searched for found children.
   */
  public void putChild(ChildRecord child) {
    CanonicalWriter out = new CanonicalWriter();
    RegistryCodec.writeChild(out, child);
    store.put(childKey(CHILD, child.number()), out.toBytes());
    for (LinkageToken token : child.linkageTokens()) {
      if (token.type().partial()) {
        if (child.status() != ChildStatus.FOUND) {
          store.put(foundTokenKey(token, child.number()), Bytes.EMPTY);
        }
        continue;
      }
      Set<ChildNumber> sharing = new LinkedHashSet<>(childrenWithToken(token));
      if (sharing.add(child.number())) {
        store.put(tokenKey(token), numbers(List.copyOf(sharing)));
      }
    }
  }

  /** Replaces the record of {@code number}, if there is one, with {@code change} of it. */
  public void updateChild(ChildNumber number, UnaryOperator<ChildRecord> change) {
    child(number).ifPresent(record -> putChild(change.apply(record)));
  }

  /** The children whose records carry {@code token}, in the order they were first indexed. */
  public List<ChildNumber> childrenWithToken(LinkageToken token) {
    return StateTables.read(store, tokenKey(token), RegistryState::readNumbers).orElse(List.of());
  }

  /** Keyed by the hash alone: the type's tag is part of what was hashed, so types never collide. */
  private static Bytes tokenKey(LinkageToken token) {
    return StateTables.key(TOKEN_INDEX, token.value().toBytes());
  }

  /** The keys of the children indexed under a partial-data token start with this. */
  static Bytes foundTokenPrefix(LinkageToken token) {
    return StateTables.key(FOUND_TOKEN_INDEX, token.value().toBytes());
  }

  private static Bytes foundTokenKey(LinkageToken token, ChildNumber child) {
    return foundTokenPrefix(token)
        .concat(Bytes.of(child.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  /** The found child's declaration and resolution, if {@code number} was declared found. */
  public Optional<FoundRecord> found(ChildNumber number) {
    return StateTables.read(store, childKey(FOUND, number), FoundRecord::decode);
  }

  public void putFound(FoundRecord found) {
    CanonicalWriter out = new CanonicalWriter();
    found.encode(out);
    store.put(childKey(FOUND, found.child()), out.toBytes());
  }

  /** Children that share a linkage token with {@code number} and await a registrar's review. */
  public List<ChildNumber> openDuplicateReviews(ChildNumber number) {
    return StateTables.read(store, childKey(DUPLICATE_REVIEW, number), RegistryState::readNumbers)
        .orElse(List.of());
  }

  public void putOpenDuplicateReviews(ChildNumber number, List<ChildNumber> candidates) {
    store.put(childKey(DUPLICATE_REVIEW, number), numbers(candidates));
  }

  public List<GuardianLink> guardians(ChildNumber number) {
    return StateTables.read(
            store,
            childKey(GUARDIANS, number),
            in -> in.list("guardians", MAX_LIST, RegistryCodec::readGuardian))
        .orElse(List.of());
  }

  public void putGuardians(ChildNumber number, List<GuardianLink> links) {
    store.put(
        childKey(GUARDIANS, number),
        new CanonicalWriter().list(links, RegistryCodec::writeGuardian).toBytes());
  }

  public Optional<Alert> alert(ChildNumber number) {
    return StateTables.read(store, childKey(ALERT, number), RegistryCodec::readAlert);
  }

  public void putAlert(ChildNumber number, Alert alert) {
    CanonicalWriter out = new CanonicalWriter();
    RegistryCodec.writeAlert(out, alert);
    store.put(childKey(ALERT, number), out.toBytes());
  }

  /** Every raise, update and resolution of the child's alerts, oldest first. */
  public List<AlertChange> alertHistory(ChildNumber number) {
    return readLog(ALERT_HISTORY, ALERT_HISTORY_COUNT, number, RegistryCodec::readAlertChange);
  }

  public void appendAlertChange(ChildNumber number, AlertChange change) {
    appendLog(ALERT_HISTORY, ALERT_HISTORY_COUNT, number, change, RegistryCodec::writeAlertChange);
  }

  public List<TimelineEvent> timeline(ChildNumber number) {
    return readLog(EVENT, EVENT_COUNT, number, RegistryCodec::readEvent);
  }

  public void appendEvent(ChildNumber number, TimelineEvent event) {
    appendLog(EVENT, EVENT_COUNT, number, event, RegistryCodec::writeEvent);
  }

  public List<AccessEntry> accessLog(ChildNumber number) {
    return readLog(ACCESS, ACCESS_COUNT, number, RegistryCodec::readAccess);
  }

  public void appendAccess(ChildNumber number, AccessEntry entry) {
    appendLog(ACCESS, ACCESS_COUNT, number, entry, RegistryCodec::writeAccess);
  }

  /**
   * The child's bit in its issuer's status list, given when the child is first registered; the
   * verifier bundle sets the bit while the record is not in force (suspended, revoked, erased).
   */
  public Optional<Long> statusIndex(ChildNumber number) {
    return StateTables.read(store, childKey(STATUS_INDEX, number), in -> in.u64("status index"));
  }

  /** Gives {@code number} the next free bit of {@code issuer}'s status list, unless it has one. */
  public void assignStatusIndex(ChildNumber number, OrgId issuer) {
    if (statusIndex(number).isPresent()) {
      return;
    }
    Bytes next = StateTables.key(NEXT_STATUS_INDEX, issuer.value());
    long index = StateTables.read(store, next, in -> in.u64("next status index")).orElse(0L);
    store.put(childKey(STATUS_INDEX, number), new CanonicalWriter().u64(index).toBytes());
    store.put(next, new CanonicalWriter().u64(index + 1).toBytes());
  }

  public Optional<TravelConsent> consent(Hash consentId) {
    return StateTables.read(
        store, StateTables.key(CONSENT, consentId.toBytes()), RegistryCodec::readConsent);
  }

  public void putConsent(TravelConsent consent) {
    CanonicalWriter out = new CanonicalWriter();
    RegistryCodec.writeConsent(out, consent);
    store.put(StateTables.key(CONSENT, consent.id().toBytes()), out.toBytes());
  }

  /** How many guardians must consent to travel in {@code jurisdiction}: 1 unless a rule says 2. */
  public int consentGuardians(Jurisdiction jurisdiction) {
    return StateTables.read(
            store, StateTables.key(CONSENT_RULE, jurisdiction.code()), in -> in.u8("guardians"))
        .orElse(1);
  }

  public void putConsentGuardians(Jurisdiction jurisdiction, int guardians) {
    store.put(
        StateTables.key(CONSENT_RULE, jurisdiction.code()),
        new CanonicalWriter().u8(guardians).toBytes());
  }

  /** The card whose signed bytes hash to {@code hash}, if the ledger recorded its issue. */
  public Optional<IssuedCard> card(Hash hash) {
    return StateTables.read(store, StateTables.key(CARD, hash.toBytes()), IssuedCard::decode);
  }

  /** Stores {@code card}; a card not stored before joins its child's list of cards. */
  public void putCard(IssuedCard card) {
    if (card(card.hash()).isEmpty()) {
      List<Hash> hashes = new ArrayList<>(cardHashes(card.child()));
      hashes.add(card.hash());
      store.put(
          childKey(CHILD_CARDS, card.child()),
          new CanonicalWriter().list(hashes, CanonicalWriter::hash).toBytes());
    }
    CanonicalWriter out = new CanonicalWriter();
    card.encode(out);
    store.put(StateTables.key(CARD, card.hash().toBytes()), out.toBytes());
  }

  /** The cards recorded for {@code child}, in the order they were issued. */
  public List<IssuedCard> cards(ChildNumber child) {
    return cardHashes(child).stream()
        .map(
            hash ->
                card(hash)
                    .orElseThrow(
                        () -> new IllegalStateException("Stored state lacks card " + hash)))
        .toList();
  }

  private List<Hash> cardHashes(ChildNumber child) {
    return StateTables.read(
            store,
            childKey(CHILD_CARDS, child),
            in -> in.list("card hashes", MAX_LIST, r -> r.hash("card hash")))
        .orElse(List.of());
  }

  /** An append-only list per child: a count, and one value per entry, so appends stay cheap. */
  private <T> void appendLog(
      byte table,
      byte countTable,
      ChildNumber number,
      T entry,
      BiConsumer<CanonicalWriter, T> writer) {
    int count = count(countTable, number);
    CanonicalWriter out = new CanonicalWriter();
    writer.accept(out, entry);
    store.put(entryKey(table, number, count), out.toBytes());
    store.put(childKey(countTable, number), new CanonicalWriter().u32(count + 1).toBytes());
  }

  private <T> List<T> readLog(
      byte table, byte countTable, ChildNumber number, CanonicalReader.Element<T> reader) {
    int count = count(countTable, number);
    List<T> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Bytes key = entryKey(table, number, i);
      entries.add(
          StateTables.read(store, key, reader)
              .orElseThrow(() -> new IllegalStateException("Stored state lacks entry " + key)));
    }
    return entries;
  }

  private int count(byte countTable, ChildNumber number) {
    return StateTables.read(store, childKey(countTable, number), in -> in.u32("count")).orElse(0);
  }

  static Bytes childKey(byte table, ChildNumber number) {
    return StateTables.key(table, number.toString());
  }

  private static Bytes entryKey(byte table, ChildNumber number, int index) {
    return childKey(table, number).concat(new CanonicalWriter().u32(index).toBytes());
  }

  private static Bytes numbers(List<ChildNumber> numbers) {
    return new CanonicalWriter().list(numbers, RegistryCodec::writeChildNumber).toBytes();
  }

  static List<ChildNumber> readNumbers(CanonicalReader in) throws DecodeException {
    return in.list(
        "child numbers", MAX_LIST, r -> RegistryCodec.readChildNumber(r, "child number"));
  }
}
