package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.state.LedgerState;

/**
 * Governance: lets a member organisation enrol officers in a jurisdiction beyond its own country,
 * or takes that back ({@code granted} false). A UN regional office serving KE, UG and TZ is granted
 * each. An organisation may otherwise enrol officers only for its own country ({@link
 * Permissions.Action#ENROL_OFFICER}), so that no single member can put a registrar into another
 * member's country. Withdrawing a grant stops new enrolments there; officers already enrolled stay
 * until their admin revokes them.
 */
public record GrantJurisdiction(
    OrgId organisation, Jurisdiction jurisdiction, boolean granted, String reason)
    implements Payload {
  public GrantJurisdiction {
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    Text.requireReason(reason);
  }

  static GrantJurisdiction decode(CanonicalReader in) throws DecodeException {
    OrgId organisation = in.string("organisation", OrgId::new);
    Jurisdiction jurisdiction = in.string("jurisdiction", Jurisdiction::new);
    boolean granted = in.bool("granted");
    return new GrantJurisdiction(organisation, jurisdiction, granted, Text.readReason(in));
  }

  @Override
  public Kind kind() {
    return Kind.GRANT_JURISDICTION;
  }

  @Override
  public void encode(CanonicalWriter out) {
    out.string(organisation.value()).string(jurisdiction.code()).bool(granted).string(reason);
  }

  @Override
  public Validation check(TxContext context) {
    Optional<Organisation> member = context.state().organisation(organisation);
    if (member.isEmpty() || !member.get().active()) {
      return reject(RejectReason.NOT_FOUND, organisation + " is not an active member organisation");
    }
    if (member.get().country().equals(jurisdiction)) {
      return reject(
          RejectReason.CONFLICT,
          jurisdiction + " is " + organisation + "'s own country; it needs no grant");
    }
    boolean held = context.state().grantedJurisdictions(organisation).contains(jurisdiction);
    if (granted && held) {
      return reject(RejectReason.CONFLICT, organisation + " is already granted " + jurisdiction);
    }
    if (!granted && !held) {
      return reject(
          RejectReason.CONFLICT,
          organisation + " holds no grant of " + jurisdiction + " to withdraw");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    LedgerState state = context.state();
    SortedSet<Jurisdiction> grants = state.grantedJurisdictions(organisation);
    if (granted) {
      grants.add(jurisdiction);
    } else {
      grants.remove(jurisdiction);
    }
    state.putGrantedJurisdictions(organisation, grants);
  }
}
