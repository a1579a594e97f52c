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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.haven.card.CredentialProblem;
import org.haven.card.DocumentDigest;
import org.haven.card.bundle.BundleFixtures;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.registry.TravelConsent;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CrossingRecordTest {
  static final OfficerId OFFICER = new OfficerId("officer.namanga.7");
  static final Ed25519PrivateKey OFFICER_KEY = BundleFixtures.key("officer.namanga.7");
  static final TxSigner SIGNER = new TxSigner(OFFICER, OFFICER_KEY);
  static final Hash CHAIN = Hash.sha256(new byte[] {42});
  private static final String CONSENT_TEXT = "HV1:the consent's QR as scanned";
  private static final int SEEDS = 100;

  static LongStream seeds() {
    return LongStream.range(0, SEEDS);
  }

  @Test
  void of_recordsEveryFieldOfTheDecision() {
    BorderDecision decision =
        check()
            .decide(
                Presentation.exit(aCard().read(), UNCLE, UG).withConsent(aConsent().read()), NOW);

    RecordCrossing record =
        CrossingRecord.of(decision, Optional.empty(), Optional.of(CONSENT_TEXT));

    assertThat(record.checkedAtMillis()).isEqualTo(NOW.toEpochMilli());
    assertThat(record.checkpoint()).isEqualTo("ke-namanga-1");
    assertThat(record.checkpointCountry()).isEqualTo(new Jurisdiction("KE"));
    assertThat(record.direction()).isEqualTo(RecordCrossing.Direction.EXIT);
    assertThat(record.destination()).isEqualTo(UG);
    assertThat(record.child()).isEqualTo(decision.child());
    assertThat(record.outcome()).isEqualTo(RecordCrossing.Outcome.PASS);
    assertThat(record.reasons()).containsExactly("CONSENT_VALID");
    assertThat(record.consent())
        .contains(
            new RecordCrossing.ShownConsent(
                decision.consentId().orElseThrow(), TravelConsent.credentialDigest(CONSENT_TEXT)));
    assertThat(record.companion())
        .contains(UNCLE.digest(aCard().claims().salt()))
        .isNotEqualTo(
            Optional.of(DocumentDigest.of(aCard().claims().salt(), "PASSPORT", "x", "KE")));
    assertThat(record.bundleVersion()).isEqualTo(decision.bundleVersion());
  }

  @Test
  void of_anUnreadableCard_recordsTheProblem_andNoCompanion() {
    BorderDecision decision =
        check()
            .decide(
                Presentation.exit(
                    new org.haven.card.CredentialRead.Invalid<>(
                        CredentialProblem.BAD_SIGNATURE, "altered"),
                    MOTHER,
                    UG),
                NOW);

    RecordCrossing record = CrossingRecord.of(decision, Optional.empty(), Optional.empty());

    assertThat(record.cardProblem()).contains("BAD_SIGNATURE");
    assertThat(record.companion()).isEmpty();
    assertThat(record.child()).isEmpty();
    assertThat(record.outcome()).isEqualTo(RecordCrossing.Outcome.SECONDARY_INSPECTION);
  }

  @Test
  void sign_theSameCheckTwice_isOneTransaction_andAnotherOfficersIsAnother() {
    RecordCrossing record =
        CrossingRecord.of(
            check().decide(Presentation.exit(aCard().read(), MOTHER, UG), NOW),
            Optional.empty(),
            Optional.empty());

    SignedCrossing signed = SignedCrossing.sign(record, SIGNER, CHAIN);

    assertThat(SignedCrossing.sign(record, SIGNER, CHAIN)).isEqualTo(signed);
    assertThat(signed.officer()).isEqualTo(OFFICER);
    OfficerId other = new OfficerId("officer.namanga.8");
    assertThat(
            SignedCrossing.sign(
                    record, new TxSigner(other, BundleFixtures.key(other.value())), CHAIN)
                .id())
        .isNotEqualTo(signed.id());
  }

  @Test
  void signature_verifiesUnderTheOfficersKeyForThisLedgerOnly() {
    SignedCrossing signed = randomSigned(new Random(3));
    Transaction tx = signed.transaction();

    assertThat(tx.signatureValid(CHAIN, tx.endorsements().get(0), OFFICER_KEY.publicKey()))
        .isTrue();
    assertThat(
            tx.signatureValid(
                CHAIN, tx.endorsements().get(0), BundleFixtures.key("someone else").publicKey()))
        .isFalse();
    assertThat(
            tx.signatureValid(
                Hash.sha256(new byte[] {43}), tx.endorsements().get(0), OFFICER_KEY.publicKey()))
        .isFalse();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decode_ofEncode_givesTheSignedRecordBack(long seed) throws DecodeException {
    SignedCrossing signed = randomSigned(new Random(seed));

    SignedCrossing decoded = SignedCrossing.decode(signed.encode());

    assertThat(decoded).as("seed %d", seed).isEqualTo(signed);
    assertThat(decoded.record()).as("seed %d", seed).isEqualTo(signed.record());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decode_ofChangedBytes_failsOrNoLongerVerifies(long seed) {
    Random random = new Random(seed);
    byte[] encoded = randomSigned(random).encode().toArray();

    for (int change = 0; change < 30; change++) {
      byte[] changed = encoded.clone();
      int position = random.nextInt(changed.length);
      changed[position] ^= (byte) (1 + random.nextInt(255));
      try {
        Transaction decoded = SignedCrossing.decode(Bytes.of(changed)).transaction();
        boolean verifies =
            decoded.endorsements().get(0).signer().equals(OFFICER)
                && decoded.signatureValid(
                    CHAIN, decoded.endorsements().get(0), OFFICER_KEY.publicKey());
        assertThat(verifies).as("seed %d, byte %d", seed, position).isFalse();
      } catch (DecodeException e) {
        assertThat(e.getMessage()).as("seed %d, byte %d", seed, position).isNotBlank();
      }
    }
  }

  @Test
  void decode_cutShortAtAnyByte_fails() {
    byte[] encoded = randomSigned(new Random(1)).encode().toArray();

    for (int length = 0; length < encoded.length; length++) {
      byte[] cut = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> SignedCrossing.decode(Bytes.of(cut)))
          .isInstanceOf(DecodeException.class);
    }
  }

  @Test
  void record_refusesNoReasons_andReasonsThatAreNotCodes() {
    RecordCrossing good = randomRecord(new Random(2));

    assertThatThrownBy(() -> withReasons(good, List.of())).hasMessageContaining("reasons");
    assertThatThrownBy(() -> withReasons(good, List.of("consent valid")))
        .hasMessageContaining("reasons");
  }

  private static RecordCrossing withReasons(RecordCrossing record, List<String> reasons) {
    return new RecordCrossing(
        record.child(),
        record.direction(),
        record.checkpoint(),
        record.checkpointCountry(),
        record.destination(),
        record.outcome(),
        reasons,
        record.cardProblem(),
        record.consentProblem(),
        record.consent(),
        record.companion(),
        record.bundleVersion(),
        record.checkedAtMillis());
  }

  /** A random record signed by {@link #OFFICER} for {@link #CHAIN}. */
  static SignedCrossing randomSigned(Random random) {
    return SignedCrossing.sign(randomRecord(random), SIGNER, CHAIN);
  }

  /** A record with every field drawn at random, optional fields present or not. */
  static RecordCrossing randomRecord(Random random) {
    BorderReason[] all = BorderReason.values();
    List<String> reasons = new ArrayList<>();
    for (BorderReason reason : all) {
      if (random.nextInt(4) == 0) {
        reasons.add(reason.name());
      }
    }
    if (reasons.isEmpty()) {
      reasons.add(all[random.nextInt(all.length)].name());
    }
    CredentialProblem[] problems = CredentialProblem.values();
    String[] countries = {"KE", "UG", "TZ", "RW", "FR"};
    return new RecordCrossing(
        random.nextBoolean()
            ? Optional.of(BundleFixtures.child(random.nextLong()))
            : Optional.empty(),
        random.nextBoolean() ? RecordCrossing.Direction.EXIT : RecordCrossing.Direction.ENTRY,
        "post-" + random.nextInt(100),
        new Jurisdiction("KE"),
        new Jurisdiction(countries[random.nextInt(countries.length)]),
        RecordCrossing.Outcome.values()[random.nextInt(RecordCrossing.Outcome.values().length)],
        reasons,
        random.nextBoolean()
            ? Optional.of(problems[random.nextInt(problems.length)].name())
            : Optional.empty(),
        random.nextBoolean()
            ? Optional.of(problems[random.nextInt(problems.length)].name())
            : Optional.empty(),
        random.nextBoolean()
            ? Optional.of(new RecordCrossing.ShownConsent(randomHash(random), randomHash(random)))
            : Optional.empty(),
        random.nextBoolean() ? Optional.of(randomHash(random)) : Optional.empty(),
        random.nextInt(1_000_000),
        1_700_000_000_000L + random.nextInt(1_000_000_000));
  }

  private static Hash randomHash(Random random) {
    byte[] bytes = new byte[Hash.SIZE];
    random.nextBytes(bytes);
    return Hash.of(bytes);
  }
}
