package org.haven.card.bundle;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.haven.card.bundle.BundleException.Problem;
import org.haven.card.codec.CborReader;
import org.haven.card.codec.CborWriter;
import org.haven.card.codec.MalformedCborException;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;

/**
 * The changes from one version of a bundle series to a later one: issuer keys removed or added or
 * changed, status bits set and cleared as index lists, and alert, consent and card hashes removed
 * or added. It names the base by version and content digest and promises the content digest of the
 * result, so applying it to anything but its base, or getting anything but the promised bundle,
 * fails. docs/border.md describes the format.
 */
public final class BundleDelta {
  private static final int FIELDS = 17;

  /** One issuer's status list change: its new length, and the bits that flip. */
  record StatusChange(int bitLength, NavigableSet<Long> set, NavigableSet<Long> cleared) {
    StatusChange {
      set = Collections.unmodifiableNavigableSet(new TreeSet<>(set));
      cleared = Collections.unmodifiableNavigableSet(new TreeSet<>(cleared));
    }
  }

  private final Bytes seriesSalt;
  private final long fromVersion;
  private final Hash baseDigest;
  private final long toVersion;
  private final Instant createdAt;
  private final SignedNote checkpointNote;
  private final NavigableSet<Bytes> trustRemoved;
  private final NavigableMap<Bytes, TrustEntry> trustPut;
  private final NavigableSet<OrgId> statusRemoved;
  private final NavigableMap<OrgId, StatusChange> statusChanged;
  private final NavigableSet<Hash> alertsRemoved;
  private final NavigableMap<Hash, ActiveAlert> alertsPut;
  private final NavigableSet<Hash> consentsRemoved;
  private final NavigableMap<Hash, LocalDate> consentsPut;
  private final NavigableSet<Hash> cardsRemoved;
  private final NavigableMap<Hash, CardMark> cardsPut;
  private final Hash resultDigest;

  private BundleDelta(
      Bytes seriesSalt,
      long fromVersion,
      Hash baseDigest,
      long toVersion,
      Instant createdAt,
      SignedNote checkpointNote,
      NavigableSet<Bytes> trustRemoved,
      NavigableMap<Bytes, TrustEntry> trustPut,
      NavigableSet<OrgId> statusRemoved,
      NavigableMap<OrgId, StatusChange> statusChanged,
      NavigableSet<Hash> alertsRemoved,
      NavigableMap<Hash, ActiveAlert> alertsPut,
      NavigableSet<Hash> consentsRemoved,
      NavigableMap<Hash, LocalDate> consentsPut,
      NavigableSet<Hash> cardsRemoved,
      NavigableMap<Hash, CardMark> cardsPut,
      Hash resultDigest) {
    this.seriesSalt = seriesSalt;
    this.fromVersion = fromVersion;
    this.baseDigest = baseDigest;
    this.toVersion = toVersion;
    this.createdAt = createdAt;
    this.checkpointNote = checkpointNote;
    this.trustRemoved = Collections.unmodifiableNavigableSet(trustRemoved);
    this.trustPut = Collections.unmodifiableNavigableMap(trustPut);
    this.statusRemoved = Collections.unmodifiableNavigableSet(statusRemoved);
    this.statusChanged = Collections.unmodifiableNavigableMap(statusChanged);
    this.alertsRemoved = Collections.unmodifiableNavigableSet(alertsRemoved);
    this.alertsPut = Collections.unmodifiableNavigableMap(alertsPut);
    this.consentsRemoved = Collections.unmodifiableNavigableSet(consentsRemoved);
    this.consentsPut = Collections.unmodifiableNavigableMap(consentsPut);
    this.cardsRemoved = Collections.unmodifiableNavigableSet(cardsRemoved);
    this.cardsPut = Collections.unmodifiableNavigableMap(cardsPut);
    this.resultDigest = resultDigest;
  }

