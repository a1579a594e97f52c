package org.haven.node.registry;

import java.util.Objects;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.Officer;
import org.haven.core.tx.Permissions;
import org.haven.core.tx.Validation;
import org.haven.node.api.ApiProblem;

/**
 * The officer behind a request, as the ledger knows them now, with the signing key their session
 * unlocked. {@link #toString()} never shows the key.
 */
public record Actor(Officer officer, Ed25519PrivateKey key) {
  public Actor {
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(key, "key");
    if (!officer.key().equals(key.publicKey())) {
      throw new IllegalArgumentException(
          "the session key of " + officer.id() + " is not the key enrolled on the ledger");
    }
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
