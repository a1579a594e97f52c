package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.ConsentState;
import org.haven.core.registry.TravelConsent;

/** A registrar of the child's jurisdiction revokes a travel consent; the reason stays on record. */
public record RevokeConsent(Hash consentId, String reason) implements Payload {
  public RevokeConsent {
    Objects.requireNonNull(consentId, "consentId");
    Text.requireReason(reason);
  }

  static RevokeConsent decode(CanonicalReader in) throws DecodeException {
    return new RevokeConsent(in.hash("consent id"), Text.readReason(in));
  }

  @Override
  public Kind kind() {
    return Kind.REVOKE_CONSENT;
  }

  @Override
  public void encode(CanonicalWriter out) {
    out.hash(consentId).string(reason);
  }

  @Override
  public Validation check(TxContext context) {
    Optional<TravelConsent> consent = context.state().registry().consent(consentId);
    if (consent.isEmpty()) {
      return reject(RejectReason.NOT_FOUND, "no consent " + consentId + " is on the ledger");
    }
    RegistryRules.Lookup subject =
        RegistryRules.actingOn(context, consent.get().child(), Permissions.Action.REVOKE_CONSENT);
    if (!subject.validation().isAccepted()) {
      return subject.validation();
    }
    if (!consent.get().active()) {
      return reject(
          RejectReason.CONFLICT,
          "consent " + consentId + " is no longer active: " + consent.get().state());
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    context
        .state()
        .registry()
        .consent(consentId)
        .ifPresent(
            consent -> context.state().registry().putConsent(consent.ended(ConsentState.REVOKED)));
  }
}