  /**
   * The delta that turns {@code from} into {@code to}.
   *
   * @throws IllegalArgumentException unless both bundles have the same series salt and {@code to}
   *     is a later version; a new salt starts a new series, which needs a full download
   */
  public static BundleDelta between(VerifierBundle from, VerifierBundle to) {
    if (!from.seriesSalt().equals(to.seriesSalt())) {
      throw new IllegalArgumentException(
          "the bundles belong to different series (different salts): send the full bundle");
    }
    if (to.version() <= from.version()) {
      throw new IllegalArgumentException(
          "a delta goes to a later version, but "
              + to.version()
              + " is not after "
              + from.version());
    }
    Map<Bytes, TrustEntry> fromTrust = byKey(from.trustEntries());
    Map<Bytes, TrustEntry> toTrust = byKey(to.trustEntries());
    NavigableMap<OrgId, StatusChange> statusChanged = new TreeMap<>();
    to.statusLists()
        .forEach(
            (org, list) -> {
              StatusList base = from.statusLists().getOrDefault(org, StatusList.none());
              NavigableSet<Long> set = list.setAndNotIn(base);
              NavigableSet<Long> cleared =
                  base.setAndNotIn(list).headSet((long) list.bitLength(), false);
              if (list.bitLength() != base.bitLength() || !set.isEmpty() || !cleared.isEmpty()) {
                statusChanged.put(org, new StatusChange(list.bitLength(), set, cleared));
              }
            });
    return new BundleDelta(
        to.seriesSalt(),
        from.version(),
        from.contentDigest(),
        to.version(),
        to.createdAt(),
        to.checkpointNote(),
        removed(fromTrust, toTrust),
        put(fromTrust, toTrust),
        removed(from.statusLists(), to.statusLists()),
        statusChanged,
        removed(from.alerts(), to.alerts()),
        put(from.alerts(), to.alerts()),
        removed(from.consents(), to.consents()),
        put(from.consents(), to.consents()),
        removed(from.cards(), to.cards()),
        put(from.cards(), to.cards()),
        to.contentDigest());
  }

  /**
   * The bundle that {@code delta} turns {@code base} into: the same bundle, byte for byte, as the
   * full export of the later version when both sides compress with the same DEFLATE implementation,
   * and always one with the content digest the delta promised.
   *
   * @throws BundleException {@link Problem#WRONG_SERIES} for a delta of another series, {@link
   *     Problem#WRONG_BASE} for a delta from another version or content, {@link Problem#MALFORMED}
   *     for changes that do not fit the base, {@link Problem#RESULT_MISMATCH} if the result is not
   *     the promised bundle
   */
  public static VerifierBundle apply(VerifierBundle base, BundleDelta delta)
      throws BundleException {
    if (!delta.seriesSalt.equals(base.seriesSalt())) {
      throw new BundleException(
          Problem.WRONG_SERIES,
          "The delta belongs to another bundle series than this bundle: download the full bundle.");
    }
    if (delta.fromVersion != base.version()) {
      throw new BundleException(
          Problem.WRONG_BASE,
          "The delta changes version "
              + delta.fromVersion
              + ", but this bundle is version "
              + base.version()
              + ".");
    }
    if (!delta.baseDigest.equals(base.contentDigest())) {
      throw new BundleException(
          Problem.WRONG_BASE,
          "The delta changes another bundle with the same version number as this one: download"
              + " the full bundle.");
    }
    Map<Bytes, TrustEntry> trust =
        applyTo(byKey(base.trustEntries()), delta.trustRemoved, delta.trustPut, "issuer key");
    Map<OrgId, StatusList> lists =
        applyTo(base.statusLists(), delta.statusRemoved, Map.of(), "status list");
    for (Map.Entry<OrgId, StatusChange> entry : delta.statusChanged.entrySet()) {
      StatusChange change = entry.getValue();
      StatusList before = lists.getOrDefault(entry.getKey(), StatusList.none());
      try {
        lists.put(
            entry.getKey(), before.changed(change.bitLength(), change.set(), change.cleared()));
      } catch (IllegalArgumentException e) {
        throw new BundleException(
            Problem.MALFORMED,
            "The delta's status change for " + entry.getKey() + " " + e.getMessage() + ".");
      }
    }
    VerifierBundle result;
    try {
      result =
          new VerifierBundle(
              base.seriesSalt(),
              delta.toVersion,
              delta.createdAt,
              delta.checkpointNote,
              trust.values(),
              lists,
              applyTo(base.alerts(), delta.alertsRemoved, delta.alertsPut, "alert"),
              applyTo(base.consents(), delta.consentsRemoved, delta.consentsPut, "consent"),
              applyTo(base.cards(), delta.cardsRemoved, delta.cardsPut, "card"));
    } catch (IllegalArgumentException e) {
      throw new BundleException(
          Problem.MALFORMED, "The delta gives a bundle that is not valid: " + e.getMessage());
    }
    if (!result.contentDigest().equals(delta.resultDigest)) {
      throw new BundleException(
          Problem.RESULT_MISMATCH,
          "Applying the delta does not give the bundle it promised: download the full bundle.");
    }
    return result;
  }

