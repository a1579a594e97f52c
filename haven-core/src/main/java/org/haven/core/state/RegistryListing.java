package org.haven.core.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.Organisation;
import org.haven.core.registry.Alert;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.TravelConsent;
import org.haven.core.registry.identity.ChildNumber;

/**
 * Paged lists over the registry's tables, in child-number order: the registrar's review queues and
 * the open alerts. A page is read from one consistent view; the next page starts after the last
 * child of this one.
 */
public final class RegistryListing {
  /** The most items one page may hold. */
  public static final int MAX_PAGE = 200;

  /** One page and, when more may follow, the child number to continue after. */
  public record Page<T>(List<T> items, Optional<ChildNumber> next) {
    public Page {
      items = List.copyOf(items);
    }
  }

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
      Predicate<ChildRecord> filter, Optional<ChildNumber> after, int limit) {
    return page(
        RegistryState.CHILD,
        after,
        limit,
        (number, entry) -> Optional.of(decode(entry, RegistryCodec::readChild)).filter(filter));
  }

  /** Children with at least one open duplicate review. */
  public Page<DuplicateReview> duplicateReviews(Optional<ChildNumber> after, int limit) {
    return page(
        RegistryState.DUPLICATE_REVIEW,
        after,
        limit,
        (number, entry) ->
            Optional.of(new DuplicateReview(number, decode(entry, RegistryState::readNumbers)))
                .filter(review -> !review.candidates().isEmpty()));
  }

  /** Alerts that are open. */
  public Page<OpenAlert> openAlerts(Optional<ChildNumber> after, int limit) {
    return page(
        RegistryState.ALERT,
        after,
        limit,
        (number, entry) ->
            Optional.of(new OpenAlert(number, decode(entry, RegistryCodec::readAlert)))
                .filter(open -> open.alert().open()));
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

  private <T> void forEach(byte table, CanonicalReader.Element<T> reader, Consumer<T> action) {
    Bytes prefix = Bytes.of(new byte[] {table});
    try (Stream<Map.Entry<Bytes, Bytes>> entries = scanner.scan(prefix, prefix)) {
      entries.forEach(entry -> action.accept(decode(entry, reader)));
    }
  }

  private interface Decoder<T> {
    Optional<T> decode(ChildNumber number, Map.Entry<Bytes, Bytes> entry);
  }

  private <T> Page<T> page(byte table, Optional<ChildNumber> after, int limit, Decoder<T> decoder) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit: must be 1 to " + MAX_PAGE + ", got " + limit);
    }
    Bytes prefix = Bytes.of(new byte[] {table});
    Bytes start = after.map(number -> RegistryState.childKey(table, number)).orElse(prefix);
    List<T> items = new ArrayList<>();
    try (Stream<Map.Entry<Bytes, Bytes>> entries = scanner.scan(prefix, start)) {
      Iterator<Map.Entry<Bytes, Bytes>> it = entries.iterator();
      ChildNumber last = null;
      while (it.hasNext()) {
        Map.Entry<Bytes, Bytes> entry = it.next();
        ChildNumber number = numberOf(entry.getKey());
        Optional<T> item = decoder.decode(number, entry);
        if (item.isPresent()) {
          if (items.size() == limit) {
            return new Page<>(items, Optional.of(last));
          }
          items.add(item.get());
          last = number;
        }
      }
    }
    return new Page<>(items, Optional.empty());
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
