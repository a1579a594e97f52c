package org.haven.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.OfficerId;

/**
 * An officer's login session as it stood when it was opened or last found: who, the signing key
 * unlocked at login, the CSRF token that state-changing requests must echo, and the instant it
 * expires unless used again. {@link #toString()} shows neither the key nor the CSRF token.
 */
public record Session(
    OfficerId officer, Ed25519PrivateKey signingKey, String csrfToken, Instant expiresAt) {

  /** Whether {@code presented} is this session's CSRF token, compared in constant time. */
  public boolean csrfMatches(String presented) {
    return presented != null
        && MessageDigest.isEqual(
            csrfToken.getBytes(StandardCharsets.US_ASCII),
            presented.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "Session[officer=" + officer + ", expiresAt=" + expiresAt + "]";
  }
}
