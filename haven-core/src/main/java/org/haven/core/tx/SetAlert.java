package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.Alert;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.AlertChange;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.RegistryState;
import org.haven.core.text.BoundedText;

/**
 * A case worker raises a missing-child alert; the raising organisation's case workers, or a
 * registrar of the child's jurisdiction, update its priority or contact point or resolve it, giving
 * a reason ({@link Permissions.Action#RAISE_ALERT}, {@link Permissions.Action#UPDATE_ALERT}). Any
 * case worker may raise one, wherever the child was registered: missing children cross borders.
 * Whoever opened it, or the child's registrar, closes it: another organisation cannot quietly
 * resolve an alert so that the child passes the border. Every change joins the alert's history; who
 * raised it is never overwritten. Every node sees it as soon as its block commits.
 *
 * <p>The case worker's description of the child and a photo stay in the raising organisation's
 * vault; the ledger carries only the photo's hash, so that a border officer checking offline can
 * compare the photo once online (docs/registry.md, "Alerts that describe the child").
 *
 * @param reason why the alert is resolved: required for {@link AlertAction#RESOLVE}, empty
 *     otherwise
 * @param photoHash SHA-256 of the alert's photo bytes: a raise sets it (or none), an update given
 *     one replaces it and one given none keeps it; a resolution carries none. Written after the
 *     reason only when present, so alerts signed before photos were kept decode unchanged
 */
public record SetAlert(
    ChildNumber child,
    AlertAction action,
    AlertPriority priority,
    String contactPoint,
    String reason,
    Optional<Hash> photoHash)
    implements Payload {

  public SetAlert {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(priority, "priority");
    BoundedText.require("contactPoint", contactPoint);
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(photoHash, "photoHash");
    if (action == AlertAction.RESOLVE) {
      Text.requireReason(reason);
      if (photoHash.isPresent()) {
        throw new IllegalArgumentException(
            "photoHash: a resolution carries no photo; give the photo when raising or updating");
      }
    } else if (!reason.isEmpty()) {
      throw new IllegalArgumentException(
          "reason: given only when resolving an alert; leave it empty to " + verb(action));
    }
  }

  /** Raises, updates or resolves, with no photo. */
  public SetAlert(
      ChildNumber child,
      AlertAction action,
      AlertPriority priority,
      String contactPoint,
      String reason) {
    this(child, action, priority, contactPoint, reason, Optional.empty());
  }

  /** Raises or updates: no reason, no photo. */
  public SetAlert(
      ChildNumber child, AlertAction action, AlertPriority priority, String contactPoint) {
    this(child, action, priority, contactPoint, "");
  }

  static SetAlert decode(CanonicalReader in) throws DecodeException {
    ChildNumber child = RegistryCodec.readChildNumber(in, "child");
    AlertAction action = WireCode.read(in, AlertAction.values(), "action");
    AlertPriority priority = WireCode.read(in, AlertPriority.values(), "priority");
    String contactPoint = BoundedText.read(in, "contact point", BoundedText.MAX_LENGTH);
    int at = in.position();
    String reason = in.string("reason");
    Optional<Hash> photoHash = in.atEnd() ? Optional.empty() : Optional.of(in.hash("photo hash"));
    try {
      return new SetAlert(child, action, priority, contactPoint, reason, photoHash);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  @Override
  public Kind kind() {
    return Kind.SET_ALERT;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    WireCode.write(out, action);
    WireCode.write(out, priority);
    out.string(contactPoint).string(reason);
    photoHash.ifPresent(out::hash);
  }

  @Override
  public Validation check(TxContext context) {
    Optional<ChildRecord> record = RegistryRules.child(context, child);
    if (record.isEmpty()) {
      return RegistryRules.unknownChild(child);
    }
    boolean open = context.state().registry().alert(child).map(Alert::open).orElse(false);
    if (action == AlertAction.RAISE && open) {
      return reject(
          RejectReason.CONFLICT,
          "child " + child + " already has an open alert; update it instead of raising another");
    }
    if (action != AlertAction.RAISE && !open) {
      return reject(
          RejectReason.CONFLICT, "child " + child + " has no open alert to " + verb(action));
    }
    return context.permit(
        action == AlertAction.RAISE
            ? Permissions.Action.RAISE_ALERT
            : Permissions.Action.UPDATE_ALERT,
        Permissions.Subject.child(record.get(), context.state()));
  }

  @Override
  public void apply(TxContext context) {
    RegistryState registry = context.state().registry();
    Alert alert =
        action == AlertAction.RAISE
            ? new Alert(
                priority,
                contactPoint,
                true,
                context.actor().id(),
                context.actor().org(),
                photoHash)
            : raised(registry, action != AlertAction.RESOLVE);
    registry.putAlert(child, alert);
    registry.appendAlertChange(
        child,
        new AlertChange(
            action,
            context.actor().id(),
            context.actor().org(),
            context.body().createdAtMillis(),
            priority,
            contactPoint,
            reason));
  }

  /**
   * The open alert with this change's priority, contact point and photo (or the photo it had),
   * raised as it was.
   */
  private Alert raised(RegistryState registry, boolean stillOpen) {
    Alert current =
        registry
            .alert(child)
            .orElseThrow(() -> new IllegalStateException("applying a change to no alert"));
    return new Alert(
        priority,
        contactPoint,
        stillOpen,
        current.raisedBy(),
        current.raisingOrganisation(),
        photoHash.or(current::photoHash));
  }

  private static String verb(AlertAction action) {
    return action.name().toLowerCase(Locale.ROOT);
  }
}
