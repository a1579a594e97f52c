package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.registry.EventType;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.TimelineEvent;
import org.haven.core.registry.TravelConsent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.RegistryState;
import org.haven.core.text.BoundedText;

/**
 * A border officer records a check: the actual or attempted crossing and its outcome, passed or
 * not. A check made offline carries the id the device gave it, so uploading it again is refused as
 * a replay ({@link RejectReason#DUPLICATE_ID}) and it counts once. A check of a child on the ledger
 * joins the child's timeline; a single-trip consent that let the child pass is used up.
 *
 * @param recordId the check's idempotent id, the SHA-256 of the device's signed record
 * @param child the child number read from the card, if one could be read
 * @param checkpoint the border checkpoint's id, for example {@code KE-NAMANGA}
 * @param reasons the decision's machine-readable reasons
 * @param checkedAtMillis when the check was made, which may be long before the upload
 * @param consentId the consent presented, if any
 */
public record RecordCrossing(
    Hash recordId,
    Optional<ChildNumber> child,
    Direction direction,
    String checkpoint,
    Outcome outcome,
    List<String> reasons,
    long checkedAtMillis,
    Optional<Hash> consentId)
    implements Payload {
  /** The most reasons one check records. */
  public static final int MAX_REASONS = 16;

  private static final Pattern REASON = Pattern.compile("[A-Z][A-Z_]{0,63}");

  /** Leaving or entering the country of the checkpoint. */
  public enum Direction {
    EXIT,
    ENTRY
  }

  /** The border decision. */
  public enum Outcome {
    PASS,
    SECONDARY_INSPECTION,
    ALERT
  }

  public RecordCrossing {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(direction, "direction");
    BoundedText.require("checkpoint", checkpoint);
    Objects.requireNonNull(outcome, "outcome");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(consentId, "consentId");
    if (reasons.size() > MAX_REASONS
        || !reasons.stream().allMatch(reason -> REASON.matcher(reason).matches())) {
      throw new IllegalArgumentException(
          "reasons: at most " + MAX_REASONS + " codes of capitals and underscores");
    }
    if (checkedAtMillis < 0) {
      throw new IllegalArgumentException("checkedAtMillis: must not be negative");
    }
  }

  static RecordCrossing decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    Hash recordId = in.hash("record id");
    Optional<ChildNumber> child =
        in.bool("has child")
            ? Optional.of(RegistryCodec.readChildNumber(in, "child"))
            : Optional.empty();
    Direction direction = IdentityCodec.readEnum(in, Direction.values(), "direction");
    String checkpoint = BoundedText.read(in, "checkpoint", BoundedText.MAX_LENGTH);
    Outcome outcome = IdentityCodec.readEnum(in, Outcome.values(), "outcome");
    List<String> reasons = in.list("reasons", MAX_REASONS, r -> r.string("reason"));
    long checkedAt = in.u64("checked at");
    Optional<Hash> consentId =
        in.bool("has consent") ? Optional.of(in.hash("consent id")) : Optional.empty();
    try {
      return new RecordCrossing(
          recordId, child, direction, checkpoint, outcome, reasons, checkedAt, consentId);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  @Override
  public Kind kind() {
    return Kind.RECORD_CROSSING;
  }

  @Override
  public void encode(CanonicalWriter out) {
    out.hash(recordId).bool(child.isPresent());
    child.ifPresent(number -> RegistryCodec.writeChildNumber(out, number));
    out.u8(direction.ordinal())
        .string(checkpoint)
        .u8(outcome.ordinal())
        .list(reasons, CanonicalWriter::string)
        .u64(checkedAtMillis)
        .bool(consentId.isPresent());
    consentId.ifPresent(out::hash);
  }

  @Override
  public Validation check(TxContext context) {
    Validation role = context.permit(Permissions.Action.RECORD_CROSSING);
    if (!role.isAccepted()) {
      return role;
    }
    if (context.state().registry().crossingRecorded(recordId)) {
      return reject(
          RejectReason.DUPLICATE_ID, "border check " + recordId + " is already on the ledger");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    RegistryState registry = context.state().registry();
    registry.markCrossingRecorded(recordId);
    if (child.isEmpty() || registry.child(child.get()).isEmpty()) {
      return;
    }
    EventType type =
        direction == Direction.EXIT ? EventType.CROSSING_EXIT : EventType.CROSSING_ENTRY;
    registry.appendEvent(
        child.get(),
        new TimelineEvent(
            type, context.actor().jurisdiction(), checkedAtMillis, context.actor().id()));
    if (outcome == Outcome.PASS && consentId.isPresent()) {
      registry
          .consent(consentId.get())
          .filter(
              consent ->
                  consent.active()
                      && !consent.multipleTrips()
                      && consent.child().equals(child.get()))
          .map(TravelConsent::ended)
          .ifPresent(registry::putConsent);
    }
  }
}
