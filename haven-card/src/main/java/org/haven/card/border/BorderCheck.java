package org.haven.card.border;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.haven.card.CardClaims;
import org.haven.card.CardGuardian;
import org.haven.card.ConsentClaims;
import org.haven.card.CredentialProblem;
import org.haven.card.CredentialRead;
import org.haven.card.bundle.ActiveAlert;
import org.haven.card.bundle.VerifierBundle;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.ConsentState;

/**
 * The border decision, fully offline: the card and consent as the codec read them, checked against
 * the verifier bundle. docs/border.md has the rules as a table.
 *
 * <ul>
 *   <li>A card that is not genuine, from an unknown issuer, expired, revoked or suspended, revoked
 *       on its own (lost or stolen), or claiming a longer validity than the policy means secondary
 *       inspection: a document that is not genuine is never a silent pass.
 *   <li>A child with an active missing-child alert means ALERT, whatever else holds. The alert is
 *       looked up for the card's child and for the child a genuine consent names.
 *   <li>The companion needs authority: a guardian on the card (for an exit, one who may consent to
 *       travel), or a valid consent for this child, companion, destination and date that the bundle
 *       lists as active. Without either: secondary inspection.
 *   <li>A genuine card proves whose card it is, not who carries it: the officer compares the child
 *       with the card's photo, names and age ({@link ChildComparison}). A child who does not match
 *       means secondary inspection; a confirmed match is recorded as a reason of its own.
 *   <li>A bundle older than the limit downgrades PASS to secondary inspection: the device can no
 *       longer vouch that no revocation or alert has been issued since.
 * </ul>
 *
 * <p>A check costs a few SHA-256 hashes and hash-map lookups beside the card's one signature
 * verification, which the codec does before. Instances are immutable and thread-safe.
 */
public final class BorderCheck {
  /** How far the device's clock may be behind the node's before its dates are not trusted. */
  static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

  private final VerifierBundle bundle;
  private final BorderPost post;
  private final Duration maxBundleAge;
  private final ConsentLedger ledger;

  /**
   * An offline check: the bundle alone decides.
   *
   * @param maxBundleAge how old a bundle may be before PASS becomes secondary inspection
   * @throws IllegalArgumentException unless {@code maxBundleAge} is positive
   */
  public BorderCheck(VerifierBundle bundle, BorderPost post, Duration maxBundleAge) {
    this(bundle, post, maxBundleAge, ConsentLedger.OFFLINE);
  }

  /**
   * An online check: a consent the ledger has ended (used or revoked) fails with the reason that
   * says which, even when the bundle, made before, still lists it.
   *
   * @param maxBundleAge how old a bundle may be before PASS becomes secondary inspection
   * @throws IllegalArgumentException unless {@code maxBundleAge} is positive
   */
  public BorderCheck(
      VerifierBundle bundle, BorderPost post, Duration maxBundleAge, ConsentLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.bundle = Objects.requireNonNull(bundle, "bundle");
    this.post = Objects.requireNonNull(post, "post");
    if (maxBundleAge.isNegative() || maxBundleAge.isZero()) {
      throw new IllegalArgumentException("maxBundleAge: must be positive");
    }
    this.maxBundleAge = maxBundleAge;
  }

