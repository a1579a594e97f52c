package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.state.LedgerState;

/**
 * Governance: the members remove an organisation. Its officers' signatures are refused from then
 * on, and so is its node's TLS certificate, and the Raft group drops its node; its past
 * transactions stay on the ledger and stay verifiable.
 */
public record RemoveMember(OrgId organisation, String reason) implements Payload {
  public RemoveMember {
    Objects.requireNonNull(organisation, "organisation");
    Text.requireReason(reason);
  }

  static RemoveMember decode(CanonicalReader in) throws DecodeException {
    OrgId organisation = in.string("organisation", OrgId::new);
    return new RemoveMember(organisation, Text.readReason(in));
  }

  @Override
  public Kind kind() {
    return Kind.REMOVE_MEMBER;
  }

  @Override
  public void encode(CanonicalWriter out) {
    out.string(organisation.value()).string(reason);
  }

  @Override
  public Validation check(TxContext context) {
    Optional<Organisation> member = context.state().organisation(organisation);
    if (member.isEmpty() || !member.get().active()) {
      return reject(RejectReason.NOT_FOUND, organisation + " is not an active member");
    }
    if (context.state().activeMemberCount() <= 1) {
      return reject(RejectReason.CONFLICT, "the last member of the consortium cannot be removed");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    LedgerState state = context.state();
    state.organisation(organisation).ifPresent(org -> state.putOrganisation(org.deactivated()));
    state.removeMemberNode(organisation);
  }
}
