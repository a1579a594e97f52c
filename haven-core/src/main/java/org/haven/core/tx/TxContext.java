package org.haven.core.tx;

import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.state.LedgerState;

/**
 * What a payload's rules may look at: the acting officer, already authenticated, the state, and the
 * body (for its timestamp, the officer's clock when they acted).
 *
 * @param actor the acting officer; {@code null} for a kind a member's node signs ({@link
 *     Kind.Authority#MEMBER_NODE}), which acts for its organisation, named in the body's actor
 */
public record TxContext(Officer actor, LedgerState state, TxBody body) {

  /** Accepts if the actor has {@code role}; otherwise says that only that role may {@code act}. */
  public Validation requireActorRole(Role role, String act) {
    if (actor.role() == role) {
      return Validation.accepted();
    }
    return Validation.reject(
        RejectReason.ROLE_NOT_PERMITTED,
        "only " + role + " officers may " + act + "; " + actor.id() + " is " + actor.role());
  }
}
