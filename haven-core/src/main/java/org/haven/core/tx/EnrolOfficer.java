package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.state.LedgerState;

/** An organisation's admin enrols a new officer of that organisation. */
public record EnrolOfficer(Officer officer) implements Payload {
  public EnrolOfficer {
    Objects.requireNonNull(officer, "officer");
    if (!officer.active()) {
      throw new IllegalArgumentException("an officer is enrolled active");
    }
  }

  static EnrolOfficer decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    Officer officer = IdentityCodec.readOfficer(in);
    if (!officer.active()) {
      throw new DecodeException(at, "an officer is enrolled active");
    }
    return new EnrolOfficer(officer);
  }

  @Override
  public Kind kind() {
    return Kind.ENROL_OFFICER;
  }

  @Override
  public void encode(CanonicalWriter out) {
    IdentityCodec.writeOfficer(out, officer);
  }

  @Override
  public Validation check(TxContext context) {
    Officer actor = context.actor();
    Validation role = context.requireActorRole(Role.ORG_ADMIN, "enrol officers");
    if (!role.isAccepted()) {
      return role;
    }
    if (!actor.org().equals(officer.org())) {
      return reject(
          RejectReason.OUTSIDE_ORGANISATION,
          actor.id() + " of " + actor.org() + " may not enrol officers of " + officer.org());
    }
    if (context.state().officer(officer.id()).isPresent()) {
      return reject(
          RejectReason.CONFLICT,
          "officer id " + officer.id() + " is already enrolled; choose another id");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    LedgerState state = context.state();
    state.putOfficer(officer);
  }
}
