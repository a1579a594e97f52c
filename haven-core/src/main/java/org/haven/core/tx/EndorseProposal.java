package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;

/**
 * An organisation admin endorses an open {@link ProposeGovernance} proposal for their organisation.
 * The endorsement that brings the active approving members to the quorum applies the change, and is
 * refused, changing nothing, if the change's own rules refuse it at that moment.
 */
public record EndorseProposal(Hash proposal) implements Payload {
  public EndorseProposal {
    Objects.requireNonNull(proposal, "proposal");
  }

  static EndorseProposal decode(CanonicalReader in) throws DecodeException {
    return new EndorseProposal(in.hash("proposal"));
  }

  @Override
  public Kind kind() {
    return Kind.ENDORSE_PROPOSAL;
  }

  @Override
  public void encode(CanonicalWriter out) {
    out.hash(proposal);
  }

  @Override
  public Validation check(TxContext context) {
    Validation role = context.permit(Permissions.Action.GOVERN);
    if (!role.isAccepted()) {
      return role;
    }
    Optional<GovernanceProposal> found = GovernanceProposal.find(context.state(), proposal);
    if (found.isEmpty()) {
      return reject(RejectReason.NOT_FOUND, "no governance proposal " + proposal);
    }
    if (found.get().applied()) {
      return reject(RejectReason.CONFLICT, "proposal " + proposal + " has already applied");
    }
    OrgId org = context.actor().org();
    if (found.get().approvals().contains(org)) {
      return reject(RejectReason.CONFLICT, org + " has already approved proposal " + proposal);
    }
    return found.get().endorsedBy(org).checkChange(context);
  }

  @Override
  public void apply(TxContext context) {
    GovernanceProposal.find(context.state(), proposal)
        .orElseThrow(() -> new IllegalStateException("applying an endorsement of no proposal"))
        .endorsedBy(context.actor().org())
        .store(context);
  }
}
