package org.haven.card.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.haven.card.bundle.BundleFixtures.CREATED;
import static org.haven.card.bundle.BundleFixtures.SALT;
import static org.haven.card.bundle.BundleFixtures.checkpoint;
import static org.haven.card.bundle.BundleFixtures.signedAndRead;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.haven.card.CardClaims;
import org.haven.card.CredentialCodec;
import org.haven.card.CredentialProblem;
import org.haven.card.CredentialRead;
import org.haven.card.codec.Base45;
import org.haven.card.codec.CborWriter;
import org.haven.card.codec.Zlib;
import org.haven.card.cose.CoseSign1;
import org.haven.card.cwt.CwtWriter;
import org.haven.card.testing.TestCards;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;

/**
 * Which issuer key may have signed a card, read through the real codec against a bundle written,
 * signed and read back as a device holds it: keys with intervals from the ledger's history, keys
 * reported compromised, cards revoked on their own, and the card lifetime policy.
 */
class CardTrustTest {
  private static final Ed25519PrivateKey OLD_KEY = TestCards.ISSUER_KEY;
  private static final Ed25519PrivateKey NEW_KEY = TestCards.OTHER_KEY;
  private static final Instant FOUNDED = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant ROTATED = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private static String cardSignedBy(Ed25519PrivateKey key, Instant issuedAt) {
    CardClaims claims =
        TestCards.aCard()
            .issuedAt(issuedAt)
            .expiresAt(issuedAt.plus(1000, ChronoUnit.DAYS))
            .build();
    return CredentialCodec.issueCard(claims, key);
  }

  /** A rotation at {@link #ROTATED}; the old key reported compromised if {@code compromised}. */
  private static VerifierBundle.Builder rotated(boolean compromised) {
    return VerifierBundle.builder(SALT, 1, CREATED, checkpoint(100))
        .issuer(
            new TrustEntry(
                TestCards.ISSUER, OLD_KEY.publicKey(), FOUNDED, Optional.of(ROTATED), compromised))
        .issuer(TestCards.ISSUER, NEW_KEY.publicKey(), ROTATED);
  }

  private static CredentialRead<CardClaims> read(String card, VerifierBundle bundle) {
    return CredentialCodec.readCard(card, signedAndRead(bundle), NOW);
  }

  private static CredentialProblem problem(CredentialRead<?> read) {
    assertThat(read).isInstanceOf(CredentialRead.Invalid.class);
    return ((CredentialRead.Invalid<?>) read).problem();
  }

  @Test
  void afterARotation_theOldKeysCardsFromBeforeStayValid_andItsCardsDatedAfterAreRefused() {
    VerifierBundle bundle = rotated(false).build();

    assertThat(read(cardSignedBy(OLD_KEY, ROTATED.minusSeconds(60)), bundle))
        .isInstanceOf(CredentialRead.Valid.class);
    assertThat(problem(read(cardSignedBy(OLD_KEY, ROTATED.plusSeconds(60)), bundle)))
        .isEqualTo(CredentialProblem.UNKNOWN_ISSUER);
    assertThat(read(cardSignedBy(NEW_KEY, ROTATED.plusSeconds(60)), bundle))
        .isInstanceOf(CredentialRead.Valid.class);
    assertThat(problem(read(cardSignedBy(NEW_KEY, ROTATED.minusSeconds(60)), bundle)))
        .as("the new key signs nothing dated before it was the member's")
        .isEqualTo(CredentialProblem.UNKNOWN_ISSUER);
  }

  @Test
  void aCompromisedKey_signsOnlyTheCardsTheLedgerRecordedBeforeTheReport_whateverTheirDate() {
    String recorded = cardSignedBy(OLD_KEY, ROTATED.minus(100, ChronoUnit.DAYS));
    String backdated = cardSignedBy(OLD_KEY, ROTATED.minus(50, ChronoUnit.DAYS));
    VerifierBundle bundle =
        rotated(true).recordedBeforeCompromise(CredentialCodec.signedHash(recorded)).build();

    assertThat(read(recorded, bundle)).isInstanceOf(CredentialRead.Valid.class);
    assertThat(problem(read(backdated, bundle)))
        .as("minted with the stolen key and dated inside the key's interval")
        .isEqualTo(CredentialProblem.UNKNOWN_ISSUER);
  }

