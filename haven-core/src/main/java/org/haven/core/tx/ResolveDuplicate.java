package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.RegistryState;

/**
 * A registrar of the declared child's jurisdiction resolves one possible duplicate: the declared
 * child is the same child as {@code candidate}, or is not. Both outcomes stay on the ledger.
 */
public record ResolveDuplicate(ChildNumber child, ChildNumber candidate, boolean duplicate)
    implements Payload {
  public ResolveDuplicate {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(candidate, "candidate");
  }

  static ResolveDuplicate decode(CanonicalReader in) throws DecodeException {
    ChildNumber child = RegistryCodec.readChildNumber(in, "child");
    ChildNumber candidate = RegistryCodec.readChildNumber(in, "candidate");
    return new ResolveDuplicate(child, candidate, in.bool("duplicate"));
  }

  @Override
  public Kind kind() {
    return Kind.RESOLVE_DUPLICATE;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    RegistryCodec.writeChildNumber(out, candidate);
    out.bool(duplicate);
  }

  @Override
  public Validation check(TxContext context) {
    RegistryRules.Lookup subject =
        RegistryRules.actingOn(context, child, Permissions.Action.RESOLVE_DUPLICATE);
    if (!subject.validation().isAccepted()) {
      return subject.validation();
    }
    ChildRecord record = subject.record().orElseThrow();
    if (!context.state().registry().openDuplicateReviews(child).contains(candidate)) {
      return reject(
          RejectReason.NOT_FOUND, "no open review pairs child " + child + " with " + candidate);
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    RegistryState registry = context.state().registry();
    List<ChildNumber> remaining = new ArrayList<>(registry.openDuplicateReviews(child));
    remaining.remove(candidate);
    if (duplicate) {
      remaining.clear();
      registry.updateChild(child, record -> record.withStatus(ChildStatus.DUPLICATE));
    }
    registry.putOpenDuplicateReviews(child, remaining);
  }
}
