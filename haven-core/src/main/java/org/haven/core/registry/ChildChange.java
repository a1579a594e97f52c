package org.haven.core.registry;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.ChangeChildStatus;
import org.haven.core.tx.CorrectChild;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.DecideFoundChild;
import org.haven.core.tx.DeclareChild;
import org.haven.core.tx.DeclareFoundChild;
import org.haven.core.tx.GrantConsent;
import org.haven.core.tx.IssueCard;
import org.haven.core.tx.Kind;
import org.haven.core.tx.LinkGuardian;
import org.haven.core.tx.Payload;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.RecordEvent;
import org.haven.core.tx.ResolveDuplicate;
import org.haven.core.tx.RevokeCard;
import org.haven.core.tx.RevokeConsent;
import org.haven.core.tx.SetAlert;
import org.haven.core.tx.Transaction;

/**
 * One ledger change about a child, as the child's record history shows it: which transaction, when
 * its officer signed it, what it did and why. Nothing personal: every field is on the ledger.
 *
 * @param what what the change did, in the ledger's own terms (a decision, a status, an alert action
 *     and priority, a guardian's relationship...); empty when the kind says it all
 * @param why the reason, reference or purpose the officer gave; empty when the kind has none
 * @param commitment for a declaration or correction, the commitment to the personal data it
 *     recorded, which tells which version of the data in the vault it made
 */