  /** Decides one crossing at {@code now}. Never throws for bad credentials: they are reasons. */
  public BorderDecision decide(Presentation presentation, Instant now) {
    Set<BorderReason> reasons = EnumSet.noneOf(BorderReason.class);
    Duration age = bundle.age(now);
    if (age.compareTo(CLOCK_TOLERANCE.negated()) < 0) {
      reasons.add(BorderReason.DEVICE_CLOCK_BEHIND_BUNDLE);
    } else if (age.compareTo(maxBundleAge) > 0) {
      reasons.add(BorderReason.BUNDLE_STALE);
    }
    Jurisdiction destination = presentation.destination().orElse(post.country());
    LocalDate today = LocalDate.ofInstant(now, post.zone());

    Optional<ConsentClaims> consent = presentation.consent().flatMap(BorderCheck::claims);
    Optional<CredentialProblem> consentProblem =
        presentation.consent().flatMap(BorderCheck::problem);
    consentProblem.ifPresent(
        problem ->
            reasons.add(
                problem == CredentialProblem.EXPIRED
                    ? BorderReason.CONSENT_EXPIRED
                    : BorderReason.CONSENT_NOT_GENUINE));

    Optional<CardClaims> card = claims(presentation.card());
    Optional<CredentialProblem> cardProblem = problem(presentation.card());
    cardProblem.ifPresent(problem -> reasons.add(cardReason(problem)));
    card.ifPresent(
        claims -> {
          checkCard(claims, now, reasons);
          checkAuthority(claims, presentation, consent, destination, today, reasons);
          if (presentation.comparison() == ChildComparison.MATCHES) {
            reasons.add(BorderReason.CHILD_MATCHES_CARD);
          }
        });
    if (presentation.comparison() == ChildComparison.DOES_NOT_MATCH) {
      reasons.add(BorderReason.CHILD_DOES_NOT_MATCH_CARD);
    }

    Optional<ActiveAlert> alert =
        card.flatMap(claims -> bundle.alert(claims.child()))
            .or(() -> presentation.typedChild().flatMap(bundle::alert))
            .or(() -> consent.flatMap(claims -> bundle.alert(claims.child())));
    if (alert.isPresent()) {
      reasons.add(BorderReason.MISSING_CHILD_ALERT);
    }

    Outcome outcome =
        reasons.stream()
            .map(BorderReason::minimumOutcome)
            .max(Enum::compareTo)
            .orElseThrow(() -> new IllegalStateException("a decision always has a reason"));
    return new BorderDecision(
        outcome,
        List.copyOf(reasons),
        cardProblem,
        consentProblem,
        alert,
        sentence(outcome, reasons, alert, cardProblem, consentProblem, age),
        card.map(CardClaims::child),
        consent.map(ConsentClaims::consentId),
        card.map(claims -> presentation.companion().digest(claims.salt())),
        post.id(),
        post.country(),
        presentation.direction(),
        destination,
        now,
        bundle.version(),
        age);
  }

  private static <T> Optional<T> claims(CredentialRead<T> read) {
    return read instanceof CredentialRead.Valid<T> valid
        ? Optional.of(valid.claims())
        : Optional.empty();
  }

  private static <T> Optional<CredentialProblem> problem(CredentialRead<T> read) {
    return read instanceof CredentialRead.Invalid<T> invalid
        ? Optional.of(invalid.problem())
        : Optional.empty();
  }

  private static BorderReason cardReason(CredentialProblem problem) {
    switch (problem) {
      case UNKNOWN_ISSUER:
        return BorderReason.ISSUER_UNKNOWN;
      case NOT_PRESENTED:
        return BorderReason.CARD_NOT_PRESENTED;
      case EXPIRED:
        return BorderReason.CARD_EXPIRED;
      case REVOKED:
        return BorderReason.CARD_REVOKED;
      case LIFETIME_OVER_POLICY:
        return BorderReason.CARD_LIFETIME_OVER_POLICY;
      default:
        return BorderReason.CARD_NOT_GENUINE;
    }
  }

  /**
   * Checks again what the codec may have checked against another trust list or clock: the issuer
   * must be in this bundle, whose status list is the one to ask.
   */
  private void checkCard(CardClaims card, Instant now, Set<BorderReason> reasons) {
    if (!now.isBefore(card.expiresAt())) {
      reasons.add(BorderReason.CARD_EXPIRED);
    }
    if (!bundle.isIssuer(card.issuer())) {
      reasons.add(BorderReason.ISSUER_UNKNOWN);
    } else if (bundle.isRevoked(card.issuer(), card.statusIndex())) {
      reasons.add(BorderReason.CARD_REVOKED_OR_SUSPENDED);
    }
  }

