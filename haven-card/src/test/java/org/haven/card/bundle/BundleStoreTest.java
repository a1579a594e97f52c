package org.haven.card.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.card.bundle.BundleFixtures.ISSUER;
import static org.haven.card.bundle.BundleFixtures.ISSUER_FROM;
import static org.haven.card.bundle.BundleFixtures.ISSUER_KEY;
import static org.haven.card.bundle.BundleFixtures.NODE;
import static org.haven.card.bundle.BundleFixtures.NODE_KEY;
import static org.haven.card.bundle.BundleFixtures.SALT;
import static org.haven.card.bundle.BundleFixtures.attested;
import static org.haven.card.bundle.BundleFixtures.attestedDelta;
import static org.haven.card.bundle.BundleFixtures.checkpoint;
import static org.haven.card.bundle.BundleFixtures.child;
import static org.haven.card.bundle.BundleFixtures.trust;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.haven.card.bundle.BundleException.Problem;
import org.haven.core.registry.AlertPriority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device keeps signed files only, replays its deltas, and never goes back to an older bundle. */
class BundleStoreTest {
  @TempDir Path directory;

  private static VerifierBundle version(long version, boolean withAlert) {
    VerifierBundle.Builder bundle =
        VerifierBundle.builder(
                SALT,
                version,
                Instant.parse("2025-06-01T06:00:00Z").plusSeconds(version),
                checkpoint(version))
            .issuer(ISSUER, ISSUER_KEY.publicKey(), ISSUER_FROM);
    if (withAlert) {
      bundle.alert(child(1), AlertPriority.CRITICAL, "Child Protection Desk, Namanga");
    }
    return bundle.build();
  }

  @Test
  void aDeltaIsKeptAsSigned_andReplayedOnLoad() throws Exception {
    BundleStore store = BundleStore.open(directory, trust(1));
    assertThat(store.current()).isEmpty();
    VerifierBundle first = version(10, false);
    VerifierBundle second = version(12, true);

    store.replace(attested(first, NODE, NODE_KEY));
    store.apply(attestedDelta(BundleDelta.between(first, second), NODE, NODE_KEY));

    VerifierBundle reopened = BundleStore.open(directory, trust(1)).current().orElseThrow();
    assertThat(reopened.version()).isEqualTo(12);
    assertThat(reopened.alert(child(1))).isPresent();
    assertThat(reopened.encode()).isEqualTo(second.encode());
  }

  @Test
  void anOlderBundleOrDelta_isRefusedAsARollback() throws Exception {
    BundleStore store = BundleStore.open(directory, trust(1));
    store.replace(attested(version(12, true), NODE, NODE_KEY));

    assertThatThrownBy(() -> store.replace(attested(version(10, false), NODE, NODE_KEY)))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.OLDER_THAN_HELD));
    assertThat(store.current().orElseThrow().alert(child(1))).as("unchanged").isPresent();
  }

  @Test
  void aFullDownload_replacesTheDeltas() throws Exception {
    BundleStore store = BundleStore.open(directory, trust(1));
    VerifierBundle first = version(10, false);
    store.replace(attested(first, NODE, NODE_KEY));
    store.apply(attestedDelta(BundleDelta.between(first, version(11, true)), NODE, NODE_KEY));

    store.replace(attested(version(20, false), NODE, NODE_KEY));

    try (var files = Files.list(directory)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactly("bundle.cbor");
    }
    assertThat(store.current().orElseThrow().version()).isEqualTo(20);
  }

  @Test
  void aDeltaWithoutABundle_orForAnotherBase_isRefused() throws Exception {
    BundleStore store = BundleStore.open(directory, trust(1));
    byte[] delta =
        attestedDelta(BundleDelta.between(version(10, false), version(11, true)), NODE, NODE_KEY);
    assertThatThrownBy(() -> store.apply(delta)).isInstanceOf(BundleException.class);

    store.replace(attested(version(5, false), NODE, NODE_KEY));
    assertThatThrownBy(() -> store.apply(delta))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_BASE));
  }
}
