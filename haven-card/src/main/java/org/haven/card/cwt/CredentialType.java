package org.haven.card.cwt;

import java.util.Optional;

/** What a credential is, as its {@link ClaimKey#TYPE} claim says. */
public enum CredentialType {
  /** A child's ID card. */
  CARD("card"),
  /** A travel consent. */
  CONSENT("consent");

  private final String label;

  CredentialType(String label) {
    this.label = label;
  }

  /** The claim's text. */
  public String label() {
    return label;
  }

  public static Optional<CredentialType> ofLabel(String label) {
    for (CredentialType type : values()) {
      if (type.label.equals(label)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
