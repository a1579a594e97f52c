package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.registry.Alert;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.EventType;
import org.haven.core.registry.FoundRecord;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.TimelineEvent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.FoundMatchRule;
import org.haven.core.state.RegistryState;

/**
 * A registrar of the jurisdiction where a child was found resolves the found record: confirms that
 * it is a child already on the ledger, or registers it as a new child with evidence {@code
 * FOUND_CHILD}. A confirmed match must be one the ledger's own rule finds ({@link FoundMatchRule}
 * over the two records' tokens and the child's open alert), so no registrar can tie a found child
 * to an arbitrary record. Both records' timelines show the confirmation; the found record becomes
 * {@code DUPLICATE} of the child it is. The child's alert stays open: whoever raised it resolves
 * it.
 *
 * @param match the child the found child is; present exactly for {@code CONFIRM_MATCH}
 */
public record DecideFoundChild(
    ChildNumber child, Decision decision, Optional<ChildNumber> match, String reason)
    implements Payload {

  /** What the registrar decided. Wire codes are fixed. */
  public enum Decision implements WireCode {
    CONFIRM_MATCH(0, ChildStatus.DUPLICATE, FoundRecord.Resolution.MATCHED),
    REGISTER_NEW(1, ChildStatus.REGISTERED, FoundRecord.Resolution.REGISTERED);

    private final int code;
    private final ChildStatus status;
    private final FoundRecord.Resolution resolution;

    Decision(int code, ChildStatus status, FoundRecord.Resolution resolution) {
      this.code = code;
      this.status = status;
      this.resolution = resolution;
    }

    @Override
    public int code() {
      return code;
    }
  }

  /** A found child may be confirmed to be a child in one of these states. */
  private static final Set<ChildStatus> MATCHABLE =
      EnumSet.of(
          ChildStatus.DECLARED,
          ChildStatus.INFO_REQUESTED,
          ChildStatus.REGISTERED,
          ChildStatus.SUSPENDED);

  /** Whether a found child may be confirmed to be a child whose record is in {@code status}. */
  public static boolean matchable(ChildStatus status) {
    return MATCHABLE.contains(status);
  }

  public DecideFoundChild {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(match, "match");
    Text.requireReason(reason);
    if (match.isPresent() != (decision == Decision.CONFIRM_MATCH)) {
      throw new IllegalArgumentException(
          "match: name the child the found child is exactly when confirming a match");
    }
  }

  static DecideFoundChild decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    ChildNumber child = RegistryCodec.readChildNumber(in, "child");
    Decision decision = WireCode.read(in, Decision.values(), "decision");
    Optional<ChildNumber> match =
        in.bool("has match")
            ? Optional.of(RegistryCodec.readChildNumber(in, "match"))
            : Optional.empty();
    String reason = Text.readReason(in);
    try {
      return new DecideFoundChild(child, decision, match, reason);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  @Override
  public Kind kind() {
    return Kind.DECIDE_FOUND_CHILD;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    WireCode.write(out, decision);
    out.bool(match.isPresent());
    match.ifPresent(number -> RegistryCodec.writeChildNumber(out, number));
    out.string(reason);
  }

  @Override
  public Validation check(TxContext context) {
    RegistryRules.Lookup subject =
        RegistryRules.actingOn(context, child, Permissions.Action.DECIDE_FOUND_CHILD);
    if (!subject.validation().isAccepted()) {
      return subject.validation();
    }
    ChildRecord found = subject.record().orElseThrow();
    if (found.status() != ChildStatus.FOUND) {
      return reject(
          RejectReason.CONFLICT,
          "child " + child + " is " + found.status() + ", not a found child awaiting a decision");
    }
    if (match.isEmpty()) {
      return Validation.accepted();
    }
    ChildNumber other = match.get();
    Optional<ChildRecord> target = RegistryRules.child(context, other);
    if (target.isEmpty()) {
      return RegistryRules.unknownChild(other);
    }
    if (!matchable(target.get().status())) {
      return reject(
          RejectReason.CONFLICT,
          "child " + other + " is " + target.get().status() + "; a found child cannot be it");
    }
    boolean alert = context.state().registry().alert(other).filter(Alert::open).isPresent();
    if (FoundMatchRule.between(found.linkageTokens(), target.get().linkageTokens(), alert)
        .isEmpty()) {
      return reject(
          RejectReason.CONFLICT,
          "child "
              + other
              + " is not a possible match of found child "
              + child
              + "; confirm one of its candidates, or register the found child as new");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    RegistryState registry = context.state().registry();
    long at = context.body().createdAtMillis();
    registry.updateChild(child, record -> record.withStatus(decision.status));
    ChildRecord found = registry.child(child).orElseThrow();
    registry
        .found(child)
        .ifPresent(
            record ->
                registry.putFound(
                    record.resolved(decision.resolution, match, context.actor().id(), reason)));
    EventType event =
        decision == Decision.CONFIRM_MATCH
            ? EventType.FOUND_IDENTIFIED
            : EventType.FOUND_REGISTERED;
    TimelineEvent entry = new TimelineEvent(event, found.jurisdiction(), at, context.actor().id());
    registry.appendEvent(child, entry);
    match.ifPresent(other -> registry.appendEvent(other, entry));
    if (decision == Decision.REGISTER_NEW) {
      registry.assignStatusIndex(child, found.issuer());
    }
  }
}