public record ChildChange(
    long logIndex,
    Hash transactionId,
    long atMillis,
    OfficerId officer,
    Kind kind,
    String what,
    String why,
    Optional<Hash> commitment) {
  public ChildChange {
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(why, "why");
    Objects.requireNonNull(commitment, "commitment");
  }

  /**
   * The change {@code tx}, at {@code logIndex} of the log, made to {@code child}, if it concerns
   * the child in any role: the subject of a declaration or decision, either side of a duplicate
   * review or found-child match, the child of a consent or crossing. Reads of personal data ({@code
   * RECORD_ACCESS}) are not changes; the child's access log lists them.
   *
   * @param consents the ids of the child's travel consents, which a revocation names instead of the
   *     child
   */
  public static Optional<ChildChange> of(
      long logIndex, Transaction tx, ChildNumber child, Set<Hash> consents) {
    return detail(tx.payload(), child, consents)
        .map(
            detail ->
                new ChildChange(
                    logIndex,
                    tx.id(),
                    tx.body().createdAtMillis(),
                    tx.body().actor(),
                    tx.payload().kind(),
                    detail.what(),
                    detail.why(),
                    detail.commitment()));
  }

  private record Detail(String what, String why, Optional<Hash> commitment) {
    Detail(String what, String why) {
      this(what, why, Optional.empty());
    }
  }

  private static final Optional<Detail> NOT_ABOUT_IT = Optional.empty();

  /**
   * What the payload did to the child, or empty if it is not about the child. An exhaustive switch:
   * a new kind must say here whether, and how, it changes a child's record.
   */
  private static Optional<Detail> detail(Payload payload, ChildNumber child, Set<Hash> consents) {
    return switch (payload.kind()) {
      case ENROL_OFFICER,
          REVOKE_OFFICER,
          ADMIT_MEMBER,
          REMOVE_MEMBER,
          ROTATE_MEMBER_KEY,
          RECORD_ACCESS,
          SET_CONSENT_RULE,
          COSIGN_CHECKPOINT,
          PROPOSE_GOVERNANCE,
          ENDORSE_PROPOSAL,
          GRANT_JURISDICTION,
          REVOKE_ISSUER_KEY,
          ATTEST_BUNDLE ->
          NOT_ABOUT_IT;
      case DECLARE_CHILD -> {
        DeclareChild declare = (DeclareChild) payload;
        yield when(
            declare.child().equals(child),
            () ->
                new Detail(
                    declare.evidence().name() + (declare.late() ? " LATE" : ""),
                    "",
                    Optional.of(declare.commitment())));
      }
      case DECIDE_DECLARATION -> {
        DecideDeclaration decide = (DecideDeclaration) payload;
        yield when(
            decide.child().equals(child),
            () -> new Detail(decide.decision().name(), decide.reason()));
      }
      case RESOLVE_DUPLICATE -> {
        ResolveDuplicate resolve = (ResolveDuplicate) payload;
        ChildNumber other = resolve.child().equals(child) ? resolve.candidate() : resolve.child();
        yield when(
            resolve.child().equals(child) || resolve.candidate().equals(child),
            () ->
                new Detail(
                    (resolve.duplicate() ? "DUPLICATE " : "NOT_DUPLICATE ") + other.display(), ""));
      }
      case CORRECT_CHILD -> {
        CorrectChild correct = (CorrectChild) payload;
        yield when(
            correct.child().equals(child),
            () -> new Detail("", correct.reason(), Optional.of(correct.commitment())));
      }
      case CHANGE_CHILD_STATUS -> {
        ChangeChildStatus change = (ChangeChildStatus) payload;
        yield when(
            change.child().equals(child),
            () -> new Detail(change.status().name(), change.reason()));
      }
      case LINK_GUARDIAN -> {
        LinkGuardian link = (LinkGuardian) payload;
        yield when(
            link.child().equals(child),
            () ->
                new Detail(
                    (link.linked() ? "LINK " : "UNLINK ") + link.link().relationship().name(),
                    link.link().reference()));
      }
      case SET_ALERT -> {
        SetAlert alert = (SetAlert) payload;
        yield when(
            alert.child().equals(child),
            () ->
                new Detail(alert.action().name() + " " + alert.priority().name(), alert.reason()));
      }
      case RECORD_EVENT -> {
        RecordEvent event = (RecordEvent) payload;
        yield when(event.child().equals(child), () -> new Detail(event.type().name(), ""));
      }
      case GRANT_CONSENT -> {
        TravelConsent consent = ((GrantConsent) payload).consent();
        yield when(
            consent.child().equals(child),
            () ->
                new Detail(
                    consent.destinations().stream()
                            .map(Jurisdiction::code)
                            .collect(Collectors.joining(","))
                        + " "
                        + consent.validFrom()
                        + ".."
                        + consent.validUntil(),
                    consent.reference()));
      }
      case REVOKE_CONSENT -> {
        RevokeConsent revoke = (RevokeConsent) payload;
        yield when(consents.contains(revoke.consentId()), () -> new Detail("", revoke.reason()));
      }
      case RECORD_CROSSING -> {
        RecordCrossing crossing = (RecordCrossing) payload;
        yield when(
            crossing.child().filter(child::equals).isPresent(),
            () ->
                new Detail(
                    crossing.direction().name()
                        + " "
                        + crossing.checkpoint()
                        + " "
                        + crossing.outcome().name(),
                    String.join("; ", crossing.reasons())));
      }
      case ISSUE_CARD -> {
        IssueCard issue = (IssueCard) payload;
        yield when(issue.child().equals(child), () -> new Detail("", ""));
      }
      case REVOKE_CARD -> {
        RevokeCard revoke = (RevokeCard) payload;
        yield when(revoke.child().equals(child), () -> new Detail("", revoke.reason()));
      }
      case DECLARE_FOUND_CHILD -> {
        DeclareFoundChild declare = (DeclareFoundChild) payload;
        yield when(
            declare.child().equals(child),
            () -> new Detail("", "", Optional.of(declare.commitment())));
      }
      case DECIDE_FOUND_CHILD -> {
        DecideFoundChild decide = (DecideFoundChild) payload;
        yield when(
            decide.child().equals(child) || decide.match().filter(child::equals).isPresent(),
            () ->
                new Detail(
                    decide.decision().name()
                        + decide.match().map(match -> " " + match.display()).orElse(""),
                    decide.reason()));
      }
    };
  }

  private static Optional<Detail> when(boolean about, Supplier<Detail> detail) {
    return about ? Optional.of(detail.get()) : NOT_ABOUT_IT;
  }
}
