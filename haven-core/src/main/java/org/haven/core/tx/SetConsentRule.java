package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.Jurisdiction;

/**
 * Governance: how many guardians must consent to a child's travel in a jurisdiction, where its law
 * asks for both parents. Without a rule one guardian who may consent is enough. The members set it
 * together because every node enforces it on every consent.
 *
 * @param guardians 1 or 2
 */
public record SetConsentRule(Jurisdiction jurisdiction, int guardians, String reason)
    implements Payload {
  public SetConsentRule {
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    if (guardians < 1 || guardians > 2) {
      throw new IllegalArgumentException("guardians: 1 or 2");
    }
    Text.requireReason(reason);
  }

  static SetConsentRule decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    Jurisdiction jurisdiction = in.string("jurisdiction", Jurisdiction::new);
    int guardians = in.u8("guardians");
    String reason = Text.readReason(in);
    try {
      return new SetConsentRule(jurisdiction, guardians, reason);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  @Override
  public Kind kind() {
    return Kind.SET_CONSENT_RULE;
  }

  @Override
  public void encode(CanonicalWriter out) {
    out.string(jurisdiction.code()).u8(guardians).string(reason);
  }

  @Override
  public Validation check(TxContext context) {
    if (context.state().registry().consentGuardians(jurisdiction) == guardians) {
      return reject(
          RejectReason.CONFLICT,
          jurisdiction + " already asks for " + guardians + " consenting guardian(s)");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    context.state().registry().putConsentGuardians(jurisdiction, guardians);
  }
}
