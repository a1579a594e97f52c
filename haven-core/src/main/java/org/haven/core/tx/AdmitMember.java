package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.haven.core.state.LedgerState;

/** Governance: the members admit a new organisation together with its first admin. */
public record AdmitMember(Organisation organisation, Officer firstAdmin) implements Payload {
  public AdmitMember {
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(firstAdmin, "firstAdmin");
    String problem = problem(organisation, firstAdmin);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  private static String problem(Organisation organisation, Officer firstAdmin) {
    if (!organisation.active() || !firstAdmin.active()) {
      return "a new member and its first admin are admitted active";
    }
    if (!firstAdmin.org().equals(organisation.id())) {
      return "the first admin must belong to the new member " + organisation.id();
    }
    if (firstAdmin.role() != Role.ORG_ADMIN) {
      return "the first officer of a new member must be an ORG_ADMIN";
    }
    return null;
  }

  static AdmitMember decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    Organisation organisation = IdentityCodec.readOrganisation(in);
    Officer firstAdmin = IdentityCodec.readOfficer(in);
    String problem = problem(organisation, firstAdmin);
    if (problem != null) {
      throw new DecodeException(at, problem);
    }
    return new AdmitMember(organisation, firstAdmin);
  }

  @Override
  public Kind kind() {
    return Kind.ADMIT_MEMBER;
  }

  @Override
  public void encode(CanonicalWriter out) {
    IdentityCodec.writeOrganisation(out, organisation);
    IdentityCodec.writeOfficer(out, firstAdmin);
  }

  @Override
  public Validation check(TxContext context) {
    if (context.state().organisation(organisation.id()).isPresent()) {
      return reject(
          RejectReason.CONFLICT,
          "organisation id " + organisation.id() + " is already used; choose another id");
    }
    if (context.state().officer(firstAdmin.id()).isPresent()) {
      return reject(
          RejectReason.CONFLICT,
          "officer id " + firstAdmin.id() + " is already enrolled; choose another id");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    LedgerState state = context.state();
    state.putOrganisation(organisation);
    state.putOfficer(firstAdmin);
  }
}