  public Bytes seriesSalt() {
    return seriesSalt;
  }

  public long fromVersion() {
    return fromVersion;
  }

  public long toVersion() {
    return toVersion;
  }

  /** The content digest of the bundle this delta gives: what members attest. */
  public Hash resultDigest() {
    return resultDigest;
  }

  /** The signed checkpoint note of the later version. */
  public SignedNote checkpointNote() {
    return checkpointNote;
  }

  /** The canonical CBOR encoding: the bytes a member node signs. */
  public Bytes encode() {
    CborWriter out = new CborWriter().array(FIELDS);
    out.bytes(seriesSalt).uint(fromVersion).bytes(baseDigest.toBytes());
    out.uint(toVersion).uint(createdAt.getEpochSecond()).text(checkpointNote.format());
    out.array(trustRemoved.size());
    trustRemoved.forEach(out::bytes);
    out.end().array(trustPut.size());
    trustPut.values().forEach(entry -> VerifierBundle.writeTrust(out, entry));
    out.end().array(statusRemoved.size());
    statusRemoved.forEach(org -> out.text(org.value()));
    out.end().array(statusChanged.size());
    statusChanged.forEach(
        (org, change) -> {
          out.array(4).text(org.value()).uint(change.bitLength());
          writeIndexes(out, change.set());
          writeIndexes(out, change.cleared());
          out.end();
        });
    out.end();
    writeHashes(out, alertsRemoved);
    VerifierBundle.writeAlerts(out, alertsPut);
    writeHashes(out, consentsRemoved);
    VerifierBundle.writeConsents(out, consentsPut);
    writeHashes(out, cardsRemoved);
    VerifierBundle.writeCards(out, cardsPut);
    out.bytes(resultDigest.toBytes());
    return Bytes.of(out.end().toByteArray());
  }

  @Override
  public String toString() {
    return "BundleDelta(version "
        + fromVersion
        + " to "
        + toVersion
        + ", "
        + (trustRemoved.size() + trustPut.size())
        + " issuer key changes, "
        + statusChanged.size()
        + " status lists changed, "
        + (alertsRemoved.size() + alertsPut.size())
        + " alert changes, "
        + (consentsRemoved.size() + consentsPut.size())
        + " consent changes, "
        + (cardsRemoved.size() + cardsPut.size())
        + " card changes)";
  }

  /**
   * Decodes a delta body, after its signature has been checked.
   *
   * @throws BundleException naming the field if the body is cut short, malformed or not in
   *     canonical form
   */
  static BundleDelta decode(byte[] body) throws BundleException {
    BundleDelta delta;
    try (CborReader in = CborReader.of(body)) {
      delta = read(in);
    } catch (MalformedCborException e) {
      throw BundleException.unreadable("delta", e);
    }
    if (!Arrays.equals(delta.encode().toArray(), body)) {
      throw new BundleException(
          Problem.NOT_CANONICAL,
          "The delta is not in canonical form: entries out of order or repeated, or CBOR not in"
              + " its shortest definite-length form.");
    }
    return delta;
  }

  private static BundleDelta read(CborReader in) {
    in.startArray("delta");
    Bytes salt = Bytes.of(in.bytes("series salt", VerifierBundle.SALT_SIZE));
    long fromVersion = in.uint("base version");
    Hash baseDigest = in.bytes("base digest", Hash.SIZE, Hash::of);
    long toVersion = in.uint("version");
    Instant createdAt = VerifierBundle.readInstant(in, "createdAt");
    SignedNote note = in.text("checkpoint note", SignedNote::parse);
    NavigableSet<Bytes> trustRemoved =
        new TreeSet<>(
            in.list(
                "removed issuer keys",
                VerifierBundle.MAX_ISSUER_KEYS,
                reader -> Bytes.of(reader.bytes("removed issuer key", 32))));
    NavigableMap<Bytes, TrustEntry> trustPut =
        new TreeMap<>(
            byKey(
                in.list("issuer keys", VerifierBundle.MAX_ISSUER_KEYS, VerifierBundle::readTrust)));
    NavigableSet<OrgId> statusRemoved =
        new TreeSet<>(
            in.list(
                "removed status lists",
                VerifierBundle.MAX_ISSUER_KEYS,
                reader -> reader.text("removed status list", OrgId::new)));
    NavigableMap<OrgId, StatusChange> statusChanged =
        new TreeMap<>(
            VerifierBundle.toMap(
                in.list(
                    "status changes", VerifierBundle.MAX_ISSUER_KEYS, BundleDelta::readChange)));
    NavigableSet<Hash> alertsRemoved = readHashes(in, "removed alerts");
    NavigableMap<Hash, ActiveAlert> alertsPut =
        new TreeMap<>(VerifierBundle.readAlerts(in, "alerts"));
    NavigableSet<Hash> consentsRemoved = readHashes(in, "removed consents");
    NavigableMap<Hash, LocalDate> consentsPut =
        new TreeMap<>(VerifierBundle.readConsents(in, "consents"));
    NavigableSet<Hash> cardsRemoved = readHashes(in, "removed cards");
    NavigableMap<Hash, CardMark> cardsPut = new TreeMap<>(VerifierBundle.readCards(in, "cards"));
    Hash resultDigest = in.bytes("result digest", Hash.SIZE, Hash::of);
    in.endArray("delta");
    in.end("delta");
    return new BundleDelta(
        salt,
        fromVersion,
        baseDigest,
        toVersion,
        createdAt,
        note,
        trustRemoved,
        trustPut,
        statusRemoved,
        statusChanged,
        alertsRemoved,
        alertsPut,
        consentsRemoved,
        consentsPut,
        cardsRemoved,
        cardsPut,
        resultDigest);
  }

