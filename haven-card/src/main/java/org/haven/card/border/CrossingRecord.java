package org.haven.card.border;

import java.util.Optional;
import org.haven.card.ConsentClaims;
import org.haven.core.registry.TravelConsent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.RecordCrossing;

/**
 * One border check as the ledger records it: a {@link RecordCrossing} carrying every field of the
 * decision. It names the child only by child number, and holds no names and no document numbers
 * (the companion's document only as its digest under the card's salt). docs/border.md lists the
 * fields.
 */
public final class CrossingRecord {
  private CrossingRecord() {}

  /**
   * The record of {@code decision}.
   *
   * @param typedChild the child number the officer typed when no card was scanned
   * @param consentCredential the consent's {@code HV1:} text as presented, when the codec accepted
   *     it ({@link ConsentClaims}): its digest is the proof the consent was shown
   */
  public static RecordCrossing of(
      BorderDecision decision,
      Optional<ChildNumber> typedChild,
      Optional<String> consentCredential) {
    return new RecordCrossing(
        decision.child().or(() -> typedChild),
        decision.direction() == Direction.EXIT
            ? RecordCrossing.Direction.EXIT
            : RecordCrossing.Direction.ENTRY,
        decision.checkpointId(),
        decision.checkpointCountry(),
        decision.destination(),
        RecordCrossing.Outcome.valueOf(decision.outcome().name()),
        decision.reasons().stream().map(Enum::name).toList(),
        decision.cardProblem().map(Enum::name),
        decision.consentProblem().map(Enum::name),
        decision
            .consentId()
            .flatMap(
                id ->
                    consentCredential.map(
                        text ->
                            new RecordCrossing.ShownConsent(
                                id, TravelConsent.credentialDigest(text)))),
        decision.companion(),
        decision.bundleVersion(),
        decision.checkedAt().toEpochMilli());
  }
}
