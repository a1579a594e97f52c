package org.haven.core.tx;

import java.util.List;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;

/**
 * An organisation admin proposes a governance change (admit or remove a member, rotate a member's
 * key, set a consent rule) for admins of other members to endorse from their own nodes with {@link
 * EndorseProposal}. The proposal is the proposer's organisation's approval; its id is this
 * transaction's id. The change applies when enough members approve, under its own rules.
 */
public record ProposeGovernance(Payload change) implements Payload {
  /**
   * @throws IllegalArgumentException unless {@code change} is a governance kind
   */
  public ProposeGovernance {
    GovernanceProposal.requireGovernance(change);
  }

  static ProposeGovernance decode(CanonicalReader in) throws DecodeException {
    return new ProposeGovernance(GovernanceProposal.readChange(in));
  }

  @Override
  public Kind kind() {
    return Kind.PROPOSE_GOVERNANCE;
  }

  @Override
  public void encode(CanonicalWriter out) {
    GovernanceProposal.writeChange(out, change);
  }

  @Override
  public Validation check(TxContext context) {
    Validation role = context.permit(Permissions.Action.GOVERN);
    if (!role.isAccepted()) {
      return role;
    }
    // Checked now so a change that cannot apply is refused at once rather than left to voters.
    return change.check(context);
  }

  @Override
  public void apply(TxContext context) {
    proposal(context).store(context);
  }

  private GovernanceProposal proposal(TxContext context) {
    return new GovernanceProposal(
        Hash.sha256(context.body().encode()),
        change,
        context.actor().id(),
        context.body().createdAtMillis(),
        List.of(context.actor().org()),
        false);
  }
}
