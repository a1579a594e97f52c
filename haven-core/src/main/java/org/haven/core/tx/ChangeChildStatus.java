package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.identity.ChildNumber;

/**
 * A registrar of the child's jurisdiction suspends, reinstates or revokes a record, records a
 * death, or erases the child. Erasure is crypto-shredding: the holding organisation destroys the
 * data key in its vault; the ledger keeps the pseudonymous history, which still verifies. Only a
 * registrar of the organisation that holds the data may erase it.
 */
public record ChangeChildStatus(ChildNumber child, ChildStatus status, String reason)
    implements Payload {
  private static final Map<ChildStatus, Set<ChildStatus>> ALLOWED =
      Map.of(
          ChildStatus.REGISTERED,
          Set.of(ChildStatus.SUSPENDED, ChildStatus.REVOKED, ChildStatus.DECEASED),
          ChildStatus.SUSPENDED,
          Set.of(ChildStatus.REGISTERED, ChildStatus.REVOKED, ChildStatus.DECEASED));

  public ChangeChildStatus {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(status, "status");
    Text.requireReason(reason);
  }

  static ChangeChildStatus decode(CanonicalReader in) throws DecodeException {
    ChildNumber child = RegistryCodec.readChildNumber(in, "child");
    ChildStatus status = WireCode.read(in, ChildStatus.values(), "status");
    return new ChangeChildStatus(child, status, Text.readReason(in));
  }

  @Override
  public Kind kind() {
    return Kind.CHANGE_CHILD_STATUS;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    out.u8(status.code()).string(reason);
  }

  @Override
  public Validation check(TxContext context) {
    Permissions.Action action =
        status == ChildStatus.ERASED
            ? Permissions.Action.ERASE_CHILD
            : Permissions.Action.CHANGE_CHILD_STATUS;
    RegistryRules.Lookup subject = RegistryRules.actingOn(context, child, action);
    if (!subject.validation().isAccepted()) {
      return subject.validation();
    }
    ChildStatus from = subject.record().orElseThrow().status();
    if (status == ChildStatus.ERASED) {
      return from == ChildStatus.ERASED
          ? reject(RejectReason.CONFLICT, "child " + child + " is already erased")
          : Validation.accepted();
    }
    if (!ALLOWED.getOrDefault(from, Set.of()).contains(status)) {
      return reject(
          RejectReason.CONFLICT, "child " + child + " cannot go from " + from + " to " + status);
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    context.state().registry().updateChild(child, record -> record.withStatus(status));
  }
}
