package org.haven.node.registry;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.node.api.ApiProblem;
import org.haven.node.api.IdempotencyKey;

/**
 * The officer behind a request, as the ledger knows them now, with the signing key their session
 * unlocked and the request's {@link IdempotencyKey}, if it has one. {@link #toString()} never shows
 * the key.
 */
public record Actor(
    Officer officer, Ed25519PrivateKey key, Optional<IdempotencyKey> idempotencyKey) {
  public Actor {
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (!officer.key().equals(key.publicKey())) {
      throw new IllegalArgumentException(
          "the session key of " + officer.id() + " is not the key enrolled on the ledger");
    }
  }

  /** The officer acting outside any one client request, for example for the node's own records. */
  public Actor(Officer officer, Ed25519PrivateKey key) {
    this(officer, key, Optional.empty());
  }

  /** This officer acting for no particular request: what they sign gets a fresh nonce. */
  public Actor withoutIdempotencyKey() {
    return idempotencyKey.isEmpty() ? this : new Actor(officer, key);
  }

  /**
   * Refuses an act reserved for other roles.
   *
   * @throws ApiProblem 403 naming the officer, the act and the roles that may, unless the officer
   *     has one of {@code roles}
   */
  public void requireRole(String act, Role... roles) {
    if (Arrays.asList(roles).contains(officer.role())) {
      return;
    }
    throw ApiProblem.forbidden(
        describe()
            + " may not "
            + act
            + "; "
            + (roles.length == 1 ? "a " : "one of ")
            + (roles.length == 1 ? roles[0] : Arrays.toString(roles))
            + " may.");
  }

  /** The officer as messages name them: id, role and jurisdiction. */
  public String describe() {
    return officer.id() + " (" + officer.role() + " in " + officer.jurisdiction() + ")";
  }

  @Override
  public String toString() {
    return "Actor[" + officer.id() + "]";
  }
}
