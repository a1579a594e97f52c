package org.haven.card;

import java.util.Objects;

/**
 * The result of reading a scanned credential: its verified claims, or why it is not accepted.
 * Reading never throws for bad input.
 */
public sealed interface CredentialRead<T> {
  /** Signature, issuer and validity all checked. */
  record Valid<T>(T claims) implements CredentialRead<T> {
    public Valid {
      Objects.requireNonNull(claims, "claims");
    }
  }

  /** Not accepted; {@code detail} is a plain sentence for the officer, without personal data. */
  record Invalid<T>(CredentialProblem problem, String detail) implements CredentialRead<T> {
    public Invalid {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