  private static Map.Entry<OrgId, StatusChange> readChange(CborReader in) {
    in.startArray("status change");
    OrgId org = in.text("status change organisation", OrgId::new);
    int bitLength = in.uint("status change length", StatusList.MAX_BITS);
    if (bitLength == 0 || bitLength % StatusList.BLOCK_BITS != 0) {
      throw in.malformed(
          "status change length", "must be a positive multiple of " + StatusList.BLOCK_BITS);
    }
    NavigableSet<Long> set = readIndexes(in, "set bits", bitLength);
    NavigableSet<Long> cleared = readIndexes(in, "cleared bits", bitLength);
    in.endArray("status change");
    return Map.entry(org, new StatusChange(bitLength, set, cleared));
  }

  private static void writeIndexes(CborWriter out, NavigableSet<Long> indexes) {
    out.array(indexes.size());
    indexes.forEach(out::uint);
    out.end();
  }

  private static NavigableSet<Long> readIndexes(CborReader in, String field, int bitLength) {
    return new TreeSet<>(
        in.list(field, bitLength, reader -> (long) reader.uint(field, bitLength - 1)));
  }

  private static void writeHashes(CborWriter out, NavigableSet<Hash> hashes) {
    out.array(hashes.size());
    hashes.forEach(hash -> out.bytes(hash.toBytes()));
    out.end();
  }

  private static NavigableSet<Hash> readHashes(CborReader in, String field) {
    return new TreeSet<>(
        in.list(
            field, VerifierBundle.MAX_ENTRIES, reader -> reader.bytes(field, Hash.SIZE, Hash::of)));
  }

  private static Map<Bytes, TrustEntry> byKey(List<TrustEntry> entries) {
    return entries.stream()
        .collect(
            Collectors.toMap(
                entry -> entry.key().bytes(), Function.identity(), (a, b) -> b, HashMap::new));
  }

  /** The keys of {@code from} that {@code to} does not have, in order. */
  private static <K extends Comparable<K>> NavigableSet<K> removed(Map<K, ?> from, Map<K, ?> to) {
    NavigableSet<K> removed = new TreeSet<>(from.keySet());
    removed.removeAll(to.keySet());
    return removed;
  }

  /** The entries of {@code to} that {@code from} lacks or holds with another value, in order. */
  private static <K extends Comparable<K>, V> NavigableMap<K, V> put(Map<K, V> from, Map<K, V> to) {
    NavigableMap<K, V> put = new TreeMap<>();
    to.forEach(
        (key, value) -> {
          if (!value.equals(from.get(key))) {
            put.put(key, value);
          }
        });
    return put;
  }

  /**
   * A copy of {@code base} without {@code removed} and with {@code put}.
   *
   * @throws BundleException if the delta removes an entry the base does not have
   */
  private static <K, V> Map<K, V> applyTo(
      Map<K, V> base, NavigableSet<K> removed, Map<K, V> put, String what) throws BundleException {
    Map<K, V> result = new HashMap<>(base);
    for (K key : removed) {
      if (result.remove(key) == null) {
        throw new BundleException(
            Problem.MALFORMED, "The delta removes a " + what + " that the bundle does not have.");
      }
    }
    result.putAll(put);
    return result;
  }
}
