package org.haven.card.border;

/**
 * A machine-readable reason for a border decision. Each reason calls for at least an outcome; the
 * decision takes the most urgent. Reasons are listed, and the officer's sentence chosen, in the
 * order declared here. Stable names: crossing records carry them.
 */
public enum BorderReason {
  /** The child has an active missing-child alert. */
  MISSING_CHILD_ALERT(Outcome.ALERT),
  /** The card is forged, altered, truncated, unreadable or not a card; the problem says which. */
  CARD_NOT_GENUINE(Outcome.SECONDARY_INSPECTION),
  /** No card was scanned, only a typed child number: nothing shows the card is genuine. */
  CARD_NOT_PRESENTED(Outcome.SECONDARY_INSPECTION),
  /** The card's issuer or issuer key is not trusted here. */
  ISSUER_UNKNOWN(Outcome.SECONDARY_INSPECTION),
  /** The card's validity has ended. */
  CARD_EXPIRED(Outcome.SECONDARY_INSPECTION),
  /** The issuer's status list marks the card revoked or suspended. */
  CARD_REVOKED_OR_SUSPENDED(Outcome.SECONDARY_INSPECTION),
  /** The ledger revoked this one card, for example reported lost or stolen. */
  CARD_REVOKED(Outcome.SECONDARY_INSPECTION),
  /** The card claims a validity longer than the policy's 5 years: no issuer makes such a card. */
  CARD_LIFETIME_OVER_POLICY(Outcome.SECONDARY_INSPECTION),
  /**
   * The officer found that the child does not match the card's photo, names or age: a genuine card
   * carried by another child.
   */
  CHILD_DOES_NOT_MATCH_CARD(Outcome.SECONDARY_INSPECTION),
  /** A consent was presented that is forged, altered, truncated, unreadable or not a consent. */
  CONSENT_NOT_GENUINE(Outcome.SECONDARY_INSPECTION),
  /**
   * The companion's document is not that of a guardian named on the card, and the companion holds
   * no valid consent.
   */
  NO_VALID_CONSENT(Outcome.SECONDARY_INSPECTION),
  /**
   * The companion is a guardian named on the card, but the card says this guardian may not take the
   * child out of the country, and the companion holds no valid consent.
   */
  GUARDIAN_WITHOUT_TRAVEL_AUTHORITY(Outcome.SECONDARY_INSPECTION),
  /** The device's clock is before the bundle was made, so no date it checks can be trusted. */
  DEVICE_CLOCK_BEHIND_BUNDLE(Outcome.SECONDARY_INSPECTION),
  /** The bundle is older than the checkpoint's limit: revocations and alerts may be missing. */
  BUNDLE_STALE(Outcome.SECONDARY_INSPECTION),
  /** The companion's document is a guardian's on the card, with authority for this crossing. */
  COMPANION_IS_GUARDIAN(Outcome.PASS),
  /** The consent covers this child, companion, destination and date, and is active. */
  CONSENT_VALID(Outcome.PASS),
  /** The officer confirmed that the child matches the card's photo, names and age. */
  CHILD_MATCHES_CARD(Outcome.PASS),
  /** The consent names another child. */
  CONSENT_FOR_ANOTHER_CHILD(Outcome.PASS),
  /** The consent names another companion document. */
  CONSENT_WRONG_COMPANION(Outcome.PASS),
  /** The consent's first day is after today. */
  CONSENT_NOT_YET_VALID(Outcome.PASS),
  /** The consent's last day is before today, by the credential or by the ledger. */
  CONSENT_EXPIRED(Outcome.PASS),
  /** The consent does not list the destination. */
  CONSENT_WRONG_DESTINATION(Outcome.PASS),
  /**
   * The consent was granted before the bundle was made, and the bundle no longer lists it as
   * active: it was revoked, or it was for one trip and has been used. The bundle does not say
   * which, so an offline check says this; online, the ledger says which ({@link #CONSENT_USED},
   * {@link #CONSENT_REVOKED}), except for a consent that ended before the ledger kept why.
   */
  CONSENT_NOT_ACTIVE(Outcome.PASS),
  /** The ledger says the consent was for one trip and a crossing has used it (online only). */
  CONSENT_USED(Outcome.PASS),
  /**
   * The ledger says a registrar revoked the consent (online only). Crossing records made before
   * consents kept a state on the ledger used this name for what {@link #CONSENT_NOT_ACTIVE} says.
   */
  CONSENT_REVOKED(Outcome.PASS),
  /** The consent was granted after the bundle was made, so the bundle cannot vouch for it. */
  CONSENT_NEWER_THAN_BUNDLE(Outcome.PASS);

  private final Outcome minimumOutcome;

  BorderReason(Outcome minimumOutcome) {
    this.minimumOutcome = minimumOutcome;
  }

  /**
   * The least the reason calls for. A consent problem calls for nothing by itself: it matters only
   * through {@link #NO_VALID_CONSENT} or {@link #GUARDIAN_WITHOUT_TRAVEL_AUTHORITY}, since a
   * guardian with travel authority needs no consent.
   */
  public Outcome minimumOutcome() {
    return minimumOutcome;
  }
}
