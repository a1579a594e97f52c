package org.haven.card.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.card.bundle.BundleFixtures.CREATED;
import static org.haven.card.bundle.BundleFixtures.ISSUER;
import static org.haven.card.bundle.BundleFixtures.ISSUER_FROM;
import static org.haven.card.bundle.BundleFixtures.ISSUER_KEY;
import static org.haven.card.bundle.BundleFixtures.SALT;
import static org.haven.card.bundle.BundleFixtures.aBundle;
import static org.haven.card.bundle.BundleFixtures.checkpoint;
import static org.haven.card.bundle.BundleFixtures.child;
import static org.haven.card.bundle.BundleFixtures.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import org.haven.card.TrustList;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.NoteSigner;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;

class VerifierBundleTest {
  private static final OrgId OTHER_ISSUER = new OrgId("registry-ug");

  /** A card hash that no bundle here marks. */
  private static final Hash ANY_CARD = Hash.sha256(new byte[] {42});

  @Test
  void kid_isTheFirstEightBytesOfSha256OfTheRawKey() throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(ISSUER_KEY.publicKey().bytes().toArray());

    assertThat(TrustEntry.kidOf(ISSUER_KEY.publicKey()))
        .isEqualTo(Bytes.of(digest, 0, TrustEntry.KID_SIZE));
  }

  @Test
  void issuer_findsTheKeyByKid_onlyWhileItIsValid() {
    Ed25519PrivateKey retired = key("registry-ug retired key");
    Instant retiredAt = Instant.parse("2025-01-01T00:00:00Z");
    VerifierBundle bundle =
        aBundle().issuer(OTHER_ISSUER, retired.publicKey(), ISSUER_FROM, retiredAt).build();
    Bytes kid = TrustEntry.kidOf(retired.publicKey());

    assertThat(bundle.issuer(kid, ISSUER_FROM, ANY_CARD))
        .contains(new TrustList.Issuer(OTHER_ISSUER, retired.publicKey()));
    assertThat(bundle.issuer(kid, retiredAt.minusSeconds(1), ANY_CARD)).isPresent();
    assertThat(bundle.issuer(kid, retiredAt, ANY_CARD)).isEmpty();
    assertThat(bundle.issuer(kid, ISSUER_FROM.minusSeconds(1), ANY_CARD)).isEmpty();
    assertThat(bundle.issuer(TrustEntry.kidOf(ISSUER_KEY.publicKey()), retiredAt, ANY_CARD))
        .contains(new TrustList.Issuer(ISSUER, ISSUER_KEY.publicKey()));
  }

  @Test
  void issuer_unknownKid_isEmpty() {
    VerifierBundle bundle = aBundle().build();

    assertThat(bundle.issuer(Bytes.fromHex("0001020304050607"), CREATED, ANY_CARD)).isEmpty();
  }

  @Test
  void isRevoked_isTrueForRevokedIndexesOnly_andGrowsTheListToCoverThem() {
    VerifierBundle bundle =
        aBundle().revoked(ISSUER, 0).revoked(ISSUER, 7).revoked(ISSUER, 200_000).build();

    assertThat(bundle.isRevoked(ISSUER, 0)).isTrue();
    assertThat(bundle.isRevoked(ISSUER, 7)).isTrue();
    assertThat(bundle.isRevoked(ISSUER, 200_000)).isTrue();
    assertThat(bundle.isRevoked(ISSUER, 1)).isFalse();
    assertThat(bundle.isRevoked(ISSUER, 199_999)).isFalse();
    assertThat(bundle.isRevoked(ISSUER, 262_144)).isFalse();
    assertThat(bundle.statusLists().get(ISSUER).bitLength()).isEqualTo(262_144);
  }

  @Test
  void isRevoked_anIssuerWithoutRevocations_hasTheMinimumW3cList() {
    VerifierBundle bundle = aBundle().build();

    assertThat(bundle.isRevoked(ISSUER, 5)).isFalse();
    assertThat(bundle.statusLists().get(ISSUER).bitLength()).isEqualTo(131_072);
  }

  @Test
  void isRevoked_forAnOrganisationThatIsNotAnIssuer_isRefused() {
    VerifierBundle bundle = aBundle().build();

    assertThat(bundle.isIssuer(OTHER_ISSUER)).isFalse();
    assertThatThrownBy(() -> bundle.isRevoked(OTHER_ISSUER, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an issuer");
  }

  @Test
  void alert_isFoundByChildNumber_andOnlyForThatChild() {
    ChildNumber missing = child(1);
    VerifierBundle bundle =
        aBundle()
            .alert(missing, AlertPriority.CRITICAL, "Child Protection Desk +254 20 000")
            .build();

    assertThat(bundle.alert(missing))
        .contains(new ActiveAlert(AlertPriority.CRITICAL, "Child Protection Desk +254 20 000"));
    assertThat(bundle.alert(child(2))).isEmpty();
  }

  @Test
  void alertKey_isSha256OfSaltAndCanonicalDigits_andTheEncodingHoldsNoChildNumber()
      throws Exception {
    ChildNumber missing = child(3);
    VerifierBundle bundle = aBundle().alert(missing, AlertPriority.HIGH, "Desk 7").build();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update(SALT.toArray());
    Hash expected = Hash.of(sha256.digest(missing.toString().getBytes(StandardCharsets.US_ASCII)));
    String encoding = new String(bundle.encode().toArray(), StandardCharsets.ISO_8859_1);

    assertThat(bundle.alerts()).containsOnlyKeys(expected);
    assertThat(encoding)
        .doesNotContain(missing.toString())
        .doesNotContain(missing.display())
        .doesNotContain(HexFormat.of().formatHex(missing.toString().getBytes()));
  }

  @Test
  void consentActive_throughItsLastDay_andNotAfter() {
    Hash consent = Hash.sha256(new byte[] {1});
    LocalDate lastDay = LocalDate.parse("2025-07-31");
    VerifierBundle bundle = aBundle().consent(consent, lastDay).build();

    assertThat(bundle.consentActive(consent, lastDay)).isTrue();
    assertThat(bundle.consentActive(consent, lastDay.minusDays(30))).isTrue();
    assertThat(bundle.consentActive(consent, lastDay.plusDays(1))).isFalse();
    assertThat(bundle.consentActive(Hash.sha256(new byte[] {2}), lastDay)).isFalse();
    assertThat(bundle.consentValidUntil(consent)).contains(lastDay);
  }

  @Test
  void age_isTheTimeSinceCreation_negativeBeforeIt() {
    VerifierBundle bundle = aBundle().build();

    assertThat(bundle.age(CREATED.plus(Duration.ofDays(3)))).isEqualTo(Duration.ofDays(3));
    assertThat(bundle.age(CREATED.minusSeconds(60))).isEqualTo(Duration.ofSeconds(-60));
  }

  @Test
  void checkpoint_isParsedFromTheSignedNote() {
    VerifierBundle bundle = aBundle().build();

    assertThat(bundle.checkpoint().treeSize()).isEqualTo(100);
    assertThat(bundle.checkpoint().body()).isEqualTo(checkpoint(100).text());
  }

  @Test
  void createdAtAndValidity_areKeptToTheSecond() {
    VerifierBundle bundle =
        VerifierBundle.builder(SALT, 1, CREATED.plusMillis(999), checkpoint(1))
            .issuer(ISSUER, ISSUER_KEY.publicKey(), ISSUER_FROM.plusNanos(5))
            .build();

    assertThat(bundle.createdAt()).isEqualTo(CREATED);
    assertThat(bundle.trustEntries().get(0).validFrom()).isEqualTo(ISSUER_FROM);
  }

  @Test
  void builder_refusesRevocationsOfAnOrganisationWithoutIssuerKey() {
    VerifierBundle.Builder builder = aBundle().revoked(OTHER_ISSUER, 3);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registry-ug has no issuer key");
  }

  @Test
  void builder_refusesRepeatsAndBadValues() {
    ChildNumber missing = child(4);
    Hash consent = Hash.sha256(new byte[] {3});
    VerifierBundle.Builder builder =
        aBundle().alert(missing, AlertPriority.LOW, "Desk").consent(consent, LocalDate.MAX);

    assertThatThrownBy(() -> builder.issuer(ISSUER, ISSUER_KEY.publicKey(), ISSUER_FROM))
        .hasMessageContaining("already trusted");
    assertThatThrownBy(() -> builder.alert(missing, AlertPriority.HIGH, "Desk"))
        .hasMessageContaining("already has an alert");
    assertThatThrownBy(() -> builder.consent(consent, LocalDate.MAX))
        .hasMessageContaining("already listed");
    assertThatThrownBy(() -> builder.revoked(ISSUER, -1)).hasMessageContaining("statusIndex");
    assertThatThrownBy(() -> builder.revoked(ISSUER, 1L << 28)).hasMessageContaining("statusIndex");
    assertThatThrownBy(() -> builder.alert(child(5), AlertPriority.LOW, "line\nbreak"))
        .hasMessageContaining("contactPoint");
    assertThatThrownBy(() -> builder.issuer(ISSUER, key("k").publicKey(), ISSUER_FROM, ISSUER_FROM))
        .hasMessageContaining("validUntil");
  }

  @Test
  void builder_refusesASaltOfTheWrongSize_andANoteThatIsNotACheckpoint() {
    VerifierBundle.Builder shortSalt =
        VerifierBundle.builder(Bytes.of(new byte[16]), 1, CREATED, checkpoint(1));
    VerifierBundle.Builder notACheckpoint =
        VerifierBundle.builder(
            SALT, 1, CREATED, new NoteSigner("node-ke", ISSUER_KEY).sign("hello\n"));

    assertThatThrownBy(shortSalt::build).hasMessageContaining("series salt");
    assertThatThrownBy(notACheckpoint::build).hasMessageContaining("line 2");
  }

  @Test
  void encode_isTheSameForTheSameContents_inAnyOrderOfBuilding() {
    ChildNumber a = child(6);
    ChildNumber b = child(7);
    Ed25519PrivateKey second = key("second issuer key");
    VerifierBundle one =
        aBundle()
            .issuer(OTHER_ISSUER, second.publicKey(), ISSUER_FROM)
            .revoked(ISSUER, 9)
            .revoked(OTHER_ISSUER, 4)
            .alert(a, AlertPriority.LOW, "Desk A")
            .alert(b, AlertPriority.HIGH, "Desk B")
            .build();
    VerifierBundle two =
        VerifierBundle.builder(SALT, 1, CREATED, checkpoint(100))
            .alert(b, AlertPriority.HIGH, "Desk B")
            .issuer(OTHER_ISSUER, second.publicKey(), ISSUER_FROM)
            .revoked(OTHER_ISSUER, 4)
            .alert(a, AlertPriority.LOW, "Desk A")
            .issuer(ISSUER, ISSUER_KEY.publicKey(), ISSUER_FROM)
            .revoked(ISSUER, 9)
            .build();

    assertThat(two.encode()).isEqualTo(one.encode());
    assertThat(two.contentDigest()).isEqualTo(one.contentDigest());
  }

  @Test
  void newSeriesSalt_drawsSaltSizeRandomBytes() {
    Bytes salt = VerifierBundle.newSeriesSalt(new SecureRandom());

    assertThat(salt.size()).isEqualTo(VerifierBundle.SALT_SIZE);
    assertThat(salt).isNotEqualTo(VerifierBundle.newSeriesSalt(new SecureRandom()));
  }
}
