package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.state.LedgerState;

/** An organisation's admin revokes one of its officers; their later signatures are refused. */
public record RevokeOfficer(OfficerId officer, String reason) implements Payload {
  public RevokeOfficer {
    Objects.requireNonNull(officer, "officer");
    Text.requireReason(reason);
  }

  static RevokeOfficer decode(CanonicalReader in) throws DecodeException {
    OfficerId officer = in.string("officer", OfficerId::new);
    return new RevokeOfficer(officer, Text.readReason(in));
  }

  @Override
  public Kind kind() {
    return Kind.REVOKE_OFFICER;
  }

  @Override
  public void encode(CanonicalWriter out) {
    out.string(officer.value()).string(reason);
  }

  @Override
  public Validation check(TxContext context) {
    Optional<Officer> target = context.state().officer(officer);
    if (target.isEmpty()) {
      return reject(RejectReason.NOT_FOUND, "no officer " + officer + " is enrolled");
    }
    Validation permitted =
        context.permit(
            Permissions.Action.REVOKE_OFFICER,
            Permissions.Subject.officer(target.get(), context.state()));
    if (!permitted.isAccepted()) {
      return permitted;
    }
    if (!target.get().active()) {
      return reject(RejectReason.CONFLICT, "officer " + officer + " is already revoked");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    LedgerState state = context.state();
    state.officer(officer).ifPresent(target -> state.putOfficer(target.deactivated()));
  }
}
