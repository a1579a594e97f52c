package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.OfficerId;
import org.haven.core.registry.Alert;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.text.BoundedText;

/**
 * A case worker raises a missing-child alert, updates its priority or contact point, or resolves
 * it. Any case worker may raise one, wherever the child was registered: missing children cross
 * borders. Every node sees it as soon as its block commits.
 */
public record SetAlert(
    ChildNumber child, Action action, AlertPriority priority, String contactPoint)
    implements Payload {

  /** What the case worker does to the child's alert. */
  public enum Action {
    RAISE,
    UPDATE,
    RESOLVE
  }

  public SetAlert {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(priority, "priority");
    BoundedText.require("contactPoint", contactPoint);
  }

  static SetAlert decode(CanonicalReader in) throws DecodeException {
    ChildNumber child = RegistryCodec.readChildNumber(in, "child");
    Action action = IdentityCodec.readEnum(in, Action.values(), "action");
    AlertPriority priority = IdentityCodec.readEnum(in, AlertPriority.values(), "priority");
    String contactPoint = BoundedText.read(in, "contact point", BoundedText.MAX_LENGTH);
    return new SetAlert(child, action, priority, contactPoint);
  }

  @Override
  public Kind kind() {
    return Kind.SET_ALERT;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    out.u8(action.ordinal()).u8(priority.ordinal()).string(contactPoint);
  }

  @Override
  public Validation check(TxContext context) {
    Optional<ChildRecord> record = RegistryRules.child(context, child);
    if (record.isEmpty()) {
      return RegistryRules.unknownChild(child);
    }
    boolean open = context.state().registry().alert(child).map(Alert::open).orElse(false);
    if (action == Action.RAISE && open) {
      return reject(
          RejectReason.CONFLICT,
          "child " + child + " already has an open alert; update it instead of raising another");
    }
    if (action != Action.RAISE && !open) {
      return reject(
          RejectReason.CONFLICT,
          "child " + child + " has no open alert to " + action.name().toLowerCase(Locale.ROOT));
    }
    Validation permitted =
        context.permit(
            action == Action.RAISE
                ? Permissions.Action.RAISE_ALERT
                : Permissions.Action.UPDATE_ALERT,
            Permissions.Subject.child(record.get(), context.state()));
    if (!permitted.isAccepted()) {
      return permitted;
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    OfficerId raisedBy =
        action == Action.RAISE
            ? context.actor().id()
            : context.state().registry().alert(child).orElseThrow().raisedBy();
    Alert alert = new Alert(priority, contactPoint, action != Action.RESOLVE, raisedBy);
    context.state().registry().putAlert(child, alert);
  }
}
