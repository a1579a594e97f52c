package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.MemberNode;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.haven.core.ledger.Genesis;
import org.haven.core.state.LedgerState;

/**
 * Governance: the members admit a new organisation together with its first admin and its node: the
 * node's TLS certificate, which members' nodes then accept, and its Raft address, which the leader
 * then adds to the Raft group (see docs/consensus.md, "Membership changes").
 *
 * @param tlsCertificate the new member's self-signed certificate as {@code haven init} makes it
 *     (X.509 DER, ECDSA P-256, naming the member); checked when the change is validated, against
 *     the transaction's time
 * @param raftAddress {@code host:port} where the other members reach the new member's Raft server
 */
public record AdmitMember(
    Organisation organisation, Officer firstAdmin, Bytes tlsCertificate, String raftAddress)
    implements Payload {
  public AdmitMember {
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(firstAdmin, "firstAdmin");
    Objects.requireNonNull(tlsCertificate, "tlsCertificate");
    String problem = problem(organisation, firstAdmin, tlsCertificate, raftAddress);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  private static String problem(
      Organisation organisation, Officer firstAdmin, Bytes tlsCertificate, String raftAddress) {
    if (tlsCertificate.size() == 0 || tlsCertificate.size() > Genesis.MAX_CERTIFICATE_BYTES) {
      return "the new member's TLS certificate must be 1 to "
          + Genesis.MAX_CERTIFICATE_BYTES
          + " bytes, got "
          + tlsCertificate.size();
    }
    Optional<String> badAddress = MemberNode.addressProblem(raftAddress);
    if (badAddress.isPresent()) {
      return badAddress.get();
    }
    if (!organisation.active() || !firstAdmin.active()) {
      return "a new member and its first admin are admitted active";
    }
    if (!firstAdmin.org().equals(organisation.id())) {
      return "the first admin must belong to the new member " + organisation.id();
    }
    if (firstAdmin.role() != Role.ORG_ADMIN) {
      return "the first officer of a new member must be an ORG_ADMIN";
    }
    return null;
  }

  static AdmitMember decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    Organisation organisation = IdentityCodec.readOrganisation(in);
    Officer firstAdmin = IdentityCodec.readOfficer(in);
    Bytes tlsCertificate = in.bytes("TLS certificate");
    String raftAddress = in.string("Raft address");
    String problem = problem(organisation, firstAdmin, tlsCertificate, raftAddress);
    if (problem != null) {
      throw new DecodeException(at, problem);
    }
    return new AdmitMember(organisation, firstAdmin, tlsCertificate, raftAddress);
  }

  @Override
  public Kind kind() {
    return Kind.ADMIT_MEMBER;
  }

  @Override
  public void encode(CanonicalWriter out) {
    IdentityCodec.writeOrganisation(out, organisation);
    IdentityCodec.writeOfficer(out, firstAdmin);
    out.bytes(tlsCertificate).string(raftAddress);
  }

  @Override
  public Validation check(TxContext context) {
    if (context.state().organisation(organisation.id()).isPresent()) {
      return reject(
          RejectReason.CONFLICT,
          "organisation id " + organisation.id() + " is already used; choose another id");
    }
    if (context.state().officer(firstAdmin.id()).isPresent()) {
      return reject(
          RejectReason.CONFLICT,
          "officer id " + firstAdmin.id() + " is already enrolled; choose another id");
    }
    Optional<String> badCertificate =
        MemberCertificate.problem(
            organisation.id().value(),
            tlsCertificate,
            Instant.ofEpochMilli(context.body().createdAtMillis()));
    if (badCertificate.isPresent()) {
      return reject(
          RejectReason.MALFORMED,
          "the new member "
              + organisation.id()
              + "'s TLS certificate is refused: "
              + badCertificate.get());
    }
    for (MemberNode node : context.state().memberNodes().values()) {
      if (node.tlsCertificate().equals(Optional.of(tlsCertificate))) {
        return reject(
            RejectReason.CONFLICT,
            "the TLS certificate is already " + node.member() + "'s; the new member makes its own");
      }
      if (node.raftAddress().equals(Optional.of(raftAddress))) {
        return reject(
            RejectReason.CONFLICT,
            "the Raft address " + raftAddress + " is already " + node.member() + "'s");
      }
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    LedgerState state = context.state();
    state.putOrganisation(organisation);
    state.startIssuerKey(
        organisation.id(), organisation.issuerKey(), context.body().createdAtMillis());
    state.putOfficer(firstAdmin);
    state.putMemberNode(
        new MemberNode(organisation.id(), Optional.of(tlsCertificate), Optional.of(raftAddress)));
  }
}
