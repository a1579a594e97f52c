package org.haven.core.tx;

import org.haven.core.identity.Officer;
import org.haven.core.state.LedgerState;

/**
 * What a payload's rules may look at: the acting officer, already authenticated, the state, and the
 * body (for its timestamp, the officer's clock when they acted).
 *
 * @param actor the acting officer; {@code null} for a kind a member's node signs ({@link
 *     Kind.Authority#MEMBER_NODE}), which acts for its organisation, named in the body's actor
 */
public record TxContext(Officer actor, LedgerState state, TxBody body) {

  /** Accepts if the table of authority lets the actor take {@code action} on {@code subject}. */
  public Validation permit(Permissions.Action action, Permissions.Subject subject) {
    return Permissions.check(action, actor, subject);
  }

  /** Accepts if the table of authority lets the actor take {@code action}, about nothing else. */
  public Validation permit(Permissions.Action action) {
    return permit(action, Permissions.Subject.NONE);
  }
}
