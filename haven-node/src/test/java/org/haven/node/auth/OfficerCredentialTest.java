package org.haven.node.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.node.auth.CredentialFixture.FAST;
import static org.haven.node.auth.CredentialFixture.PASSWORD;
import static org.haven.node.auth.CredentialFixture.RANDOM;
import static org.haven.node.auth.CredentialFixture.aCredential;

import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.OfficerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OfficerCredentialTest {
  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);

  @Test
  void unlock_withTheRightPassword_givesBackTheSameKey() {
    OfficerCredential credential = aCredential().withKey(key).build();

    Optional<Ed25519PrivateKey> unlocked = credential.unlock(PASSWORD.toCharArray());

    assertThat(unlocked).isPresent();
    assertThat(unlocked.get().seed()).isEqualTo(key.seed());
    assertThat(credential.publicKey()).isEqualTo(key.publicKey());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "correct horse battery stapl",
        "correct horse battery staple ",
        "Correct horse battery staple",
        "",
        "unpaired \uDC00 surrogate"
      })
  void unlock_withAWrongPassword_isEmpty(String wrong) {
    OfficerCredential credential = aCredential().build();

    assertThat(credential.unlock(wrong.toCharArray())).isEmpty();
  }

  @Test
  void create_drawsAFreshSaltAndNonceEachTime() {
    OfficerCredential first = aCredential().withKey(key).build();
    OfficerCredential second = aCredential().withKey(key).build();

    assertThat(second.salt()).isNotEqualTo(first.salt());
    assertThat(second.nonce()).isNotEqualTo(first.nonce());
    assertThat(second.verifier()).isNotEqualTo(first.verifier());
    assertThat(second.encryptedKey()).isNotEqualTo(first.encryptedKey());
  }

  @Test
  void create_doesNotStoreTheSeedInTheClear() {
    OfficerCredential credential = aCredential().withKey(key).build();

    assertThat(credential.encryptedKey().toHex()).doesNotContain(key.seed().toHex());
    assertThat(credential.toJson()).doesNotContain(key.seed().toBase64());
  }

  @Test
  void unlock_aFlippedBitInTheEncryptedKey_isNamedAsDamage() {
    OfficerCredential credential = aCredential().build();
    OfficerCredential tampered =
        new OfficerCredential(
            credential.officer(),
            credential.argon2(),
            credential.salt(),
            credential.verifier(),
            credential.nonce(),
            flipBit(credential.encryptedKey(), 5),
            credential.publicKey());

    assertThatThrownBy(() -> tampered.unlock(PASSWORD.toCharArray()))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("ke.registrar.otieno")
        .hasMessageContaining("damaged or was altered")
        .hasMessageContaining("Restore the credential file");
  }

  @Test
  void unlock_aChangedNonce_isNamedAsDamage() {
    OfficerCredential credential = aCredential().build();
    OfficerCredential tampered =
        new OfficerCredential(
            credential.officer(),
            credential.argon2(),
            credential.salt(),
            credential.verifier(),
            flipBit(credential.nonce(), 0),
            credential.encryptedKey(),
            credential.publicKey());

    assertThatThrownBy(() -> tampered.unlock(PASSWORD.toCharArray()))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("does not decrypt");
  }

  @Test
  void unlock_underAnotherOfficersId_isNamedAsDamage() {
    OfficerCredential otieno = aCredential().build();
    OfficerCredential relabelled =
        new OfficerCredential(
            new OfficerId("ke.registrar.wanjiku"),
            otieno.argon2(),
            otieno.salt(),
            otieno.verifier(),
            otieno.nonce(),
            otieno.encryptedKey(),
            otieno.publicKey());

    assertThatThrownBy(() -> relabelled.unlock(PASSWORD.toCharArray()))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("ke.registrar.wanjiku")
        .hasMessageContaining("does not decrypt");
  }

  @Test
  void unlock_withAnotherPublicKey_isNamedAsAltered() {
    OfficerCredential credential = aCredential().build();
    OfficerCredential swapped =
        new OfficerCredential(
            credential.officer(),
            credential.argon2(),
            credential.salt(),
            credential.verifier(),
            credential.nonce(),
            credential.encryptedKey(),
            key.publicKey());

    assertThatThrownBy(() -> swapped.unlock(PASSWORD.toCharArray()))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("does not match its public key " + key.publicKey().toBase64());
  }

  @Test
  void unlock_aChangedVerifier_looksLikeAWrongPassword() {
    OfficerCredential credential = aCredential().build();
    OfficerCredential tampered =
        new OfficerCredential(
            credential.officer(),
            credential.argon2(),
            credential.salt(),
            flipBit(credential.verifier(), 31),
            credential.nonce(),
            credential.encryptedKey(),
            credential.publicKey());

    assertThat(tampered.unlock(PASSWORD.toCharArray())).isEmpty();
  }

  @Test
  void create_rejectsAPasswordShorterThanFifteenCharacters() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> aCredential().withPassword("fourteen chars").build())
        .withMessage("a password must have at least 15 characters, this one has 14");
  }

  @Test
  void create_acceptsFifteenCharacters_countingCodePointsNotUtf16Units() {
    String fifteenEmoji = "😀".repeat(15);

    OfficerCredential credential = aCredential().withPassword(fifteenEmoji).build();

    assertThat(credential.unlock(fifteenEmoji.toCharArray())).isPresent();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> aCredential().withPassword("😀".repeat(14)).build())
        .withMessageContaining("at least 15 characters, this one has 14");
  }

  @Test
  void create_acceptsTheLongestPassword_andRejectsOneMore() {
    String longest = "x".repeat(OfficerCredential.MAX_PASSWORD_LENGTH);

    assertThat(aCredential().withPassword(longest).build().unlock(longest.toCharArray()))
        .isPresent();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> aCredential().withPassword(longest + "x").build())
        .withMessage("a password must have at most 1024 characters, this one has 1025");
  }

  @Test
  void create_rejectsAnUnpairedSurrogate() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> aCredential().withPassword("long enough \uD83D password").build())
        .withMessageContaining("unpaired surrogate");
  }

  @Test
  void changePassword_withTheRightOldPassword_sealsTheSameKeyUnderTheNewOne() {
    OfficerCredential credential = aCredential().withKey(key).build();
    char[] newPassword = "a different passphrase".toCharArray();

    Optional<OfficerCredential> changed =
        credential.changePassword(PASSWORD.toCharArray(), newPassword, FAST, RANDOM);

    assertThat(changed).isPresent();
    assertThat(changed.get().officer()).isEqualTo(credential.officer());
    assertThat(changed.get().salt()).isNotEqualTo(credential.salt());
    assertThat(changed.get().unlock(newPassword).map(Ed25519PrivateKey::seed)).contains(key.seed());
    assertThat(changed.get().unlock(PASSWORD.toCharArray())).isEmpty();
  }

  @Test
  void changePassword_withAWrongOldPassword_isEmpty() {
    OfficerCredential credential = aCredential().build();

    assertThat(
            credential.changePassword(
                "not the password".toCharArray(),
                "a different passphrase".toCharArray(),
                FAST,
                RANDOM))
        .isEmpty();
  }

  @Test
  void changePassword_toATooShortPassword_isRefusedBeforeUnlocking() {
    OfficerCredential credential = aCredential().build();

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                credential.changePassword(
                    PASSWORD.toCharArray(), "short".toCharArray(), FAST, RANDOM))
        .withMessageContaining("at least 15 characters");
  }

  @Test
  void changePassword_canRaiseTheCost() {
    OfficerCredential credential = aCredential().build();
    Argon2Params dearer = new Argon2Params(512, 2, 1);

    OfficerCredential changed =
        credential
            .changePassword(PASSWORD.toCharArray(), PASSWORD.toCharArray(), dearer, RANDOM)
            .orElseThrow();

    assertThat(changed.argon2()).isEqualTo(dearer);
    assertThat(changed.unlock(PASSWORD.toCharArray())).isPresent();
  }

  @Test
  void toString_revealsNoSecret() {
    OfficerCredential credential = aCredential().withKey(key).build();

    assertThat(credential.toString())
        .contains("ke.registrar.otieno")
        .contains(key.publicKey().toBase64())
        .doesNotContain(credential.salt().toBase64())
        .doesNotContain(credential.verifier().toBase64())
        .doesNotContain(credential.verifier().toHex())
        .doesNotContain(credential.encryptedKey().toBase64())
        .doesNotContain(credential.encryptedKey().toHex())
        .doesNotContain(key.seed().toBase64())
        .doesNotContain(key.seed().toHex())
        .doesNotContain(PASSWORD);
  }

  @Test
  void constructor_rejectsAPartOfTheWrongSize_andNamesIt() {
    OfficerCredential credential = aCredential().build();

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new OfficerCredential(
                    credential.officer(),
                    credential.argon2(),
                    credential.salt(),
                    credential.verifier(),
                    credential.nonce(),
                    credential.encryptedKey().slice(0, 47),
                    credential.publicKey()))
        .withMessage("encryptedKey must be 48 bytes, got 47 bytes");
  }

  private static Bytes flipBit(Bytes bytes, int index) {
    byte[] changed = bytes.toArray();
    changed[index] ^= 1;
    return Bytes.of(changed);
  }
}
