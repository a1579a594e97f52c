package org.haven.node.registry;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.Officer;
import org.haven.core.tx.Permissions;
import org.haven.core.tx.Validation;
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
   * Refuses what the table of authority does not let this officer do on {@code subject}.
   *
   * @throws ApiProblem 403 with the ledger's reason and a detail naming who may
   */
  public void require(Permissions.Action action, Permissions.Subject subject) {
    if (Permissions.check(action, officer, subject) instanceof Validation.Rejected refusal) {
      throw ApiProblem.notPermitted(refusal);
    }
  }

  /** Refuses an action about nothing in particular (a listing) that this officer may not take. */
  public void require(Permissions.Action action) {
    require(action, Permissions.Subject.NONE);
  }

  @Override
  public String toString() {
    return "Actor[" + officer.id() + "]";
  }
}
