package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.IssuerKey;
import org.haven.core.identity.OrgId;

/**
 * Governance: reports one of a member's issuer keys, current or retired, compromised. From here on,
 * border devices accept a card signed by that key only if the ledger recorded its issue ({@link
 * IssueCard}) before this report, whatever issue date the card claims: whoever holds a stolen key
 * can write any date. The ledger records no new card with the key; if it is the current one, the
 * member rotates it ({@link RotateMemberKey}) to issue again.
 */
public record RevokeIssuerKey(OrgId organisation, Ed25519PublicKey key) implements Payload {
  public RevokeIssuerKey {
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(key, "key");
  }

  static RevokeIssuerKey decode(CanonicalReader in) throws DecodeException {
    return new RevokeIssuerKey(
        in.string("organisation", OrgId::new), IdentityCodec.readKey(in, "issuer key"));
  }

  @Override
  public Kind kind() {
    return Kind.REVOKE_ISSUER_KEY;
  }

  @Override
  public void encode(CanonicalWriter out) {
    out.string(organisation.value()).fixed(key.bytes());
  }

  @Override
  public Validation check(TxContext context) {
    Optional<IssuerKey> held =
        context.state().issuerKeys(organisation).stream()
            .filter(issuerKey -> issuerKey.key().equals(key))
            .findFirst();
    if (held.isEmpty()) {
      return reject(RejectReason.NOT_FOUND, key + " was never an issuer key of " + organisation);
    }
    if (held.get().compromised()) {
      return reject(
          RejectReason.CONFLICT,
          "the issuer key " + key + " of " + organisation + " is already reported compromised");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    context.state().reportIssuerKeyCompromised(organisation, key);
  }
}