  /**
   * A guardian on the card has authority to enter with the child; to exit, the guardian must also
   * be one who may consent to travel. Anyone else needs a valid consent. Without authority, the
   * reason says which of the two the companion is, so the officer never reads both "not a guardian"
   * and "a guardian".
   */
  private void checkAuthority(
      CardClaims card,
      Presentation presentation,
      Optional<ConsentClaims> consent,
      Jurisdiction destination,
      LocalDate today,
      Set<BorderReason> reasons) {
    Hash companion = presentation.companion().digest(card.salt());
    boolean guardian = false;
    boolean authorised = false;
    for (CardGuardian named : card.guardians()) {
      if (named.document().filter(companion::equals).isPresent()) {
        guardian = true;
        authorised |= presentation.direction() == Direction.ENTRY || named.mayConsentToTravel();
      }
    }
    if (authorised) {
      reasons.add(BorderReason.COMPANION_IS_GUARDIAN);
    }
    boolean consentValid =
        consent.isPresent()
            && consentValid(consent.get(), card, presentation, destination, today, reasons);
    if (consentValid) {
      reasons.add(BorderReason.CONSENT_VALID);
    } else if (!authorised) {
      reasons.add(
          guardian
              ? BorderReason.GUARDIAN_WITHOUT_TRAVEL_AUTHORITY
              : BorderReason.NO_VALID_CONSENT);
    }
  }

  /** Adds every reason the consent fails for, and returns whether it fails for none. */
  private boolean consentValid(
      ConsentClaims consent,
      CardClaims card,
      Presentation presentation,
      Jurisdiction destination,
      LocalDate today,
      Set<BorderReason> reasons) {
    Set<BorderReason> failures = EnumSet.noneOf(BorderReason.class);
    if (!consent.child().equals(card.child())) {
      failures.add(BorderReason.CONSENT_FOR_ANOTHER_CHILD);
    }
    if (!consent.companion().equals(presentation.companion().digest(consent.salt()))) {
      failures.add(BorderReason.CONSENT_WRONG_COMPANION);
    }
    if (today.isBefore(consent.validFrom())) {
      failures.add(BorderReason.CONSENT_NOT_YET_VALID);
    }
    if (today.isAfter(consent.validUntil())) {
      failures.add(BorderReason.CONSENT_EXPIRED);
    }
    if (!consent.destinations().contains(destination)) {
      failures.add(BorderReason.CONSENT_WRONG_DESTINATION);
    }
    Optional<ConsentState> ended =
        ledger.state(consent.consentId()).filter(state -> state != ConsentState.ACTIVE);
    Optional<LocalDate> listedUntil = bundle.consentValidUntil(consent.consentId());
    if (ended.isPresent()) {
      failures.add(endedReason(ended.get()));
    } else if (listedUntil.isEmpty()) {
      failures.add(
          consent.issuedAt().isBefore(bundle.createdAt())
              ? BorderReason.CONSENT_NOT_ACTIVE
              : BorderReason.CONSENT_NEWER_THAN_BUNDLE);
    } else if (today.isAfter(listedUntil.get())) {
      failures.add(BorderReason.CONSENT_EXPIRED);
    }
    reasons.addAll(failures);
    return failures.isEmpty();
  }

  private static BorderReason endedReason(ConsentState state) {
    return switch (state) {
      case USED -> BorderReason.CONSENT_USED;
      case REVOKED -> BorderReason.CONSENT_REVOKED;
      case ENDED -> BorderReason.CONSENT_NOT_ACTIVE;
      case ACTIVE -> throw new IllegalStateException("an active consent has not ended");
    };
  }

