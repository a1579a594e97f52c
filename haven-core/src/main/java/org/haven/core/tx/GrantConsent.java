package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.GuardianLink;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.TravelConsent;

/**
 * A registrar of the child's jurisdiction records a travel consent given in person by one or two
 * guardians who may consent to travel, for one companion, destinations and dates. The consent's QR
 * credential names the same id; the verifier bundle lists it while it is active.
 */
public record GrantConsent(TravelConsent consent) implements Payload {
  public GrantConsent {
    Objects.requireNonNull(consent, "consent");
    if (!consent.active()) {
      throw new IllegalArgumentException("consent: a new consent is active");
    }
  }

  static GrantConsent decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    TravelConsent consent = RegistryCodec.readConsent(in);
    if (!consent.active()) {
      throw new DecodeException(at, "consent: a new consent is active");
    }
    return new GrantConsent(consent);
  }

  @Override
  public Kind kind() {
    return Kind.GRANT_CONSENT;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeConsent(out, consent);
  }

  @Override
  public Validation check(TxContext context) {
    RegistryRules.Lookup subject =
        RegistryRules.actingOn(context, consent.child(), Permissions.Action.GRANT_CONSENT);
    if (!subject.validation().isAccepted()) {
      return subject.validation();
    }
    ChildRecord record = subject.record().orElseThrow();
    if (record.status() != ChildStatus.REGISTERED) {
      return reject(
          RejectReason.CONFLICT,
          "child " + consent.child() + " is " + record.status() + "; only registered children");
    }
    if (context.state().registry().consent(consent.id()).isPresent()) {
      return reject(RejectReason.CONFLICT, "consent " + consent.id() + " is already recorded");
    }
    LocalDate today =
        LocalDate.ofInstant(Instant.ofEpochMilli(context.body().createdAtMillis()), ZoneOffset.UTC);
    if (consent.validUntil().isBefore(today)) {
      return reject(RejectReason.CONFLICT, "the consent would end before it is recorded");
    }
    int required = context.state().registry().consentGuardians(record.jurisdiction());
    if (consent.grantedBy().size() < required) {
      return reject(
          RejectReason.CONFLICT,
          record.jurisdiction()
              + " asks for "
              + required
              + " consenting guardians; the consent names "
              + consent.grantedBy().size());
    }
    List<GuardianLink> guardians = context.state().registry().guardians(consent.child());
    for (Hash guardian : consent.grantedBy()) {
      boolean mayConsent =
          guardians.stream()
              .anyMatch(link -> link.documentHash().equals(guardian) && link.mayConsentToTravel());
      if (!mayConsent) {
        return reject(
            RejectReason.CONFLICT,
            "a consenting guardian is not linked to child "
                + consent.child()
                + " as a guardian who may consent to travel; link them first");
      }
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    context.state().registry().putConsent(consent);
  }
}
