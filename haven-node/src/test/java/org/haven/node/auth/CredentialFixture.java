package org.haven.node.auth;

import java.security.SecureRandom;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.OfficerId;

/**
 * Builds officer credentials for tests: {@code
 * aCredential().forOfficer("ug.clerk.nakato").build()}. Uses the {@link #FAST} Argon2 settings, so
 * a test derives in about a millisecond.
 */
final class CredentialFixture {
  /** 256 KiB, one pass, one lane: far too cheap for real use, and enough to exercise Argon2. */
  static final Argon2Params FAST = new Argon2Params(256, 1, 1);

  static final String PASSWORD = "correct horse battery staple";
  static final SecureRandom RANDOM = new SecureRandom();

  private OfficerId officer = new OfficerId("ke.registrar.otieno");
  private Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
  private String password = PASSWORD;

  private CredentialFixture() {}

  static CredentialFixture aCredential() {
    return new CredentialFixture();
  }

  CredentialFixture forOfficer(String id) {
    officer = new OfficerId(id);
    return this;
  }

  CredentialFixture withKey(Ed25519PrivateKey value) {
    key = value;
    return this;
  }

  CredentialFixture withPassword(String value) {
    password = value;
    return this;
  }

  OfficerCredential build() {
    return OfficerCredential.create(officer, key, password.toCharArray(), FAST, RANDOM);
  }
}
