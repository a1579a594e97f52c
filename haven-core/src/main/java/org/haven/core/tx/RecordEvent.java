package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.Role;
import org.haven.core.registry.EventType;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.TimelineEvent;
import org.haven.core.registry.identity.ChildNumber;

/**
 * Adds a pseudonymous event to a child's timeline: a sighting, a clinic or school check-in, a
 * crossing. The place is the recording officer's jurisdiction; the time is when they recorded it.
 */
public record RecordEvent(ChildNumber child, EventType type) implements Payload {
  private static final Map<Role, Set<EventType>> RECORDED_BY =
      Map.of(
          Role.FIELD_AGENT,
          Set.of(EventType.SIGHTING, EventType.CLINIC_CHECK_IN, EventType.SCHOOL_CHECK_IN),
          Role.CASE_WORKER,
          Set.of(EventType.SIGHTING),
          Role.BORDER_OFFICER,
          Set.of(EventType.CROSSING_EXIT, EventType.CROSSING_ENTRY, EventType.SIGHTING),
          Role.REGISTRAR,
          Set.of(EventType.CLINIC_CHECK_IN, EventType.SCHOOL_CHECK_IN));

  public RecordEvent {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(type, "type");
  }

  static RecordEvent decode(CanonicalReader in) throws DecodeException {
    ChildNumber child = RegistryCodec.readChildNumber(in, "child");
    return new RecordEvent(child, IdentityCodec.readEnum(in, EventType.values(), "event type"));
  }

  @Override
  public Kind kind() {
    return Kind.RECORD_EVENT;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    out.u8(type.ordinal());
  }

  @Override
  public Validation check(TxContext context) {
    Role role = context.actor().role();
    if (!RECORDED_BY.getOrDefault(role, Set.of()).contains(type)) {
      return reject(
          RejectReason.ROLE_NOT_PERMITTED, role + " officers may not record " + type + " events");
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
