package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Optional;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.identity.ChildNumber;

/** Checks that several registry kinds share: who acts where, and on which child. */
final class RegistryRules {
  private RegistryRules() {}

  /** The child with this number, if it is on the ledger. */
  static Optional<ChildRecord> child(TxContext context, ChildNumber number) {
    return context.state().registry().child(number);
  }

  static Validation unknownChild(ChildNumber number) {
    return reject(
        RejectReason.NOT_FOUND,
        "no child " + number + " is on the ledger; check the number or declare the child first");
  }

  /** A child looked up for an officer about to act on it: the record, or why they may not. */
  record Subject(Optional<ChildRecord> record, Validation validation) {}

  /**
   * Looks up {@code number} for a registrar: rejects an unknown child, an actor who is not a
   * registrar, or one of another jurisdiction than the child's.
   */
  static Subject registrarOf(TxContext context, ChildNumber number, String act) {
    Optional<ChildRecord> record = child(context, number);
    if (record.isEmpty()) {
      return new Subject(record, unknownChild(number));
    }
    return new Subject(
        record, requireActing(context, Role.REGISTRAR, record.get().jurisdiction(), act));
  }

  /**
   * Accepts a registrar of the child's jurisdiction at the organisation that holds the child's data
   * (the record's issuer): the one who may issue and revoke the child's cards.
   */
  static Validation registrarOfHolder(TxContext context, ChildNumber number, String act) {
    Optional<ChildRecord> record = child(context, number);
    if (record.isEmpty()) {
      return unknownChild(number);
    }
    return registrarOfHolder(context.actor(), record.get(), act);
  }

  static Validation registrarOfHolder(Officer actor, ChildRecord record, String act) {
    if (actor.role() != Role.REGISTRAR) {
      return reject(
          RejectReason.ROLE_NOT_PERMITTED,
          "only REGISTRAR officers may " + act + "; " + actor.id() + " is " + actor.role());
    }
    Validation inJurisdiction = requireJurisdiction(actor, record.jurisdiction());
    if (!inJurisdiction.isAccepted()) {
      return inJurisdiction;
    }
    if (!actor.org().equals(record.issuer())) {
      return reject(
          RejectReason.OUTSIDE_ORGANISATION,
          "only registrars of "
              + record.issuer()
              + ", which holds the child's data, may "
              + act
              + "; "
              + actor.id()
              + " is of "
              + actor.org());
    }
    return Validation.accepted();
  }

  /** Accepts if the actor has {@code role} and acts in {@code jurisdiction}. */
  static Validation requireActing(
      TxContext context, Role role, Jurisdiction jurisdiction, String act) {
    Validation byRole = context.requireActorRole(role, act);
    if (!byRole.isAccepted()) {
      return byRole;
    }
    return requireJurisdiction(context.actor(), jurisdiction);
  }

  static Validation requireJurisdiction(Officer actor, Jurisdiction jurisdiction) {
    if (!actor.jurisdiction().equals(jurisdiction)) {
      return reject(
          RejectReason.OUTSIDE_JURISDICTION,
          actor.id()
              + " acts in "
              + actor.jurisdiction()
              + " and may not act on a record of "
              + jurisdiction);
    }
    return Validation.accepted();
  }
}
