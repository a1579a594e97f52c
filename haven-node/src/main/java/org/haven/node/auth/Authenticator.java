package org.haven.node.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
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
 * opens a session holding the unlocked signing key; and changes an officer's password. Failures
 * count against the officer from that address ({@code officer:<id>@<address>}, locked at the
 * {@value LoginThrottle#MAX_FAILURES}th) and against the address (locked at the {@value
 * #ADDRESS_MAX_FAILURES}th, whichever officers were tried), so neither guessing many passwords for
 * one officer nor one password for many officers goes unthrottled. Never against the officer alone:
 * then anyone who can reach the node could keep an officer locked out from everywhere by failing a
 * login once an hour. Each lockout lasts at most {@link LoginThrottle#MAX_LOCKOUT}, and the
 * officer's org admin can lift the officer's ({@link #unlock}). A success clears the officer's
 * count from that address only: clearing the address's would let someone holding one account guess
 * at others from the same address without limit.
 *
 * <p>Logs officer ids of known officers and addresses, never passwords, tokens, or the id typed for
 * an unknown officer, which is often a password typed into the wrong field.
 */
public final class Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

  /**
   * Failures from one address, over every officer, that lock the address: more than one officer's
   * {@link LoginThrottle#MAX_FAILURES}, as an office's officers share its address, but few enough
   * that guessing across officers stays slow.
   */
  public static final int ADDRESS_MAX_FAILURES = 20;

  /** Stands for officer ids that cannot exist; '?' is not allowed in an id. */
  private static final String INVALID_OFFICER_PREFIX = "officer:?@";

  private final CredentialStore store;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final LoginThrottle addresses;
  private final Argon2Params argon2;
  private final SecureRandom random;
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
    this.addresses = throttle.allowing(ADDRESS_MAX_FAILURES);
    this.argon2 = argon2;
    this.random = random;
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
    Keys keys = new Keys(officer, remoteAddress);
    Optional<Duration> wait = keys.retryAfter();
    if (wait.isPresent()) {
      LOG.info("Login throttled from {} for {}", remoteAddress, wait.get());
      return new LoginResult.Throttled(wait.get());
    }

    Optional<OfficerCredential> credential = officer.flatMap(store::find);
    // An unknown officer costs the same Argon2 run as a known one, so timing does not tell them
    // apart. The stand-in's password is random and never revealed, so it cannot unlock.
    Optional<Ed25519PrivateKey> key = credential.orElse(unknownOfficer).unlock(password);
    if (credential.isEmpty() || key.isEmpty()) {
      keys.failed();
      LOG.info(
          "Login failed for {} from {}",
          credential.map(known -> "officer " + known.officer()).orElse("an unknown officer"),
          remoteAddress);
      return new LoginResult.Failed();
    }

    keys.succeeded();
    Sessions.Opened opened = sessions.open(credential.get().officer(), key.get());
    LOG.info("Officer {} logged in from {}", credential.get().officer(), remoteAddress);
    return new LoginResult.Success(opened.session(), opened.token());
  }

  /**
   * Seals {@code officer}'s signing key under {@code newPassword} if {@code currentPassword} is
   * theirs, so that the current one stops working. A wrong current password counts against the
   * throttle as a failed login does, so a session left open cannot be used to guess it. Does not
   * keep or clear the passwords.
   *
   * @throws IllegalArgumentException if {@code newPassword} breaks the rules of {@link
   *     OfficerCredential#create}, or is the current password; nothing is counted or changed
   * @throws IllegalStateException if this node keeps no credential for {@code officer}
   * @throws CredentialException if the credential cannot be read, written or was altered
   */
  public PasswordChange changePassword(
      OfficerId officer, char[] currentPassword, char[] newPassword, String remoteAddress) {
    if (Arrays.equals(currentPassword, newPassword)) {
      throw new IllegalArgumentException("the new password must differ from the current one");
    }
    Keys keys = new Keys(Optional.of(officer), remoteAddress);
    Optional<Duration> wait = keys.retryAfter();
    if (wait.isPresent()) {
      LOG.info("Password change throttled from {} for {}", remoteAddress, wait.get());
      return new PasswordChange.Throttled(wait.get());
    }
    OfficerCredential credential =
        store
            .find(officer)
            .orElseThrow(
                () -> new IllegalStateException("this node keeps no credential for " + officer));
    Optional<OfficerCredential> resealed =
        credential.changePassword(currentPassword, newPassword, argon2, random);
    if (resealed.isEmpty()) {
      keys.failed();
      LOG.info("Password change for officer {} from {}: wrong password", officer, remoteAddress);
      return new PasswordChange.WrongPassword();
    }
    store.put(resealed.get());
    keys.succeeded();
    LOG.info("Officer {} changed their password from {}", officer, remoteAddress);
    return new PasswordChange.Changed();
  }

  /**
   * Lifts every lockout of {@code officer}, from any address, as their org admin may. An address
   * locked for failing as many officers stays locked: lifting it would let whoever failed there
   * guess on.
   *
   * @return how many addresses the officer was counted or locked at
   */
  public int unlock(OfficerId officer) {
    String prefix = officerPrefix(officer);
    int lifted = throttle.forget(key -> key.startsWith(prefix));
    LOG.info("Logins of officer {} unlocked at {} address(es)", officer, lifted);
    return lifted;
  }

  /** Ends with '@', which no officer id has, so one officer's prefix never matches another's. */
  private static String officerPrefix(OfficerId officer) {
    return "officer:" + officer.value() + "@";
  }

  /** The throttle's keys for one attempt: the officer at the address, and the address. */
  private final class Keys {
    private final String officerAtAddress;
    private final String address;

    Keys(Optional<OfficerId> officer, String remoteAddress) {
      Objects.requireNonNull(remoteAddress, "remoteAddress");
      this.officerAtAddress =
          officer.map(Authenticator::officerPrefix).orElse(INVALID_OFFICER_PREFIX) + remoteAddress;
      this.address = remoteAddress;
    }

    Optional<Duration> retryAfter() {
      return Stream.of(throttle.retryAfter(officerAtAddress), addresses.retryAfter(address))
          .flatMap(Optional::stream)
          .max(Comparator.naturalOrder());
    }

    void failed() {
      throttle.failed(officerAtAddress);
      addresses.failed(address);
    }

    void succeeded() {
      throttle.succeeded(officerAtAddress);
    }
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
