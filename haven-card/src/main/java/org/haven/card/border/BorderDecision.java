package org.haven.card.border;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.haven.card.CredentialProblem;
import org.haven.card.DocumentDigest;
import org.haven.card.bundle.ActiveAlert;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.identity.ChildNumber;

/**
 * The outcome of one border check, with its reasons, and what a crossing record needs.
 *
 * @param reasons every reason found, in {@link BorderReason}'s order, never empty
 * @param cardProblem why the card was not accepted, when the codec refused it
 * @param consentProblem why the consent was not accepted, when the codec refused it
 * @param alert the missing-child alert, exactly when the outcome is {@link Outcome#ALERT}
 * @param sentence what the officer is told, in plain words, without the child's personal data
 * @param child the child number, when a genuine card was read
 * @param consentId the presented consent's id, when the codec accepted it
 * @param companion the companion's document digest under the card's salt, when a genuine card was
 *     read ({@link DocumentDigest}): only whoever holds the card can match it
 * @param checkpointCountry the checkpoint's country
 * @param destination the country the child travels to: the checkpoint's own for an entry
 * @param bundleAge how old the bundle was at the check
 */
public record BorderDecision(
    Outcome outcome,
    List<BorderReason> reasons,
    Optional<CredentialProblem> cardProblem,
    Optional<CredentialProblem> consentProblem,
    Optional<ActiveAlert> alert,
    String sentence,
    Optional<ChildNumber> child,
    Optional<Hash> consentId,
    Optional<Hash> companion,
    String checkpointId,
    Jurisdiction checkpointCountry,
    Direction direction,
    Jurisdiction destination,
    Instant checkedAt,
    long bundleVersion,
    Duration bundleAge) {
  public BorderDecision {
    Objects.requireNonNull(outcome, "outcome");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(cardProblem, "cardProblem");
    Objects.requireNonNull(consentProblem, "consentProblem");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(sentence, "sentence");
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(consentId, "consentId");
    Objects.requireNonNull(companion, "companion");
    Objects.requireNonNull(checkpointId, "checkpointId");
    Objects.requireNonNull(checkpointCountry, "checkpointCountry");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(bundleAge, "bundleAge");
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("reasons: a decision always has one");
    }
    if ((outcome == Outcome.ALERT) != alert.isPresent()) {
      throw new IllegalArgumentException("alert: present exactly when the outcome is ALERT");
    }
  }

  /** Whom the officer calls: the alert's contact point, when the outcome is ALERT. */
  public Optional<String> contactPoint() {
    return alert.map(ActiveAlert::contactPoint);
  }
}
