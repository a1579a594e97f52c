package org.haven.core.tx;

import java.util.Objects;

/** The outcome of validating a transaction. Validation never throws and never changes state. */
public sealed interface Validation permits Validation.Accepted, Validation.Rejected {

  Validation ACCEPTED = new Accepted();

  static Validation accepted() {
    return ACCEPTED;
  }

  static Rejected reject(RejectReason reason, String detail) {
    return new Rejected(reason, detail);
  }

  default boolean isAccepted() {
    return this instanceof Accepted;
  }

  /** The transaction satisfies every rule. */
  record Accepted() implements Validation {}

  /** The transaction breaks a rule; {@code detail} says which and what to do about it. */
  record Rejected(RejectReason reason, String detail) implements Validation {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
      return reason + ": " + detail;
    }
  }
}
