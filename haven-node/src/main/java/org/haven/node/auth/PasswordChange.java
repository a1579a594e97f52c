package org.haven.node.auth;

import java.time.Duration;

/** The outcome of {@link Authenticator#changePassword}. */
public sealed interface PasswordChange {

  /** The key is sealed under the new password; the old one no longer unlocks it. */
  record Changed() implements PasswordChange {}

  /** The current password given is wrong; it counted as a failed login. Nothing changed. */
  record WrongPassword() implements PasswordChange {}

  /**
   * Too many recent failures for this officer from this address, or from this address; no password
   * was checked and nothing changed.
   *
   * @param retryAfter how long until it may be tried again
   */
  record Throttled(Duration retryAfter) implements PasswordChange {}
}