  /**
   * The sentence of the first reason that calls for the outcome, then a word about the bundle or
   * clock if that is not already the lead. The sentence names no child and no document.
   */
  private String sentence(
      Outcome outcome,
      Set<BorderReason> reasons,
      Optional<ActiveAlert> alert,
      Optional<CredentialProblem> cardProblem,
      Optional<CredentialProblem> consentProblem,
      Duration age) {
    BorderReason lead =
        reasons.stream()
            .filter(reason -> reason.minimumOutcome() == outcome)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the outcome comes from a reason"));
    StringBuilder sentence = new StringBuilder();
    switch (lead) {
      case MISSING_CHILD_ALERT:
        ActiveAlert found = alert.orElseThrow();
        sentence
            .append("Missing-child alert, priority ")
            .append(found.priority())
            .append(": keep the child and the companion here and contact ")
            .append(found.contactPoint())
            .append('.');
        break;
      case CARD_NOT_GENUINE:
        sentence
            .append("The card is not genuine (")
            .append(cardProblem.orElseThrow())
            .append("): send to secondary inspection.");
        break;
      case ISSUER_UNKNOWN:
        sentence.append("The card's issuer is not trusted here: send to secondary inspection.");
        break;
      case CARD_NOT_PRESENTED:
        sentence.append(
            "No card was scanned, only a typed child number, so nothing shows the card is"
                + " genuine: send to secondary inspection.");
        break;
      case CARD_EXPIRED:
        sentence.append("The card has expired: send to secondary inspection.");
        break;
      case CARD_REVOKED_OR_SUSPENDED:
        sentence.append("The card is revoked or suspended: send to secondary inspection.");
        break;
      case CARD_REVOKED:
        sentence.append(
            "This card was revoked, for example reported lost or stolen: keep it and send to"
                + " secondary inspection.");
        break;
      case CARD_LIFETIME_OVER_POLICY:
        sentence.append(
            "The card claims a validity longer than any card has: send to secondary inspection.");
        break;
      case CHILD_DOES_NOT_MATCH_CARD:
        sentence.append(
            "The child does not match the card's photo, names or age: the card may be another"
                + " child's. Keep the card and send to secondary inspection.");
        break;
      case CONSENT_NOT_GENUINE:
        sentence
            .append("The travel consent is not genuine (")
            .append(consentProblem.orElseThrow())
            .append("): send to secondary inspection.");
        break;
      case NO_VALID_CONSENT:
        sentence.append(
            "Minor travelling without parental permission: send to secondary inspection.");
        break;
      case GUARDIAN_WITHOUT_TRAVEL_AUTHORITY:
        sentence.append(
            "The companion is a guardian on the card who may not take the child out of the"
                + " country, and shows no valid travel consent: send to secondary inspection.");
        break;
      case DEVICE_CLOCK_BEHIND_BUNDLE:
        sentence.append(clockSentence()).append(" Send to secondary inspection.");
        break;
      case BUNDLE_STALE:
        sentence.append(staleSentence(age)).append(" Send to secondary inspection.");
        break;
      case COMPANION_IS_GUARDIAN:
        sentence.append("Travel permitted: the companion is the child's guardian.");
        break;
      case CONSENT_VALID:
        sentence.append("Travel permitted: the companion holds a valid travel consent.");
        break;
      case CHILD_MATCHES_CARD:
      case CONSENT_FOR_ANOTHER_CHILD:
      case CONSENT_WRONG_COMPANION:
      case CONSENT_NOT_YET_VALID:
      case CONSENT_EXPIRED:
      case CONSENT_WRONG_DESTINATION:
      case CONSENT_NOT_ACTIVE:
      case CONSENT_USED:
      case CONSENT_REVOKED:
      case CONSENT_NEWER_THAN_BUNDLE:
        throw new IllegalStateException(lead + " never decides an outcome");
    }
    if (lead != BorderReason.BUNDLE_STALE && reasons.contains(BorderReason.BUNDLE_STALE)) {
      sentence.append(' ').append(staleSentence(age));
    }
    if (lead != BorderReason.DEVICE_CLOCK_BEHIND_BUNDLE
        && reasons.contains(BorderReason.DEVICE_CLOCK_BEHIND_BUNDLE)) {
      sentence.append(' ').append(clockSentence());
    }
    return sentence.toString();
  }

  private String staleSentence(Duration age) {
    return "The verifier bundle is "
        + span(age)
        + " old, beyond the limit of "
        + span(maxBundleAge)
        + ": update it.";
  }

  /**
   * A span in whole days when the limit is two days or more, else in whole hours, so the age and
   * the limit read in one unit: "9 days" against "7 days", "51 hours" against "24 hours".
   */
  private String span(Duration duration) {
    return maxBundleAge.toDays() >= 2 ? duration.toDays() + " days" : duration.toHours() + " hours";
  }

  private static String clockSentence() {
    return "This device's clock is behind the verifier bundle's date: have it corrected.";
  }
}
