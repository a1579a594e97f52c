package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.List;
import java.util.Objects;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.RegistryState;

/**
 * A registrar of the child's jurisdiction decides on a declaration: registers the child, rejects
 * the declaration, or asks for more information. The reason is kept on the ledger.
 */
public record DecideDeclaration(ChildNumber child, Decision decision, String reason)
    implements Payload {

  /** What the registrar decided, and the status it leads to. */
  public enum Decision implements WireCode {
    REGISTER(0, ChildStatus.REGISTERED),
    REJECT(1, ChildStatus.REJECTED),
    REQUEST_INFORMATION(2, ChildStatus.INFO_REQUESTED);

    private final int code;
    private final ChildStatus status;

    Decision(int code, ChildStatus status) {
      this.code = code;
      this.status = status;
    }

    @Override
    public int code() {
      return code;
    }
  }

  public DecideDeclaration {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(decision, "decision");
    Text.requireReason(reason);
  }

  static DecideDeclaration decode(CanonicalReader in) throws DecodeException {
    ChildNumber child = RegistryCodec.readChildNumber(in, "child");
    Decision decision = WireCode.read(in, Decision.values(), "decision");
    return new DecideDeclaration(child, decision, Text.readReason(in));
  }

  @Override
  public Kind kind() {
    return Kind.DECIDE_DECLARATION;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    out.u8(decision.code()).string(reason);
  }

  @Override
  public Validation check(TxContext context) {
    RegistryRules.Lookup subject =
        RegistryRules.actingOn(context, child, Permissions.Action.DECIDE_DECLARATION);
    if (!subject.validation().isAccepted()) {
      return subject.validation();
    }
    ChildRecord record = subject.record().orElseThrow();
    if (!record.status().awaitsDecision()) {
      return reject(
          RejectReason.CONFLICT,
          "child " + child + " is " + record.status() + ", not awaiting a decision");
    }
    List<ChildNumber> reviews = context.state().registry().openDuplicateReviews(child);
    if (decision == Decision.REGISTER && !reviews.isEmpty()) {
      return reject(
          RejectReason.CONFLICT,
          "child "
              + child
              + " may be a duplicate of "
              + reviews
              + "; resolve each possible duplicate before registering");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    RegistryState registry = context.state().registry();
    registry.updateChild(child, record -> record.withStatus(decision.status));
    if (decision == Decision.REGISTER) {
      registry.child(child).ifPresent(record -> registry.assignStatusIndex(child, record.issuer()));
    }
  }
}
