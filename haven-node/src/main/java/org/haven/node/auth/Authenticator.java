package org.haven.node.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.OfficerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs officers in: checks the throttle, unlocks the officer's credential with the password, and
 * opens a session holding the unlocked signing key. Failures count against both the officer ({@code
 * officer:<id>}) and the client address ({@code ip:<address>}), so neither guessing many passwords
 * for one officer nor one password for many officers goes unthrottled. A success clears the
 * officer's count only: clearing the address's would let someone holding one account guess at
 * others from the same address without limit.
 *
 * <p>Logs officer ids of known officers and addresses, never passwords, tokens, or the id typed for
 * an unknown officer, which is often a password typed into the wrong field.
 */
public final class Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

  /** Stands for officer ids that cannot exist; '?' is not allowed in an id. */
  private static final String INVALID_OFFICER_KEY = "officer:?";

  private final CredentialStore store;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final OfficerCredential unknownOfficer;

  /**
   * @param argon2 the cost the node's credentials are created with; a login for an unknown officer
   *     runs Argon2 at this cost too, so it takes as long as one for a known officer
   * @param random for the stand-in credential of unknown officers
   */
  public Authenticator(
      CredentialStore store,
      Sessions sessions,
      LoginThrottle throttle,
      Argon2Params argon2,
      SecureRandom random) {
    this.store = store;
    this.sessions = sessions;
    this.throttle = throttle;
    this.unknownOfficer =
        OfficerCredential.create(
            new OfficerId("unknown"),
            Ed25519PrivateKey.generate(random),
            unguessablePassword(random),
            argon2,
            random);
  }

  /**
   * Logs {@code officerId} in with {@code password}, from {@code remoteAddress}. Does not keep or
   * clear {@code password}; the caller should clear it after the call.
   *
   * @throws CredentialException if the officer's credential file cannot be read or was altered
   */
  public LoginResult login(String officerId, char[] password, String remoteAddress) {
    Objects.requireNonNull(password, "password");
    Optional<OfficerId> officer = officerId(officerId);
    String officerKey = officer.map(id -> "officer:" + id.value()).orElse(INVALID_OFFICER_KEY);
    String addressKey = "ip:" + Objects.requireNonNull(remoteAddress, "remoteAddress");

    Optional<Duration> wait =
        Stream.of(throttle.retryAfter(officerKey), throttle.retryAfter(addressKey))
            .flatMap(Optional::stream)
            .max(Comparator.naturalOrder());
    if (wait.isPresent()) {
      LOG.info("Login throttled from {} for {}", remoteAddress, wait.get());
      return new LoginResult.Throttled(wait.get());
    }

    Optional<OfficerCredential> credential = officer.flatMap(store::find);
    // An unknown officer costs the same Argon2 run as a known one, so timing does not tell them
    // apart. The stand-in's password is random and never revealed, so it cannot unlock.
    Optional<Ed25519PrivateKey> key = credential.orElse(unknownOfficer).unlock(password);
    if (credential.isEmpty() || key.isEmpty()) {
      throttle.failed(officerKey);
      throttle.failed(addressKey);
      LOG.info(
          "Login failed for {} from {}",
          credential.map(known -> "officer " + known.officer()).orElse("an unknown officer"),
          remoteAddress);
      return new LoginResult.Failed();
    }

    throttle.succeeded(officerKey);
    Sessions.Opened opened = sessions.open(credential.get().officer(), key.get());
    LOG.info("Officer {} logged in from {}", credential.get().officer(), remoteAddress);
    return new LoginResult.Success(opened.session(), opened.token());
  }

  private static Optional<OfficerId> officerId(String text) {
    try {
      return Optional.of(new OfficerId(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static char[] unguessablePassword(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes).toCharArray();
  }
}
