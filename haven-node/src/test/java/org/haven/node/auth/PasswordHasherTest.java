package org.haven.node.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.haven.core.bytes.Bytes;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private static final Bytes SALT =
      Bytes.of("saltsaltsaltsalt".getBytes(StandardCharsets.US_ASCII));

  /**
   * RFC 9106 section 5.3, the Argon2id test vector: version 0x13, 32 KiB, 3 passes, 4 lanes, a
   * 32-byte tag; password 32 bytes of 0x01, salt 16 of 0x02, secret 8 of 0x03, associated data 12
   * of 0x04. The tag is copied from the RFC.
   */
  @Test
  void argon2id_matchesRfc9106Section5_3() {
    byte[] tag = new byte[32];

    PasswordHasher.argon2id(
        filled(32, 0x01),
        filled(16, 0x02),
        filled(8, 0x03),
        filled(12, 0x04),
        new Argon2Params(32, 3, 4),
        tag);

    assertThat(Bytes.of(tag).toHex())
        .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
  }

  /**
   * The whole derivation, password as UTF-8 included, against the Argon2 reference implementation's
   * command line (Debian package argon2 0~20171227-0.3+deb12u1):
   *
   * <pre>
   * printf '%s' 'pässwörd 日本 😀' | argon2 saltsaltsaltsalt -id -t 1 -m 8 -p 1 -l 64 -r
   * </pre>
   */
  @Test
  void derive_encodesThePasswordAsUtf8_likeTheReferenceImplementation() {
    String expected =
        "8bd2e5bbb5671f5eec7915fda0d01c893143532fa5759c51d2896e4fbc7f412c"
            + "62ccf843d349f4a3865827796e5b362e3d9f4a610347c889bc62fe30e7f39df9";

    PasswordHasher.Derived derived =
        PasswordHasher.derive("pässwörd 日本 😀".toCharArray(), SALT, CredentialFixture.FAST);

    assertThat(derived.verifier().toHex()).isEqualTo(expected.substring(0, 64));
    assertThat(derived.keyEncryptionKey().toHex()).isEqualTo(expected.substring(64));
  }

  /**
   * {@link Argon2Params#DEFAULT} against the reference command line:
   *
   * <pre>
   * printf '%s' 'correct horse battery staple' \
   *   | argon2 saltsaltsaltsalt -id -t 2 -k 19456 -p 1 -l 64 -r
   * </pre>
   */
  @Test
  void derive_withDefaultParams_matchesTheReferenceImplementation() {
    PasswordHasher.Derived derived =
        PasswordHasher.derive(CredentialFixture.PASSWORD.toCharArray(), SALT, Argon2Params.DEFAULT);

    assertThat(derived.verifier().concat(derived.keyEncryptionKey()).toHex())
        .isEqualTo(
            "633cae27c232a631a72c656a8413ef31677791f963d8c79621fda70db3545461"
                + "76d9ff2bd887f686bce0764593cad64359bd61ad85b479353fe14083daed35f4");
  }

  @Test
  void derive_dependsOnTheSaltAndTheCost() {
    char[] password = CredentialFixture.PASSWORD.toCharArray();
    Bytes otherSalt = Bytes.of(filled(16, 0x02));

    PasswordHasher.Derived derived = PasswordHasher.derive(password, SALT, CredentialFixture.FAST);

    assertThat(PasswordHasher.derive(password, otherSalt, CredentialFixture.FAST))
        .isNotEqualTo(derived);
    assertThat(PasswordHasher.derive(password, SALT, new Argon2Params(256, 2, 1)))
        .isNotEqualTo(derived);
    assertThat(PasswordHasher.derive(password, SALT, CredentialFixture.FAST)).isEqualTo(derived);
  }

  @Test
  void derive_leavesThePasswordArrayAsItWas() {
    char[] password = CredentialFixture.PASSWORD.toCharArray();

    PasswordHasher.derive(password, SALT, CredentialFixture.FAST);

    assertThat(password).containsExactly(CredentialFixture.PASSWORD.toCharArray());
  }

  @Test
  void derive_rejectsASaltOfTheWrongSize() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                PasswordHasher.derive(
                    CredentialFixture.PASSWORD.toCharArray(),
                    Bytes.of(filled(15, 0x02)),
                    CredentialFixture.FAST))
        .withMessageContaining("16 bytes");
  }

  @Test
  void derive_rejectsAnUnpairedSurrogate() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                PasswordHasher.derive(
                    "password\uD800word".toCharArray(), SALT, CredentialFixture.FAST))
        .withMessageContaining("unpaired surrogate");
  }

  @Test
  void derived_toStringRevealsNeitherHalf() {
    PasswordHasher.Derived derived =
        PasswordHasher.derive(
            CredentialFixture.PASSWORD.toCharArray(), SALT, CredentialFixture.FAST);

    assertThat(derived.toString())
        .doesNotContain(derived.verifier().toHex())
        .doesNotContain(derived.keyEncryptionKey().toHex())
        .doesNotContain(derived.verifier().toHex().substring(0, 8))
        .doesNotContain(derived.keyEncryptionKey().toHex().substring(0, 8));
  }

  private static byte[] filled(int size, int value) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
