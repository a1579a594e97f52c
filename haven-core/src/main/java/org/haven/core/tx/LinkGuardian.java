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
import org.haven.core.registry.GuardianLink;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.identity.ChildNumber;

/**
 * A registrar of the child's jurisdiction links a guardian to a child, or removes a link, citing
 * what authorises it (a birth record, a court order). The guardian's document is on the ledger only
 * as a hash.
 */
public record LinkGuardian(ChildNumber child, GuardianLink link, boolean linked)
    implements Payload {
  /** The most guardians one child may have on the ledger. */
  public static final int MAX_GUARDIANS = 8;

  public LinkGuardian {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(link, "link");
  }

  static LinkGuardian decode(CanonicalReader in) throws DecodeException {
    ChildNumber child = RegistryCodec.readChildNumber(in, "child");
    GuardianLink link = RegistryCodec.readGuardian(in);
    return new LinkGuardian(child, link, in.bool("linked"));
  }

  @Override
  public Kind kind() {
    return Kind.LINK_GUARDIAN;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    RegistryCodec.writeGuardian(out, link);
    out.bool(linked);
  }

  @Override
  public Validation check(TxContext context) {
    RegistryRules.Lookup subject =
        RegistryRules.actingOn(context, child, Permissions.Action.LINK_GUARDIAN);
    if (!subject.validation().isAccepted()) {
      return subject.validation();
    }
    ChildRecord record = subject.record().orElseThrow();
    ChildStatus status = record.status();
    if (status == ChildStatus.REJECTED
        || status == ChildStatus.DUPLICATE
        || status == ChildStatus.ERASED) {
      return reject(RejectReason.CONFLICT, "child " + child + " is " + status);
    }
    List<GuardianLink> current = context.state().registry().guardians(child);
    boolean present = current.stream().anyMatch(g -> g.documentHash().equals(link.documentHash()));
    if (linked && present) {
      return reject(
          RejectReason.CONFLICT, "this guardian's document is already linked to child " + child);
    }
    if (!linked && !present) {
      return reject(
          RejectReason.NOT_FOUND, "no guardian with this document is linked to child " + child);
    }
    if (linked && current.size() >= MAX_GUARDIANS) {
      return reject(
          RejectReason.CONFLICT,
          "child " + child + " already has " + MAX_GUARDIANS + " guardians; remove one first");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    List<GuardianLink> links = new ArrayList<>(context.state().registry().guardians(child));
    links.removeIf(g -> g.documentHash().equals(link.documentHash()));
    if (linked) {
      links.add(link);
    }
    context.state().registry().putGuardians(child, links);
  }
}
