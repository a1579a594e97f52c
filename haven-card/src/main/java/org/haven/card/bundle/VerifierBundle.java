package org.haven.card.bundle;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.haven.card.TrustList;
import org.haven.card.bundle.BundleException.Problem;
import org.haven.card.codec.CborReader;
import org.haven.card.codec.CborWriter;
import org.haven.card.codec.MalformedCborException;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.identity.ChildNumber;

/**
 * What an offline checkpoint keeps: a snapshot of the ledger anchored to a signed checkpoint, with
 * the issuer trust list, each issuer's revocation status list, the active missing-child alerts and
 * the active travel consents. docs/border.md describes the format.
 *
 * <p>Alerts and consents are held only as SHA-256 of the series salt and the child number or
 * consent id, so the bundle names no child. The salt is the same in every version of one series so
 * that deltas can name entries; a new salt starts a new series.
 *
 * <p>Every lookup is a hash-map or array access: the status lists are decompressed when the bundle
 * is built or read, never per check. Instances are immutable and safe to share between threads.
 */
public final class VerifierBundle implements TrustList {
  /** The size of the series salt. */
  public static final int SALT_SIZE = 32;

  static final int MAX_ISSUER_KEYS = 10_000;
  static final int MAX_ENTRIES = 20_000_000;

  private static final int FIELDS = 9;

  private final Bytes seriesSalt;
  private final byte[] salt;
  private final long version;
  private final Instant createdAt;
  private final SignedNote checkpointNote;
  private final Checkpoint checkpoint;
  private final List<TrustEntry> trust;
  private final Map<Bytes, TrustEntry> trustByKid;
  private final Map<OrgId, StatusList> statusLists;
  private final Map<Hash, ActiveAlert> alerts;
  private final Map<Hash, LocalDate> consents;
  private final Map<Hash, CardMark> cards;

  /**
   * @throws IllegalArgumentException if a part breaks an invariant: the salt size, a negative
   *     version, a note that is not a checkpoint, two keys or key ids alike, status lists that are
   *     not exactly one per issuing organisation, or a time before 1970
   */
  VerifierBundle(
      Bytes seriesSalt,
      long version,
      Instant createdAt,
      SignedNote checkpointNote,
      Collection<TrustEntry> trust,
      Map<OrgId, StatusList> statusLists,
      Map<Hash, ActiveAlert> alerts,
      Map<Hash, LocalDate> consents,
      Map<Hash, CardMark> cards) {
    if (seriesSalt.size() != SALT_SIZE) {
      throw new IllegalArgumentException("series salt: must be " + SALT_SIZE + " bytes");
    }
    if (version < 0) {
      throw new IllegalArgumentException("version: must not be negative");
    }
    if (createdAt.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("createdAt: must not be before 1970");
    }
    this.seriesSalt = seriesSalt;
    this.salt = seriesSalt.toArray();
    this.version = version;
    this.createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
    this.checkpointNote = Objects.requireNonNull(checkpointNote, "checkpointNote");
    try {
      this.checkpoint = Checkpoint.parseBody(checkpointNote.text());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint note: " + e.getMessage(), e);
    }
    this.trust = trust.stream().sorted(Comparator.comparing(entry -> entry.key().bytes())).toList();
    Map<Bytes, TrustEntry> byKid = new HashMap<>();
    Set<Ed25519PublicKey> keys = new HashSet<>();
    for (TrustEntry entry : this.trust) {
      if (!keys.add(entry.key())) {
        throw new IllegalArgumentException("issuer key " + entry.key() + " is listed twice");
      }
      if (byKid.putIfAbsent(entry.kid(), entry) != null) {
        throw new IllegalArgumentException("two issuer keys have the key id " + entry.kid());
      }
    }
    this.trustByKid = Map.copyOf(byKid);
    Set<OrgId> issuers = this.trust.stream().map(TrustEntry::org).collect(Collectors.toSet());
    if (!issuers.equals(statusLists.keySet())) {
      throw new IllegalArgumentException(
          "status lists: there must be exactly one per issuing organisation");
    }
    this.statusLists = Map.copyOf(statusLists);
    this.alerts = Map.copyOf(alerts);
    consents.values().forEach(VerifierBundle::requireEncodable);
    this.consents = Map.copyOf(consents);
    this.cards = Map.copyOf(cards);
  }

