package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Optional;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.identity.ChildNumber;

/** Checks that several registry kinds share: which child, and whether the actor may act on it. */
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

  /**
   * Checks a declaration of a new child {@code number} in {@code jurisdiction}: the table of
   * authority allows the actor {@code action} there, and the number is not used yet.
   */
  static Validation newChild(
      TxContext context, Permissions.Action action, Jurisdiction jurisdiction, ChildNumber number) {
    Validation permitted = context.permit(action, Permissions.Subject.declaredIn(jurisdiction));
    if (!permitted.isAccepted()) {
      return permitted;
    }
    if (child(context, number).isPresent()) {
      return reject(
          RejectReason.CONFLICT,
          "child number " + number + " is already used; generate a new number and declare again");
    }
    return Validation.accepted();
  }

  /** A child looked up for an officer about to act on it: the record, or why they may not. */
  record Lookup(Optional<ChildRecord> record, Validation validation) {}

  /**
   * Looks up {@code number} for an officer about to take {@code action} on it: rejects an unknown
   * child, or an actor whom the table of authority ({@link Permissions}) does not allow.
   */
  static Lookup actingOn(TxContext context, ChildNumber number, Permissions.Action action) {
    Optional<ChildRecord> record = child(context, number);
    if (record.isEmpty()) {
      return new Lookup(record, unknownChild(number));
    }
    return new Lookup(
        record, context.permit(action, Permissions.Subject.child(record.get(), context.state())));
  }
}
