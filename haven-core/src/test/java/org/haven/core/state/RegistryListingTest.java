package org.haven.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AccessEntry;
import org.haven.core.registry.Alert;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;

class RegistryListingTest {
  private final InMemoryState store = new InMemoryState();
  private final RegistryState registry = new LedgerState(store).registry();
  private final RegistryListing listing = new RegistryListing(store);
  private final Random random = new Random(7);

  @Test
  void pagesThroughFilteredChildrenInNumberOrderWithoutLosingOrRepeatingAny() {
    List<ChildNumber> declared = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      ChildNumber number = ChildNumber.generate(random);
      ChildStatus status = i % 3 == 0 ? ChildStatus.REGISTERED : ChildStatus.DECLARED;
      registry.putChild(child(number, status));
      if (status == ChildStatus.DECLARED) {
        declared.add(number);
      }
    }
    declared.sort((a, b) -> a.toString().compareTo(b.toString()));

    List<ChildNumber> seen = new ArrayList<>();
    Optional<String> after = Optional.empty();
    int pages = 0;
    do {
      RegistryListing.Page<ChildRecord> page =
          listing.children(c -> c.status() == ChildStatus.DECLARED, after, 4);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(4);
      page.items().forEach(c -> seen.add(c.number()));
      after = page.next();
      pages++;
    } while (after.isPresent());

    assertThat(seen).containsExactlyElementsOf(declared);
    assertThat(pages).isEqualTo((declared.size() + 3) / 4);
  }

  @Test
  void listsOnlyOpenAlertsAndNonEmptyReviews() {
    ChildNumber open = ChildNumber.generate(random);
    ChildNumber resolved = ChildNumber.generate(random);
    ChildNumber candidate = ChildNumber.generate(random);
    OfficerId worker = new OfficerId("ke.caseworker.a");
    registry.putAlert(
        open, new Alert(AlertPriority.HIGH, "116", true, worker, new OrgId("unicef-esaro")));
    registry.putAlert(
        resolved, new Alert(AlertPriority.LOW, "116", false, worker, new OrgId("unicef-esaro")));
    registry.putOpenDuplicateReviews(open, List.of(candidate));
    registry.putOpenDuplicateReviews(resolved, List.of());

    assertThat(listing.openAlerts(Optional.empty(), 10).items())
        .extracting(RegistryListing.OpenAlert::child)
        .containsExactly(open);
    assertThat(listing.duplicateReviews(Optional.empty(), 10).items())
        .containsExactly(new RegistryListing.DuplicateReview(open, List.of(candidate)));
  }

  @Test
  void pagesTheAccessLogAcrossChildrenInOrder() {
    List<RegistryListing.Read> expected = new ArrayList<>();
    List<ChildNumber> children = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      children.add(ChildNumber.generate(random));
    }
    children.sort((a, b) -> a.toString().compareTo(b.toString()));
    for (ChildNumber child : children) {
      for (int read = 0; read < 3; read++) {
        AccessEntry entry =
            new AccessEntry(new OfficerId("ke.registrar.r"), "printing the card " + read, read);
        registry.appendAccess(child, entry);
        expected.add(new RegistryListing.Read(child, entry));
      }
    }

    List<RegistryListing.Read> seen = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      RegistryListing.Page<RegistryListing.Read> page = listing.accessLog(read -> true, cursor, 2);
      seen.addAll(page.items());
      cursor = page.next();
    } while (cursor.isPresent());

    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void refusesACursorThatIsNotBase64url() {
    assertThatThrownBy(() -> listing.openAlerts(Optional.of("not a cursor!"), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cursor:");
  }

  @Test
  void refusesPageSizesOutOfRange() {
    assertThatThrownBy(() -> listing.openAlerts(Optional.empty(), 0))
        .hasMessageStartingWith("limit");
    assertThatThrownBy(() -> listing.openAlerts(Optional.empty(), RegistryListing.MAX_PAGE + 1))
        .hasMessageStartingWith("limit");
  }

  private static ChildRecord child(ChildNumber number, ChildStatus status) {
    return new ChildRecord(
        number,
        new OrgId("ke-civil-registry"),
        new Jurisdiction("KE"),
        status,
        Hash.sha256(number.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        List.of(),
        1,
        Optional.empty());
  }
}
