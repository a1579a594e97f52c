package org.haven.card.border;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.card.border.BorderFixtures.MOTHER;
import static org.haven.card.border.BorderFixtures.NOW;
import static org.haven.card.border.BorderFixtures.UG;
import static org.haven.card.border.BorderFixtures.UNCLE;
import static org.haven.card.border.BorderFixtures.aCard;
import static org.haven.card.border.BorderFixtures.aConsent;
import static org.haven.card.border.BorderFixtures.check;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.haven.card.CredentialProblem;
import org.haven.card.bundle.BundleFixtures;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CrossingRecordTest {
  private static final OfficerId OFFICER = new OfficerId("officer.namanga.7");
  private static final Ed25519PrivateKey OFFICER_KEY = BundleFixtures.key("officer.namanga.7");
  private static final int SEEDS = 100;

  static LongStream seeds() {
    return LongStream.range(0, SEEDS);
  }

  @Test
  void of_recordsWhatTheDecisionSays() {
    BorderDecision decision =
        check()
            .decide(
                Presentation.exit(aCard().read(), UNCLE, UG).withConsent(aConsent().read()), NOW);

    CrossingRecord record = CrossingRecord.of(decision, OFFICER);

    assertThat(record.checkedAt()).isEqualTo(NOW);
    assertThat(record.officer()).isEqualTo(OFFICER);
    assertThat(record.checkpointId()).isEqualTo("ke-namanga-1");
    assertThat(record.direction()).isEqualTo(Direction.EXIT);
    assertThat(record.destination()).isEqualTo(UG);
    assertThat(record.child()).isEqualTo(decision.child());
    assertThat(record.outcome()).isEqualTo(Outcome.PASS);
    assertThat(record.reasons()).containsExactly(BorderReason.CONSENT_VALID);
    assertThat(record.consentId()).isEqualTo(decision.consentId());
    assertThat(record.bundleVersion()).isEqualTo(decision.bundleVersion());
  }

  @Test
  void id_isSha256OfTheCanonicalEncoding_andTheSameForTheSameCheck() throws Exception {
    BorderDecision decision = check().decide(Presentation.exit(aCard().read(), MOTHER, UG), NOW);
    CrossingRecord record = CrossingRecord.of(decision, OFFICER);
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(record.encode().toArray());

    assertThat(record.id()).isEqualTo(Hash.of(expected));
    assertThat(CrossingRecord.of(decision, OFFICER).sign(OFFICER_KEY).id()).isEqualTo(record.id());
    assertThat(CrossingRecord.of(decision, new OfficerId("officer.namanga.8")).id())
        .isNotEqualTo(record.id());
  }

  @Test
  void signature_verifiesUnderTheOfficersKeyOnly() {
    CrossingRecord record =
        CrossingRecord.of(
            check().decide(Presentation.exit(aCard().read(), MOTHER, UG), NOW), OFFICER);

    SignedCrossing signed = record.sign(OFFICER_KEY);

    assertThat(signed.verify(OFFICER_KEY.publicKey())).isTrue();
    assertThat(signed.verify(BundleFixtures.key("someone else").publicKey())).isFalse();
    SignedCrossing altered =
        new SignedCrossing(
            CrossingRecord.of(
                check().decide(Presentation.exit(aCard().read(), MOTHER, UG), NOW.plusSeconds(1)),
                OFFICER),
            signed.signature());
    assertThat(altered.verify(OFFICER_KEY.publicKey())).isFalse();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decode_ofEncode_givesTheRecordBack(long seed) throws DecodeException {
    SignedCrossing signed = randomRecord(new Random(seed)).sign(OFFICER_KEY);

    SignedCrossing decoded = SignedCrossing.decode(signed.encode());

    assertThat(decoded).as("seed %d", seed).isEqualTo(signed);
    assertThat(decoded.verify(OFFICER_KEY.publicKey())).as("seed %d", seed).isTrue();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decode_ofChangedBytes_failsOrGivesARecordWithThoseExactBytes(long seed) {
    Random random = new Random(seed);
    byte[] encoded = randomRecord(random).encode().toArray();

    for (int change = 0; change < 30; change++) {
      byte[] changed = encoded.clone();
      int position = random.nextInt(changed.length);
      changed[position] ^= (byte) (1 + random.nextInt(255));
      try {
        CrossingRecord decoded = CrossingRecord.decode(Bytes.of(changed));
        assertThat(decoded.encode().toArray())
            .as("seed %d, byte %d", seed, position)
            .isEqualTo(changed);
      } catch (DecodeException e) {
        assertThat(e.getMessage()).as("seed %d, byte %d", seed, position).isNotBlank();
      }
    }
  }

  @Test
  void decode_cutShortAtAnyByte_fails() {
    byte[] encoded = randomRecord(new Random(1)).sign(OFFICER_KEY).encode().toArray();

    for (int length = 0; length < encoded.length; length++) {
      byte[] cut = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> SignedCrossing.decode(Bytes.of(cut)))
          .isInstanceOf(DecodeException.class);
    }
  }

  @Test
  void record_refusesReasonsOutOfOrderOrRepeated_andAnEmptyList() {
    CrossingRecord good = randomRecord(new Random(2));

    assertThatThrownBy(
            () ->
                withReasons(
                    good, List.of(BorderReason.CONSENT_VALID, BorderReason.COMPANION_IS_GUARDIAN)))
        .hasMessageContaining("in order");
    assertThatThrownBy(
            () ->
                withReasons(good, List.of(BorderReason.CONSENT_VALID, BorderReason.CONSENT_VALID)))
        .hasMessageContaining("without repeats");
    assertThatThrownBy(() -> withReasons(good, List.of())).hasMessageContaining("always has one");
  }

  private static CrossingRecord withReasons(CrossingRecord record, List<BorderReason> reasons) {
    return new CrossingRecord(
        record.checkedAt(),
        record.officer(),
        record.checkpointId(),
        record.direction(),
        record.destination(),
        record.child(),
        record.outcome(),
        reasons,
        record.cardProblem(),
        record.consentProblem(),
        record.consentId(),
        record.bundleVersion());
  }

  /** A record with every field drawn at random, optional fields present or not. */
  static CrossingRecord randomRecord(Random random) {
    BorderReason[] all = BorderReason.values();
    List<BorderReason> reasons = new ArrayList<>();
    for (BorderReason reason : all) {
      if (random.nextInt(4) == 0) {
        reasons.add(reason);
      }
    }
    if (reasons.isEmpty()) {
      reasons.add(all[random.nextInt(all.length)]);
    }
    CredentialProblem[] problems = CredentialProblem.values();
    String[] countries = {"KE", "UG", "TZ", "RW", "FR"};
    byte[] consent = new byte[Hash.SIZE];
    random.nextBytes(consent);
    return new CrossingRecord(
        Instant.ofEpochSecond(
            1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000_000)),
        new OfficerId("officer." + random.nextInt(1000)),
        "post-" + random.nextInt(100),
        random.nextBoolean() ? Direction.EXIT : Direction.ENTRY,
        new Jurisdiction(countries[random.nextInt(countries.length)]),
        random.nextBoolean()
            ? Optional.of(BundleFixtures.child(random.nextLong()))
            : Optional.empty(),
        Outcome.values()[random.nextInt(Outcome.values().length)],
        reasons,
        random.nextBoolean()
            ? Optional.of(problems[random.nextInt(problems.length)])
            : Optional.empty(),
        random.nextBoolean()
            ? Optional.of(problems[random.nextInt(problems.length)])
            : Optional.empty(),
        random.nextBoolean() ? Optional.of(Hash.of(consent)) : Optional.empty(),
        random.nextInt(1_000_000));
  }
}
