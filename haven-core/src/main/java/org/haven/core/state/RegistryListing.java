package org.haven.core.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Organisation;
import org.haven.core.registry.AccessEntry;
import org.haven.core.registry.Alert;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.IssuedCard;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.TravelConsent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.LinkageToken;

/**
 * Paged lists over the state's tables, in key order: the registrar's review queues, the open
 * alerts, the access log, officers and governance proposals. A page is read from one consistent
 * view; its cursor is the last key read (without the table prefix) in unpadded base64url, and the
 * next page starts after it. Clients treat the cursor as opaque.
 */
public final class RegistryListing {
  /** The most items one page may hold. */
  public static final int MAX_PAGE = 200;

  /** One page and, when more may follow, the cursor to continue after. */
  public record Page<T>(List<T> items, Optional<String> next) {
    public Page {
      items = List.copyOf(items);
    }
  }

  /** One recorded read of a child's personal data. */
  public record Read(ChildNumber child, AccessEntry entry) {}

  /** A child with open duplicate reviews against earlier children. */
  public record DuplicateReview(ChildNumber child, List<ChildNumber> candidates) {
    public DuplicateReview {
      candidates = List.copyOf(candidates);
    }
  }

  /** An alert that is open. */
  public record OpenAlert(ChildNumber child, Alert alert) {}

  private final StateScanner scanner;

  public RegistryListing(StateScanner scanner) {
    this.scanner = scanner;
  }

  /** Children whose record satisfies {@code filter}. */
  public Page<ChildRecord> children(
      Predicate<ChildRecord> filter, Optional<String> cursor, int limit) {
    return page(
        RegistryState.CHILD,
        cursor,
        limit,
        (number, entry) -> Optional.of(decode(entry, RegistryCodec::readChild)).filter(filter));
  }

  /** Children with at least one open duplicate review. */
  public Page<DuplicateReview> duplicateReviews(Optional<String> cursor, int limit) {
    return page(
        RegistryState.DUPLICATE_REVIEW,
        cursor,
        limit,
        (number, entry) ->
            Optional.of(new DuplicateReview(number, decode(entry, RegistryState::readNumbers)))
                .filter(review -> !review.candidates().isEmpty()));
  }

  /** Alerts that are open. */
  public Page<OpenAlert> openAlerts(Optional<String> cursor, int limit) {
    return page(
        RegistryState.ALERT,
        cursor,
        limit,
        (number, entry) ->
            Optional.of(new OpenAlert(number, decode(entry, RegistryCodec::readAlert)))
                .filter(open -> open.alert().open()));
  }

  /**
   * The children indexed under a partial-data token ({@code TokenType.partial}), in child-number
   * order, at most {@code limit} of them: a token shared by more children says too little to list
   * them all.
   */
  public List<ChildNumber> childrenWithFoundToken(LinkageToken token, int limit) {
    Bytes prefix = RegistryState.foundTokenPrefix(token);
    try (Stream<Map.Entry<Bytes, Bytes>> entries = scanner.scan(prefix, prefix)) {
      return entries
          .limit(limit)
          .map(
              entry ->
                  ChildNumber.fromCanonical(
                      new String(
                          entry.getKey().slice(prefix.size(), entry.getKey().size()).toArray(),
                          StandardCharsets.US_ASCII)))
          .toList();
    }
  }

  /** Every member organisation, active or not, in id order. */
  public void forEachOrganisation(Consumer<Organisation> action) {
    forEach(LedgerState.ORGANISATION, IdentityCodec::readStoredOrganisation, action);
  }

  /** Every child record, in child-number order: for building a verifier bundle. */
  public void forEachChild(Consumer<ChildRecord> action) {
    forEach(RegistryState.CHILD, RegistryCodec::readChild, action);
  }

  /** Every travel consent, active or not, in consent-id order. */
  public void forEachConsent(Consumer<TravelConsent> action) {
    forEach(RegistryState.CONSENT, RegistryCodec::readConsent, action);
  }

  /** Every card the ledger recorded as issued, in card-hash order: for a verifier bundle. */
  public void forEachCard(Consumer<IssuedCard> action) {
    forEach(RegistryState.CARD, IssuedCard::decode, action);
  }

