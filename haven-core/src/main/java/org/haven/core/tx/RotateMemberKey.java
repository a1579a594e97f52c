package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.KeyPurpose;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.state.LedgerState;

/**
 * Governance: replace one of a member's keys, for example after a suspected compromise. A replaced
 * issuer key stays in the member's issuer-key history with the interval in which it was current, so
 * that cards it signed then stay valid until they expire; {@link RevokeIssuerKey} is what says a
 * key was compromised.
 */
public record RotateMemberKey(OrgId organisation, KeyPurpose purpose, Ed25519PublicKey newKey)
    implements Payload {
  public RotateMemberKey {
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(newKey, "newKey");
  }

  static RotateMemberKey decode(CanonicalReader in) throws DecodeException {
    OrgId organisation = in.string("organisation", OrgId::new);
    KeyPurpose purpose = WireCode.read(in, KeyPurpose.values(), "key purpose");
    return new RotateMemberKey(organisation, purpose, IdentityCodec.readKey(in, "new key"));
  }

  @Override
  public Kind kind() {
    return Kind.ROTATE_MEMBER_KEY;
  }

  @Override
  public void encode(CanonicalWriter out) {
    out.string(organisation.value()).u8(purpose.code()).fixed(newKey.bytes());
  }

  @Override
  public Validation check(TxContext context) {
    Optional<Organisation> member = context.state().organisation(organisation);
    if (member.isEmpty() || !member.get().active()) {
      return reject(RejectReason.NOT_FOUND, organisation + " is not an active member");
    }
    if (member.get().nodeKey().equals(newKey) || member.get().issuerKey().equals(newKey)) {
      return reject(
          RejectReason.CONFLICT,
          "the new " + purpose + " key of " + organisation + " is already one of its keys");
    }
    if (context.state().issuerKeys(organisation).stream()
        .anyMatch(held -> held.key().equals(newKey))) {
      return reject(
          RejectReason.CONFLICT,
          "the new "
              + purpose
              + " key of "
              + organisation
              + " was one of its issuer keys before; a retired key never comes back, make a new"
              + " one");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    LedgerState state = context.state();
    state
        .organisation(organisation)
        .ifPresent(org -> state.putOrganisation(org.withKey(purpose, newKey)));
    if (purpose == KeyPurpose.ISSUER) {
      state.startIssuerKey(organisation, newKey, context.body().createdAtMillis());
    }
  }
}