  @Test
  void aRevokedCard_isRefusedAsRevoked_andTheChildsOtherCardsAreNot() {
    String lost = cardSignedBy(OLD_KEY, ROTATED.minus(10, ChronoUnit.DAYS));
    String replacement = cardSignedBy(OLD_KEY, ROTATED.minus(9, ChronoUnit.DAYS));
    VerifierBundle bundle = rotated(false).revokedCard(CredentialCodec.signedHash(lost)).build();

    assertThat(problem(read(lost, bundle))).isEqualTo(CredentialProblem.REVOKED);
    assertThat(read(replacement, bundle)).isInstanceOf(CredentialRead.Valid.class);
  }

  @Test
  void aRevokedCard_rewrappedWithAnotherUnprotectedHeader_isStillRevoked() {
    String lost = cardSignedBy(OLD_KEY, ROTATED.minus(10, ChronoUnit.DAYS));
    byte[] cose = Zlib.inflate(Base45.decode(lost, 4, lost.length()), 65536);
    CoseSign1 message = CoseSign1.decode(cose);
    byte[] rewrapped =
        new CborWriter()
            .tag(CoseSign1.TAG)
            .array(4)
            .bytes(message.protectedHeader())
            .map(2)
            .key(CoseSign1.HEADER_KID)
            .bytes(message.kid())
            .key(99)
            .text("re-wrapped")
            .end()
            .bytes(
                message.<byte[]>readPayload((data, offset, length) -> copy(data, offset, length)))
            .bytes(message.signature().bytes())
            .end()
            .toByteArray();
    String disguised = CredentialCodec.PREFIX + Base45.encode(Zlib.compress(rewrapped));
    VerifierBundle bundle = rotated(false).revokedCard(CredentialCodec.signedHash(lost)).build();

    assertThat(disguised).isNotEqualTo(lost);
    assertThat(problem(read(disguised, bundle))).isEqualTo(CredentialProblem.REVOKED);
  }

  @Test
  void aCardValidLongerThanFiveYears_isRefused_evenSignedByATrustedKey() {
    Instant issued = ROTATED.minus(10, ChronoUnit.DAYS);
    CardClaims tooLong =
        TestCards.aCard()
            .issuedAt(issued)
            .expiresAt(CardClaims.latestExpiry(issued).plusSeconds(1))
            .build();
    String forged =
        CredentialCodec.PREFIX
            + Base45.encode(Zlib.compress(CoseSign1.sign(CwtWriter.card(tooLong), OLD_KEY)));
    CardClaims longest =
        TestCards.aCard().issuedAt(issued).expiresAt(CardClaims.latestExpiry(issued)).build();

    assertThat(problem(read(forged, rotated(false).build())))
        .isEqualTo(CredentialProblem.LIFETIME_OVER_POLICY);
    assertThat(read(CredentialCodec.issueCard(longest, OLD_KEY), rotated(false).build()))
        .isInstanceOf(CredentialRead.Valid.class);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CredentialCodec.issueCard(tooLong, OLD_KEY))
        .withMessageContaining("at most P5Y");
  }

  @Test
  void signedHash_isTheHashOfTheSigStructure_notOfTheWholeMessage() {
    String card = cardSignedBy(OLD_KEY, ROTATED);
    CoseSign1 message =
        CoseSign1.decode(Zlib.inflate(Base45.decode(card, 4, card.length()), 65536));

    assertThat(CredentialCodec.signedHash(card)).isEqualTo(message.signedHash());
    assertThat(
            CredentialCodec.signedHash(
                CredentialCodec.issueCard(
                    TestCards.aCard()
                        .issuedAt(ROTATED)
                        .expiresAt(ROTATED.plus(1000, ChronoUnit.DAYS))
                        .salt(TestCards.salt(7))
                        .build(),
                    OLD_KEY)))
        .as("another card, another hash")
        .isNotEqualTo(message.signedHash());
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CredentialCodec.signedHash("HC1:6BFOXN"))
        .withMessageContaining("HV1:");
  }

  private static byte[] copy(byte[] data, int offset, int length) {
    byte[] out = new byte[length];
    System.arraycopy(data, offset, out, 0, length);
    return out;
  }
}