  private <T> void forEach(byte table, CanonicalReader.Element<T> reader, Consumer<T> action) {
    Bytes prefix = Bytes.of(new byte[] {table});
    try (Stream<Map.Entry<Bytes, Bytes>> entries = scanner.scan(prefix, prefix)) {
      entries.forEach(entry -> action.accept(decode(entry, reader)));
    }
  }

  private interface Decoder<T> {
    Optional<T> decode(ChildNumber number, Map.Entry<Bytes, Bytes> entry);
  }

  private <T> Page<T> page(byte table, Optional<String> cursor, int limit, Decoder<T> decoder) {
    return scanPage(table, cursor, limit, entry -> decoder.decode(numberOf(entry.getKey()), entry));
  }

  /** Officers that satisfy {@code filter}, in id order. */
  public Page<Officer> officers(Predicate<Officer> filter, Optional<String> cursor, int limit) {
    return scanPage(
        LedgerState.OFFICER,
        cursor,
        limit,
        entry -> Optional.of(decode(entry, IdentityCodec::readStoredOfficer)).filter(filter));
  }

  /**
   * The recorded reads of personal data that satisfy {@code filter}, by child number and then in
   * the order recorded. A page scans the reads until it is full, so a narrow filter reads far.
   */
  public Page<Read> accessLog(Predicate<Read> filter, Optional<String> cursor, int limit) {
    return scanPage(
        RegistryState.ACCESS,
        cursor,
        limit,
        entry ->
            Optional.of(
                    new Read(
                        ChildNumber.fromCanonical(
                            new String(
                                entry.getKey().toArray(),
                                1,
                                ChildNumber.LENGTH,
                                StandardCharsets.US_ASCII)),
                        decode(entry, RegistryCodec::readAccess)))
                .filter(filter));
  }

  /** Governance proposals that satisfy {@code filter}, in id order, read with {@code reader}. */
  public <T> Page<T> proposals(
      CanonicalReader.Element<T> reader, Predicate<T> filter, Optional<String> cursor, int limit) {
    return scanPage(
        LedgerState.PROPOSAL,
        cursor,
        limit,
        entry -> Optional.of(decode(entry, reader)).filter(filter));
  }

  private <T> Page<T> scanPage(
      byte table,
      Optional<String> cursor,
      int limit,
      Function<Map.Entry<Bytes, Bytes>, Optional<T>> decoder) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit: must be 1 to " + MAX_PAGE + ", got " + limit);
    }
    Bytes prefix = Bytes.of(new byte[] {table});
    Bytes start = cursor.map(text -> prefix.concat(fromCursor(text))).orElse(prefix);
    List<T> items = new ArrayList<>();
    try (Stream<Map.Entry<Bytes, Bytes>> entries = scanner.scan(prefix, start)) {
      Iterator<Map.Entry<Bytes, Bytes>> it = entries.iterator();
      Bytes last = null;
      while (it.hasNext()) {
        Map.Entry<Bytes, Bytes> entry = it.next();
        Optional<T> item = decoder.apply(entry);
        if (item.isPresent()) {
          if (items.size() == limit) {
            return new Page<>(items, Optional.of(toCursor(last)));
          }
          items.add(item.get());
          last = entry.getKey();
        }
      }
    }
    return new Page<>(items, Optional.empty());
  }

  private static String toCursor(Bytes key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.slice(1, key.size()).toArray());
  }

  private static Bytes fromCursor(String cursor) {
    try {
      return Bytes.of(Base64.getUrlDecoder().decode(cursor));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cursor: not one this list gave; copy the previous page's next", e);
    }
  }

  private static ChildNumber numberOf(Bytes key) {
    byte[] bytes = key.toArray();
    return ChildNumber.fromCanonical(
        new String(bytes, 1, bytes.length - 1, StandardCharsets.US_ASCII));
  }

  private static <T> T decode(Map.Entry<Bytes, Bytes> entry, CanonicalReader.Element<T> reader) {
    return StateTables.decode(entry.getKey(), entry.getValue(), reader);
  }
}