  /**
   * Starts a bundle.
   *
   * @param seriesSalt {@value #SALT_SIZE} random bytes, the same for every version of the series;
   *     see {@link #newSeriesSalt}
   * @param version greater than every earlier version of the series
   * @param createdAt when the node made the bundle; kept to the second
   * @param checkpointNote the ledger checkpoint the bundle reflects, signed by member nodes
   */
  public static Builder builder(
      Bytes seriesSalt, long version, Instant createdAt, SignedNote checkpointNote) {
    return new Builder(seriesSalt, version, createdAt, checkpointNote);
  }

  /** Draws the salt of a new series. */
  public static Bytes newSeriesSalt(SecureRandom random) {
    byte[] salt = new byte[SALT_SIZE];
    random.nextBytes(salt);
    return Bytes.of(salt);
  }

  public Bytes seriesSalt() {
    return seriesSalt;
  }

  public long version() {
    return version;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** The signed checkpoint note as the node sent it. */
  public SignedNote checkpointNote() {
    return checkpointNote;
  }

  /** The checkpoint in the note: origin, tree size and root hash. */
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /** How old the bundle is at {@code now}; negative if {@code now} is before it was made. */
  public Duration age(Instant now) {
    return Duration.between(createdAt, now);
  }

  /** The trusted issuer keys, ordered by key bytes. */
  public List<TrustEntry> trustEntries() {
    return trust;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A key not reported compromised signs what claims an issue time in its interval. A
   * compromised key signs only the cards the bundle marks: those the ledger recorded before the
   * report, revoked ones included so that they read as revoked.
   */
  @Override
  public Optional<Issuer> issuer(Bytes kid, Instant issuedAt, Hash signedHash) {
    TrustEntry entry = trustByKid.get(kid);
    if (entry == null) {
      return Optional.empty();
    }
    boolean signs = entry.compromised() ? cards.containsKey(signedHash) : entry.validAt(issuedAt);
    return signs ? Optional.of(new Issuer(entry.org(), entry.key())) : Optional.empty();
  }

  @Override
  public boolean revoked(Hash signedHash) {
    return cards.get(signedHash) == CardMark.REVOKED;
  }

  /** Whether {@code org} has an issuer key in this bundle, and so a status list. */
  public boolean isIssuer(OrgId org) {
    return statusLists.containsKey(org);
  }

  /**
   * Whether {@code org}'s card with this status index is revoked or suspended. An index beyond the
   * issuer's list is not: the node makes each list long enough to hold every index it sets.
   *
   * @throws IllegalArgumentException unless {@link #isIssuer}{@code (org)}
   */
  public boolean isRevoked(OrgId org, long statusIndex) {
    StatusList list = statusLists.get(org);
    if (list == null) {
      throw new IllegalArgumentException("organisation " + org + " is not an issuer here");
    }
    return list.isSet(statusIndex);
  }

  /** The active missing-child alert for {@code child}, if there is one. */
  public Optional<ActiveAlert> alert(ChildNumber child) {
    return Optional.ofNullable(alerts.get(alertKey(salt, child)));
  }

  /**
   * Whether the consent is active on {@code on}: granted, not revoked when the bundle was made, and
   * not ended by that day. The consent's start date is in the credential, not here.
   */
  public boolean consentActive(Hash consentId, LocalDate on) {
    return consentValidUntil(consentId).filter(until -> !on.isAfter(until)).isPresent();
  }

  /**
   * The last day of the consent as the ledger had it when the bundle was made, or empty if the
   * bundle does not list the consent: revoked, ended, or granted after the bundle was made.
   */
  public Optional<LocalDate> consentValidUntil(Hash consentId) {
    return Optional.ofNullable(consents.get(consentKey(salt, consentId)));
  }

  /** The canonical CBOR encoding: the bytes a member node signs. */
  public Bytes encode() {
    return Bytes.of(write(false));
  }

  /**
   * The digest member nodes attest: SHA-256 of the encoding without the checkpoint note and with
   * every status list uncompressed. Equal contents give equal digests whichever DEFLATE
   * implementation compressed the lists, so every member that builds the same content from its own
   * replica attests the same digest, and a delta can promise its result. The note is left out
   * because members hold different sets of cosignatures on it; it carries its own quorum.
   */
  public Hash contentDigest() {
    return Hash.sha256(write(true));
  }

  @Override
  public String toString() {
    return "VerifierBundle(version "
        + version
        + ", created "
        + createdAt
        + ", "
        + trust.size()
        + " issuer keys, "
        + alerts.size()
        + " alerts, "
        + consents.size()
        + " consents, "
        + cards.size()
        + " marked cards)";
  }

  /** SHA-256(series salt || the child number's 11 ASCII digits): how the bundle names a child. */
  private static Hash alertKey(byte[] salt, ChildNumber child) {
    return Hash.sha256(salt, child.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** SHA-256(series salt || the 32-byte consent id). */
  private static Hash consentKey(byte[] salt, Hash consentId) {
    return Hash.sha256(salt, consentId.toArray());
  }

  Map<OrgId, StatusList> statusLists() {
    return statusLists;
  }

  Map<Hash, ActiveAlert> alerts() {
    return alerts;
  }

  Map<Hash, LocalDate> consents() {
    return consents;
  }

  Map<Hash, CardMark> cards() {
    return cards;
  }

  /**
   * The body ({@code forDigest} false), or the attested content ({@code forDigest} true): the same
   * array without the checkpoint note, with the status lists uncompressed.
   */
  private byte[] write(boolean forDigest) {
    CborWriter out = new CborWriter().array(forDigest ? FIELDS - 1 : FIELDS);
    out.bytes(seriesSalt).uint(version).uint(createdAt.getEpochSecond());
    if (!forDigest) {
      out.text(checkpointNote.format());
    }
    out.array(trust.size());
    trust.forEach(entry -> writeTrust(out, entry));
    out.end();
    SortedMap<OrgId, StatusList> lists = new TreeMap<>(statusLists);
    out.array(lists.size());
    lists.forEach(
        (org, list) ->
            out.array(3)
                .text(org.value())
                .uint(list.bitLength())
                .bytes(forDigest ? list.raw() : list.compressed())
                .end());
    out.end();
    writeAlerts(out, new TreeMap<>(alerts));
    writeConsents(out, new TreeMap<>(consents));
    writeCards(out, new TreeMap<>(cards));
    return out.end().toByteArray();
  }

  /**
   * Decodes a bundle body, after its signature has been checked.
   *
   * @throws BundleException naming the field if the body is cut short, malformed, breaks an
   *     invariant or is not in canonical form
   */
  static VerifierBundle decode(byte[] body) throws BundleException {
    VerifierBundle bundle;
    try (CborReader in = CborReader.of(body)) {
      bundle = read(in);
    } catch (MalformedCborException e) {
      throw BundleException.unreadable("bundle", e);
    }
    if (!Arrays.equals(bundle.write(false), body)) {
      throw new BundleException(
          Problem.NOT_CANONICAL,
          "The bundle is not in canonical form: entries out of order or repeated, or CBOR not in"
              + " its shortest definite-length form.");
    }
    return bundle;
  }

  private static VerifierBundle read(CborReader in) throws BundleException {
    in.startArray("bundle");
    Bytes salt = Bytes.of(in.bytes("series salt", SALT_SIZE));
    long version = in.uint("version");
    Instant createdAt = readInstant(in, "createdAt");
    SignedNote note = in.text("checkpoint note", SignedNote::parse);
    List<TrustEntry> trust = in.list("issuer keys", MAX_ISSUER_KEYS, VerifierBundle::readTrust);
    Map<OrgId, StatusList> lists =
        toMap(
            in.list(
                "status lists",
                MAX_ISSUER_KEYS,
                reader -> {
                  reader.startArray("status list");
                  OrgId org = reader.text("status list organisation", OrgId::new);
                  int bitLength = reader.uint("status list length", StatusList.MAX_BITS);
                  Bytes compressed = Bytes.of(reader.bytes("status list bits"));
                  reader.endArray("status list");
                  return Map.entry(org, StatusList.decode(bitLength, compressed, "of " + org));
                }));
    Map<Hash, ActiveAlert> alerts = readAlerts(in, "alerts");
    Map<Hash, LocalDate> consents = readConsents(in, "consents");
    Map<Hash, CardMark> cards = readCards(in, "cards");
    in.endArray("bundle");
    in.end("bundle");
    try {
      return new VerifierBundle(
          salt, version, createdAt, note, trust, lists, alerts, consents, cards);
    } catch (IllegalArgumentException e) {
      throw new BundleException(Problem.MALFORMED, "The bundle is not valid: " + e.getMessage());
    }
  }

  static void writeTrust(CborWriter out, TrustEntry entry) {
    out.array(5).bytes(entry.key().bytes()).text(entry.org().value());
    out.uint(entry.validFrom().getEpochSecond());
    entry.validUntil().ifPresentOrElse(until -> out.uint(until.getEpochSecond()), out::nul);
    out.bool(entry.compromised());
    out.end();
  }

  static TrustEntry readTrust(CborReader in) {
    in.startArray("issuer key");
    Ed25519PublicKey key = in.bytes("issuer key", Ed25519PublicKey.SIZE, Ed25519PublicKey::create);
    OrgId org = in.text("issuer organisation", OrgId::new);
    Instant validFrom = readInstant(in, "issuer validFrom");
    Optional<Instant> validUntil =
        in.nextIsNull("issuer validUntil")
            ? Optional.empty()
            : Optional.of(readInstant(in, "issuer validUntil"));
    boolean compromised = in.bool("issuer compromised");
    in.endArray("issuer key");
    try {
      return new TrustEntry(org, key, validFrom, validUntil, compromised);
    } catch (IllegalArgumentException e) {
      throw in.malformed("issuer key", "invalid: " + e.getMessage());
    }
  }

  static void writeAlerts(CborWriter out, SortedMap<Hash, ActiveAlert> alerts) {
    out.array(alerts.size());
    alerts.forEach(
        (key, alert) -> {
          out.array(4)
              .bytes(key.toBytes())
              .text(alert.priority().name())
              .text(alert.contactPoint());
          alert.photoHash().ifPresentOrElse(photo -> out.bytes(photo.toBytes()), out::nul);
          out.end();
        });
    out.end();
  }

  static Map<Hash, ActiveAlert> readAlerts(CborReader in, String field) {
    return toMap(
        in.list(
            field,
            MAX_ENTRIES,
            reader -> {
              reader.startArray("alert");
              Hash key = reader.bytes("alert hash", Hash.SIZE, Hash::of);
              AlertPriority priority = reader.text("alert priority", AlertPriority::valueOf);
              String contact = reader.text("alert contact point");
              Optional<Hash> photo =
                  reader.nextIsNull("alert photo hash")
                      ? Optional.empty()
                      : Optional.of(reader.bytes("alert photo hash", Hash.SIZE, Hash::of));
              reader.endArray("alert");
              try {
                return Map.entry(key, new ActiveAlert(priority, contact, photo));
              } catch (IllegalArgumentException e) {
                throw reader.malformed("alert", "invalid: " + e.getMessage());
              }
            }));
  }

  static void writeConsents(CborWriter out, SortedMap<Hash, LocalDate> consents) {
    out.array(consents.size());
    consents.forEach(
        (key, validUntil) -> out.array(2).bytes(key.toBytes()).uint(validUntil.toEpochDay()).end());
    out.end();
  }

  static Map<Hash, LocalDate> readConsents(CborReader in, String field) {
    return toMap(
        in.list(
            field,
            MAX_ENTRIES,
            reader -> {
              reader.startArray("consent");
              Hash key = reader.bytes("consent hash", Hash.SIZE, Hash::of);
              long day = reader.uint("consent validUntil");
              reader.endArray("consent");
              if (day > LocalDate.MAX.toEpochDay()) {
                throw reader.malformed("consent validUntil", "after the last date Java can hold");
              }
              return Map.entry(key, LocalDate.ofEpochDay(day));
            }));
  }

  static void writeCards(CborWriter out, SortedMap<Hash, CardMark> cards) {
    out.array(cards.size());
    cards.forEach((key, mark) -> out.array(2).bytes(key.toBytes()).uint(mark.code()).end());
    out.end();
  }

  static Map<Hash, CardMark> readCards(CborReader in, String field) {
    return toMap(
        in.list(
            field,
            MAX_ENTRIES,
            reader -> {
              reader.startArray("card");
              Hash key = reader.bytes("card hash", Hash.SIZE, Hash::of);
              long code = reader.uint("card mark");
              reader.endArray("card");
              try {
                return Map.entry(key, CardMark.ofCode(code));
              } catch (IllegalArgumentException e) {
                throw reader.malformed("card mark", e.getMessage());
              }
            }));
  }

  static Instant readInstant(CborReader in, String field) {
    long seconds = in.uint(field);
    if (seconds > Instant.MAX.getEpochSecond()) {
      throw in.malformed(field, "after the last instant Java can hold");
    }
    return Instant.ofEpochSecond(seconds);
  }

  /**
   * Collects decoded entries. A repeated key keeps one entry, so encoding the result differs from
   * the input and the canonical-form check refuses it.
   */
  static <K, V> Map<K, V> toMap(List<Map.Entry<K, V>> entries) {
    Map<K, V> map = new HashMap<>();
    entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
    return map;
  }

  private static void requireEncodable(LocalDate validUntil) {
    if (validUntil.toEpochDay() < 0) {
      throw new IllegalArgumentException("consent validUntil: must not be before 1970");
    }
  }

  /**
   * Collects a bundle's contents. Every method checks its argument at once and says what is wrong;
   * {@link #build} checks the whole.
   */
  public static final class Builder {
    private final Bytes seriesSalt;
    private final long version;
    private final Instant createdAt;
    private final SignedNote checkpointNote;
    private final Map<Ed25519PublicKey, TrustEntry> trust = new LinkedHashMap<>();
    private final Map<OrgId, NavigableSet<Long>> revoked = new HashMap<>();
    private final Map<ChildNumber, ActiveAlert> alerts = new HashMap<>();
    private final Map<Hash, LocalDate> consents = new HashMap<>();
    private final Map<Hash, CardMark> cards = new HashMap<>();

    private Builder(Bytes seriesSalt, long version, Instant createdAt, SignedNote checkpointNote) {
      this.seriesSalt = Objects.requireNonNull(seriesSalt, "seriesSalt");
      this.version = version;
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
      this.checkpointNote = Objects.requireNonNull(checkpointNote, "checkpointNote");
    }

    /** Trusts {@code key} to sign {@code org}'s cards from {@code validFrom} on. */
    public Builder issuer(OrgId org, Ed25519PublicKey key, Instant validFrom) {
      return add(new TrustEntry(org, key, validFrom, Optional.empty()));
    }

    /**
     * Trusts {@code key} to sign {@code org}'s cards from {@code validFrom} until before {@code
     * validUntil}.
     */
    public Builder issuer(OrgId org, Ed25519PublicKey key, Instant validFrom, Instant validUntil) {
      return add(new TrustEntry(org, key, validFrom, Optional.of(validUntil)));
    }

    /**
     * Trusts the key of {@code entry}, with its interval and whether it was reported compromised.
     *
     * @throws IllegalArgumentException if the key is already trusted
     */
    public Builder issuer(TrustEntry entry) {
      return add(entry);
    }

    /** Marks the card with this card hash revoked on its own, for example lost or stolen. */
    public Builder revokedCard(Hash cardHash) {
      cards.put(Objects.requireNonNull(cardHash, "cardHash"), CardMark.REVOKED);
      return this;
    }

    /**
     * Marks the card with this card hash as recorded on the ledger before its issuer key was
     * reported compromised. A revocation of the same card wins.
     */
    public Builder recordedBeforeCompromise(Hash cardHash) {
      cards.putIfAbsent(
          Objects.requireNonNull(cardHash, "cardHash"), CardMark.RECORDED_BEFORE_COMPROMISE);
      return this;
    }

    /**
     * Marks {@code org}'s card with {@code statusIndex} revoked or suspended.
     *
     * @throws IllegalArgumentException unless the index is from 0 to 2^28 - 1
     */
    public Builder revoked(OrgId org, long statusIndex) {
      if (statusIndex < 0 || statusIndex >= StatusList.MAX_BITS) {
        throw new IllegalArgumentException(
            "statusIndex: must be from 0 to " + (StatusList.MAX_BITS - 1) + ", got " + statusIndex);
      }
      revoked
          .computeIfAbsent(Objects.requireNonNull(org, "org"), o -> new TreeSet<>())
          .add(statusIndex);
      return this;
    }

    /**
     * Lists an active missing-child alert. Only its hash under the series salt goes in the bundle.
     *
     * @throws IllegalArgumentException if the child already has an alert here, or the contact point
     *     is not 1 to 200 characters without control characters
     */
    public Builder alert(ChildNumber child, AlertPriority priority, String contactPoint) {
      return alert(child, new ActiveAlert(priority, contactPoint));
    }

    /**
     * Lists an active missing-child alert with its photo's hash, if any. Only the child number's
     * hash under the series salt goes in the bundle.
     *
     * @throws IllegalArgumentException if the child already has an alert here
     */
    public Builder alert(ChildNumber child, ActiveAlert alert) {
      Objects.requireNonNull(alert, "alert");
      if (alerts.putIfAbsent(Objects.requireNonNull(child, "child"), alert) != null) {
        throw new IllegalArgumentException("the child already has an alert in this bundle");
      }
      return this;
    }

    /**
     * Lists an active travel consent, valid through {@code validUntil}.
     *
     * @throws IllegalArgumentException if the consent is already listed, or ends before 1970
     */
    public Builder consent(Hash consentId, LocalDate validUntil) {
      requireEncodable(validUntil);
      if (consents.putIfAbsent(Objects.requireNonNull(consentId, "consentId"), validUntil)
          != null) {
        throw new IllegalArgumentException("consent " + consentId + " is already listed");
      }
      return this;
    }

    /**
     * @throws IllegalArgumentException if a revocation names an organisation without an issuer key,
     *     or the parts break an invariant of {@link VerifierBundle}
     */
    public VerifierBundle build() {
      Set<OrgId> issuers = trust.values().stream().map(TrustEntry::org).collect(Collectors.toSet());
      Map<OrgId, StatusList> lists = new HashMap<>();
      for (OrgId org : revoked.keySet()) {
        if (!issuers.contains(org)) {
          throw new IllegalArgumentException(
              "revoked: organisation " + org + " has no issuer key in this bundle");
        }
      }
      issuers.forEach(
          org -> lists.put(org, StatusList.withBits(revoked.getOrDefault(org, new TreeSet<>()))));
      byte[] salt = seriesSalt.toArray();
      Map<Hash, ActiveAlert> hashedAlerts = new HashMap<>();
      alerts.forEach((child, alert) -> hashedAlerts.put(alertKey(salt, child), alert));
      Map<Hash, LocalDate> hashedConsents = new HashMap<>();
      consents.forEach((id, until) -> hashedConsents.put(consentKey(salt, id), until));
      return new VerifierBundle(
          seriesSalt,
          version,
          createdAt,
          checkpointNote,
          trust.values(),
          lists,
          hashedAlerts,
          hashedConsents,
          cards);
    }

    private Builder add(TrustEntry entry) {
      if (trust.putIfAbsent(entry.key(), entry) != null) {
        throw new IllegalArgumentException("issuer key " + entry.key() + " is already trusted");
      }
      return this;
    }
  }
}
