package org.haven.card.border;

import java.util.Objects;
import java.util.Optional;
import org.haven.card.CardClaims;
import org.haven.card.ConsentClaims;
import org.haven.card.CredentialProblem;
import org.haven.card.CredentialRead;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.identity.ChildNumber;

/**
 * What is shown at the checkpoint: the child's card as the codec read it, the companion's document,
 * perhaps a travel consent, and where the child is going.
 *
 * @param destination for an exit, the country the child travels to, as the travel document or
 *     ticket shows; empty for an entry, whose destination is the checkpoint's country
 * @param typedChild the child number the officer typed when no card could be scanned; the card is
 *     then {@link CredentialProblem#NOT_PRESENTED}, and the number is only looked up for alerts
 * @param comparison whether the officer found that the child matches the card's holder
 */
public record Presentation(
    CredentialRead<CardClaims> card,
    CompanionDocument companion,
    Optional<CredentialRead<ConsentClaims>> consent,
    Direction direction,
    Optional<Jurisdiction> destination,
    Optional<ChildNumber> typedChild,
    ChildComparison comparison) {
  /**
   * @throws IllegalArgumentException unless an exit has a destination and an entry has none
   */
  public Presentation {
    Objects.requireNonNull(card, "card");
    Objects.requireNonNull(companion, "companion");
    Objects.requireNonNull(consent, "consent");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(typedChild, "typedChild");
    Objects.requireNonNull(comparison, "comparison");
    if ((direction == Direction.EXIT) != destination.isPresent()) {
      throw new IllegalArgumentException(
          "destination: an exit needs one; an entry's is the checkpoint's country");
    }
  }

  /** A presentation with a scanned card, or an unreadable one. */
  public Presentation(
      CredentialRead<CardClaims> card,
      CompanionDocument companion,
      Optional<CredentialRead<ConsentClaims>> consent,
      Direction direction,
      Optional<Jurisdiction> destination) {
    this(
        card,
        companion,
        consent,
        direction,
        destination,
        Optional.empty(),
        ChildComparison.NOT_MADE);
  }

  /** A child leaving the checkpoint's country for {@code destination}, without a consent. */
  public static Presentation exit(
      CredentialRead<CardClaims> card, CompanionDocument companion, Jurisdiction destination) {
    return new Presentation(
        card, companion, Optional.empty(), Direction.EXIT, Optional.of(destination));
  }

  /** A child entering the checkpoint's country, without a consent. */
  public static Presentation entry(CredentialRead<CardClaims> card, CompanionDocument companion) {
    return new Presentation(card, companion, Optional.empty(), Direction.ENTRY, Optional.empty());
  }

  /** The same presentation with a travel consent as the codec read it. */
  public Presentation withConsent(CredentialRead<ConsentClaims> consent) {
    return new Presentation(
        card, companion, Optional.of(consent), direction, destination, typedChild, comparison);
  }

  /** The same presentation with what the officer said of the child against the card. */
  public Presentation withComparison(ChildComparison comparison) {
    return new Presentation(
        card, companion, this.consent, direction, destination, typedChild, comparison);
  }

  /**
   * No card, only the child number typed by hand: the check can look up alerts, but nothing shows a
   * card is genuine.
   */
  public static Presentation typed(
      ChildNumber child,
      CompanionDocument companion,
      Direction direction,
      Optional<Jurisdiction> destination) {
    return new Presentation(
        new CredentialRead.Invalid<>(
            CredentialProblem.NOT_PRESENTED, "No card was scanned; the child number was typed."),
        companion,
        Optional.empty(),
        direction,
        destination,
        Optional.of(child),
        ChildComparison.NOT_MADE);
  }
}
