package org.haven.core.tx;

import java.util.Map;
import java.util.Objects;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.registry.EventType;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.TimelineEvent;
import org.haven.core.registry.identity.ChildNumber;

/**
 * Adds a pseudonymous event to a child's timeline: a sighting, a clinic or school check-in, a
 * crossing. The place is the recording officer's jurisdiction; the time is when they recorded it.
 */
public record RecordEvent(ChildNumber child, EventType type) implements Payload {
  private static final Map<EventType, Permissions.Action> ACTION =
      Map.of(
          EventType.SIGHTING, Permissions.Action.RECORD_SIGHTING,
          EventType.CLINIC_CHECK_IN, Permissions.Action.RECORD_CHECK_IN,
          EventType.SCHOOL_CHECK_IN, Permissions.Action.RECORD_CHECK_IN,
          EventType.CROSSING_EXIT, Permissions.Action.RECORD_CROSSING_EVENT,
          EventType.CROSSING_ENTRY, Permissions.Action.RECORD_CROSSING_EVENT);

  public RecordEvent {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(type, "type");
  }

  static RecordEvent decode(CanonicalReader in) throws DecodeException {
    ChildNumber child = RegistryCodec.readChildNumber(in, "child");
    return new RecordEvent(child, WireCode.read(in, EventType.values(), "event type"));
  }

  @Override
  public Kind kind() {
    return Kind.RECORD_EVENT;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    WireCode.write(out, type);
  }

  @Override
  public Validation check(TxContext context) {
    Permissions.Action action = ACTION.get(type);
    if (action == null) {
      return Validation.reject(
          RejectReason.MALFORMED,
          "event type " + type + " is recorded by its own transaction, not by hand");
    }
    Validation permitted = context.permit(action);
    if (!permitted.isAccepted()) {
      return permitted;
    }
    if (RegistryRules.child(context, child).isEmpty()) {
      return RegistryRules.unknownChild(child);
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    context
        .state()
        .registry()
        .appendEvent(
            child,
            new TimelineEvent(
                type,
                context.actor().jurisdiction(),
                context.body().createdAtMillis(),
                context.actor().id()));
  }
}
