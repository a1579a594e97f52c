package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.Officer;
import org.haven.core.state.LedgerState;

/**
 * An organisation's admin enrols a new officer of that organisation, or re-enrols a revoked officer
 * of it with a new key: a key rotation is {@link RevokeOfficer} of the old key, then this.
 */
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
    Validation permitted =
        context.permit(
            Permissions.Action.ENROL_OFFICER,
            Permissions.Subject.officer(officer, context.state()));
    if (!permitted.isAccepted()) {
      return permitted;
    }
    Optional<Officer> existing = context.state().officer(officer.id());
    if (existing.isEmpty()) {
      return Validation.accepted();
    }
    if (existing.get().active()) {
      return reject(
          RejectReason.CONFLICT,
          "officer id " + officer.id() + " is already enrolled; choose another id");
    }
    if (!existing.get().org().equals(officer.org())) {
      return reject(
          RejectReason.CONFLICT,
          "officer id "
              + officer.id()
              + " was used by "
              + existing.get().org()
              + "; choose another id");
    }
    if (existing.get().key().equals(officer.key())) {
      return reject(
          RejectReason.CONFLICT,
          "officer " + officer.id() + " was revoked with this key; re-enrol them with a new key");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    LedgerState state = context.state();
    state.putOfficer(officer);
  }
}
