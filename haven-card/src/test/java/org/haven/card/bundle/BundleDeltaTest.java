package org.haven.card.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.haven.card.bundle.BundleFixtures.NODE;
import static org.haven.card.bundle.BundleFixtures.NODE_KEY;
import static org.haven.card.bundle.BundleFixtures.attested;
import static org.haven.card.bundle.BundleFixtures.attestedDelta;
import static org.haven.card.bundle.BundleFixtures.checkpoint;
import static org.haven.card.bundle.BundleFixtures.trust;

import java.time.LocalDate;
import java.util.Random;
import java.util.stream.LongStream;
import org.haven.card.bundle.BundleException.Problem;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AlertPriority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deltas over seeded random bundles and changes: applying the delta between two versions to the
 * first gives the second, byte for byte, and a delta with any byte changed fails to decode or to
 * apply. Each case's seed is in its name and in every failure message.
 */
class BundleDeltaTest {
  private static final int SEEDS = 100;

  static LongStream seeds() {
    return LongStream.range(0, SEEDS);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void apply_betweenTwoVersions_givesTheLaterOneByteForByte(long seed) throws BundleException {
    Random random = new Random(seed);
    BundleModel model = BundleModel.random(random);
    VerifierBundle base = model.build(1 + random.nextInt(5), checkpoint(100));
    VerifierBundle next =
        model
            .copy()
            .mutate(random, 15)
            .build(base.version() + 1 + random.nextInt(3), checkpoint(150));

    BundleDelta delta = BundleDelta.between(base, next);
    VerifierBundle applied = BundleDelta.apply(base, delta);

    assertThat(applied.encode()).as("seed %d", seed).isEqualTo(next.encode());
    assertThat(applied.contentDigest()).as("seed %d", seed).isEqualTo(next.contentDigest());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void signedDeltaFile_roundTrips_andAppliesLikeTheDelta(long seed) throws BundleException {
    Random random = new Random(seed);
    BundleModel model = BundleModel.random(random);
    VerifierBundle base = model.build(1, checkpoint(100));
    VerifierBundle next = model.copy().mutate(random, 15).build(2, checkpoint(101));
    BundleDelta delta = BundleDelta.between(base, next);

    BundleDelta read = BundleFile.readDelta(attestedDelta(delta, NODE, NODE_KEY), trust(1));

    assertThat(read.encode()).as("seed %d", seed).isEqualTo(delta.encode());
    assertThat(read.seriesSalt()).isEqualTo(base.seriesSalt());
    assertThat(read.fromVersion()).isEqualTo(1);
    assertThat(read.toVersion()).isEqualTo(2);
    assertThat(read.checkpointNote()).isEqualTo(next.checkpointNote());
    assertThat(BundleDelta.apply(base, read).encode()).as("seed %d", seed).isEqualTo(next.encode());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void deltaFileWithAByteChanged_failsToReadOrToApply(long seed) throws BundleException {
    Random random = new Random(seed);
    BundleModel model = BundleModel.random(random);
    VerifierBundle base = model.build(1, checkpoint(100));
    VerifierBundle next = model.copy().mutate(random, 15).build(2, checkpoint(101));
    // Through the file: the checkpoint note is not in the attested digest, but carries its own
    // signatures, which reading the file checks.
    byte[] encoded = attestedDelta(BundleDelta.between(base, next), NODE, NODE_KEY);

    for (int change = 0; change < 20; change++) {
      int position = random.nextInt(encoded.length);
      byte[] changed = encoded.clone();
      changed[position] ^= (byte) (1 + random.nextInt(255));
      try {
        BundleDelta.apply(base, BundleFile.readDelta(changed, trust(1)));
        fail("seed %d: byte %d changed, and the delta still applied", seed, position);
      } catch (BundleException e) {
        assertThat(e.getMessage()).as("seed %d, byte %d", seed, position).isNotBlank();
      }
    }
  }

  @Test
  void apply_toAnotherVersion_isTheWrongBase() {
    BundleModel model = BundleModel.random(new Random(1));
    VerifierBundle v1 = model.build(1, checkpoint(100));
    VerifierBundle v2 = model.build(2, checkpoint(101));
    VerifierBundle v3 = model.build(3, checkpoint(102));
    BundleDelta delta = BundleDelta.between(v2, v3);

    assertThatThrownBy(() -> BundleDelta.apply(v1, delta))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_BASE))
        .hasMessage("The delta changes version 2, but this bundle is version 1.");
  }

  @Test
  void apply_toAnotherBundleWithTheSameVersion_isTheWrongBase() {
    BundleModel model = BundleModel.random(new Random(2));
    VerifierBundle v2 = model.build(2, checkpoint(101));
    VerifierBundle forked = model.copy().mutate(new Random(3), 5).build(2, checkpoint(999));
    BundleDelta delta = BundleDelta.between(v2, model.build(3, checkpoint(102)));

    assertThatThrownBy(() -> BundleDelta.apply(forked, delta))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_BASE))
        .hasMessageContaining("another bundle with the same version number");
  }

  @Test
  void apply_toAnotherSeries_isTheWrongSeries() {
    BundleModel model = BundleModel.random(new Random(4));
    VerifierBundle v1 = model.build(1, checkpoint(100));
    BundleDelta delta = BundleDelta.between(v1, model.build(2, checkpoint(101)));
    VerifierBundle otherSeries =
        VerifierBundle.builder(
                Hash.sha256(new byte[] {2}).toBytes(), 1, BundleFixtures.CREATED, checkpoint(100))
            .build();

    assertThatThrownBy(() -> BundleDelta.apply(otherSeries, delta))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_SERIES));
  }

  @Test
  void between_refusesAnotherSeriesOrAnEarlierVersion() {
    BundleModel model = BundleModel.random(new Random(5));
    VerifierBundle v1 = model.build(1, checkpoint(100));
    VerifierBundle v2 = model.build(2, checkpoint(101));
    VerifierBundle otherSeries =
        VerifierBundle.builder(
                Hash.sha256(new byte[] {2}).toBytes(), 2, BundleFixtures.CREATED, checkpoint(100))
            .build();

    assertThatThrownBy(() -> BundleDelta.between(v1, otherSeries))
        .hasMessageContaining("different series");
    assertThatThrownBy(() -> BundleDelta.between(v2, v1)).hasMessageContaining("later version");
    assertThatThrownBy(() -> BundleDelta.between(v1, v1)).hasMessageContaining("later version");
  }

  @Test
  void apply_aDeltaPromisingAnotherResult_isAResultMismatch() throws BundleException {
    BundleModel model = BundleModel.random(new Random(6));
    VerifierBundle v1 = model.build(1, checkpoint(100));
    byte[] encoded =
        BundleDelta.between(v1, model.copy().mutate(new Random(7), 5).build(2, checkpoint(101)))
            .encode()
            .toArray();
    encoded[encoded.length - 1] ^= 1;

    BundleDelta promisingOther = BundleDelta.decode(encoded);

    assertThatThrownBy(() -> BundleDelta.apply(v1, promisingOther))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.RESULT_MISMATCH));
  }

  /**
   * A national-scale day: 100,000 children over three issuers, 500 cards revoked, 50 alerts and
   * 1,000 active consents; then 5 more revocations and 3 new alerts. The delta is a small fraction
   * of the full file. docs/border.md reports the sizes.
   */
  @Test
  void delta_forARealisticDay_isAFractionOfTheFullBundle() throws BundleException {
    Random random = new Random(42);
    OrgId[] issuers = {
      new OrgId("registry-ke"), new OrgId("registry-ug"), new OrgId("registry-tz")
    };
    BundleModel withIssuers = new BundleModel();
    for (OrgId issuer : issuers) {
      withIssuers.trust(issuer, BundleFixtures.key(issuer.value()).publicKey());
    }
    for (int i = 0; i < 500; i++) {
      withIssuers.revoke(issuers[random.nextInt(3)], random.nextInt(100_000 / 3));
    }
    for (int i = 0; i < 50; i++) {
      withIssuers.addAlert(
          BundleFixtures.child(random.nextLong()), new ActiveAlert(AlertPriority.HIGH, "Desk 12"));
    }
    for (int i = 0; i < 1_000; i++) {
      withIssuers.addConsent(randomHash(random), LocalDate.ofEpochDay(20_300 + random.nextInt(60)));
    }
    VerifierBundle today = withIssuers.build(10, checkpoint(1_000_000));
    BundleModel tomorrowModel = withIssuers.copy();
    for (int i = 0; i < 5; i++) {
      tomorrowModel.revoke(issuers[random.nextInt(3)], 40_000 + random.nextInt(1_000));
    }
    for (int i = 0; i < 3; i++) {
      tomorrowModel.addAlert(
          BundleFixtures.child(random.nextLong()),
          new ActiveAlert(AlertPriority.CRITICAL, "Desk 12"));
    }
    VerifierBundle tomorrow = tomorrowModel.build(11, checkpoint(1_004_000));

    byte[] full = attested(tomorrow, NODE, NODE_KEY);
    byte[] delta = attestedDelta(BundleDelta.between(today, tomorrow), NODE, NODE_KEY);

    assertThat(BundleDelta.apply(today, BundleFile.readDelta(delta, trust(1))).encode())
        .isEqualTo(tomorrow.encode());
    assertThat(delta.length)
        .as("delta %d bytes, full %d bytes", delta.length, full.length)
        .isLessThan(full.length / 20);
  }

  private static Hash randomHash(Random random) {
    byte[] bytes = new byte[Hash.SIZE];
    random.nextBytes(bytes);
    return Hash.of(bytes);
  }

  @Test
  void toString_countsTheChanges() {
    BundleModel model = BundleModel.random(new Random(8));
    VerifierBundle v1 = model.build(1, checkpoint(100));
    model.addConsent(Hash.sha256(Bytes.EMPTY), LocalDate.parse("2025-09-01"));

    assertThat(BundleDelta.between(v1, model.build(2, checkpoint(101))).toString())
        .contains("version 1 to 2", "1 consent changes");
  }
}
