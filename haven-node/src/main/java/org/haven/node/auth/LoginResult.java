package org.haven.node.auth;

import java.time.Duration;

/** The outcome of {@link Authenticator#login}. */
public sealed interface LoginResult {

  /**
   * The password was right: a session is open. {@link #toString()} does not show the token.
   *
   * @param session the new session
   * @param token the bearer token that addresses it; give it to the client and keep no copy
   */
  record Success(Session session, String token) implements LoginResult {
    @Override
    public String toString() {
      return "Success[" + session + "]";
    }
  }

  /**
   * The officer is unknown or the password is wrong. The two are deliberately not told apart, so a
   * login form cannot be used to find out which officers exist.
   */
  record Failed() implements LoginResult {}

  /**
   * Too many recent failures for this officer or this address; no password was checked.
   *
   * @param retryAfter how long until a login may be tried again
   */
  record Throttled(Duration retryAfter) implements LoginResult {}
}
