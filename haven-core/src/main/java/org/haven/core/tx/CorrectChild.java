package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.List;
import java.util.Objects;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.LinkageToken;

/**
 * A registrar of the child's jurisdiction corrects a record's personal data: the vault holds the
 * new data, the ledger the new commitment and linkage tokens, and the reason stays in the history.
 */
public record CorrectChild(
    ChildNumber child, Hash commitment, List<LinkageToken> linkageTokens, String reason)
    implements Payload {
  public CorrectChild {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(commitment, "commitment");
    linkageTokens = List.copyOf(linkageTokens);
    if (linkageTokens.size() > ChildRecord.MAX_LINKAGE_TOKENS) {
      throw new IllegalArgumentException(
          "linkageTokens: at most " + ChildRecord.MAX_LINKAGE_TOKENS);
    }
    Text.requireReason(reason);
  }

  static CorrectChild decode(CanonicalReader in) throws DecodeException {
    ChildNumber child = RegistryCodec.readChildNumber(in, "child");
    Hash commitment = in.hash("commitment");
    List<LinkageToken> tokens = RegistryCodec.readTokens(in);
    return new CorrectChild(child, commitment, tokens, Text.readReason(in));
  }

  @Override
  public Kind kind() {
    return Kind.CORRECT_CHILD;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    out.hash(commitment).list(linkageTokens, RegistryCodec::writeToken).string(reason);
  }

  @Override
  public Validation check(TxContext context) {
    RegistryRules.Lookup subject =
        RegistryRules.actingOn(context, child, Permissions.Action.CORRECT_CHILD);
    if (!subject.validation().isAccepted()) {
      return subject.validation();
    }
    ChildRecord record = subject.record().orElseThrow();
    ChildStatus status = record.status();
    if (status != ChildStatus.REGISTERED && status != ChildStatus.SUSPENDED) {
      return reject(
          RejectReason.CONFLICT,
          "child " + child + " is " + status + "; only registered records are corrected");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    context
        .state()
        .registry()
        .updateChild(child, record -> record.corrected(commitment, linkageTokens));
  }
}
