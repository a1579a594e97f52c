package org.haven.core.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.MemberNode;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.haven.core.state.LedgerState;

/**
 * The founding document of a ledger: its checkpoint origin, the founding members with their keys,
 * one or more admins per member, how many members must approve a governance change, and the
 * members' TLS certificates. Its hash is the ledger's chain id: every signature on the ledger, and
 * the trust between members' nodes, is bound to it.
 *
 * @param origin the C2SP checkpoint origin line, for example {@code haven.example/east-africa}
 * @param governanceApprovals members that must approve a governance change; 0 means a majority
 * @param checkpointQuorum members whose nodes must cosign a checkpoint before it is final, 1 to the
 *     number of members
 * @param tlsCertificates each founding member's self-signed X.509 certificate (DER), by member:
 *     members' nodes accept TLS connections from these certificates only (see docs/consensus.md).
 *     Either every founding member has one or none does, in which case members talk in the clear
 */
public record Genesis(
    String origin,
    long createdAtMillis,
    List<Organisation> members,
    List<Officer> admins,
    int governanceApprovals,
    int checkpointQuorum,
    SortedMap<OrgId, Bytes> tlsCertificates) {
  private static final Pattern ORIGIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:-]{0,99}");
  private static final byte[] DOMAIN = "haven/genesis/v1\n".getBytes(StandardCharsets.UTF_8);
  private static final int MAX_MEMBERS = 1000;

  /** Largest certificate accepted: a self-signed P-256 certificate is about 500 bytes. */
  public static final int MAX_CERTIFICATE_BYTES = 8 * 1024;

  public Genesis {
    members = List.copyOf(members);
    admins = List.copyOf(admins);
    tlsCertificates = Collections.unmodifiableSortedMap(new TreeMap<>(tlsCertificates));
    String problem =
        problem(origin, members, admins, governanceApprovals, checkpointQuorum, tlsCertificates);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * A genesis whose members talk without TLS and whose checkpoint quorum is the default, a majority
   * of the founding members.
   */
  public Genesis(
      String origin,
      long createdAtMillis,
      List<Organisation> members,
      List<Officer> admins,
      int governanceApprovals) {
    this(origin, createdAtMillis, members, admins, governanceApprovals, majorityOf(members.size()));
  }

  /** A genesis whose members talk without TLS. */
  public Genesis(
      String origin,
      long createdAtMillis,
      List<Organisation> members,
      List<Officer> admins,
      int governanceApprovals,
      int checkpointQuorum) {
    this(
        origin,
        createdAtMillis,
        members,
        admins,
        governanceApprovals,
        checkpointQuorum,
        new TreeMap<>());
  }

  /** The default checkpoint quorum: more than half of {@code members}. */
  public static int majorityOf(int members) {
    return members / 2 + 1;
  }

  /** This genesis with the founding members' TLS certificates. */
  public Genesis withTlsCertificates(Map<OrgId, Bytes> certificates) {
    return new Genesis(
        origin,
        createdAtMillis,
        members,
        admins,
        governanceApprovals,
        checkpointQuorum,
        new TreeMap<>(certificates));
  }

  private static String problem(
      String origin,
      List<Organisation> members,
      List<Officer> admins,
      int approvals,
      int checkpointQuorum,
      SortedMap<OrgId, Bytes> certificates) {
    if (origin == null || !ORIGIN.matcher(origin).matches()) {
      return "origin must be 1 to 100 characters of letters, digits and . _ / : -, got '"
          + origin
          + "'";
    }
    if (members.isEmpty()) {
      return "genesis must name at least one founding member";
    }
    Set<OrgId> memberIds = new HashSet<>();
    for (Organisation member : members) {
      if (!member.active() || !memberIds.add(member.id())) {
        return "founding member " + member.id() + " is listed twice or not active";
      }
    }
    Set<OrgId> withAdmin = new HashSet<>();
    Set<OfficerId> officerIds = new HashSet<>();
    for (Officer admin : admins) {
      if (admin.role() != Role.ORG_ADMIN || !admin.active()) {
        return "founding officer " + admin.id() + " must be an active ORG_ADMIN";
      }
      if (!memberIds.contains(admin.org())) {
        return "founding admin " + admin.id() + " belongs to " + admin.org() + ", not a member";
      }
      if (!officerIds.add(admin.id())) {
        return "founding admin " + admin.id() + " is listed twice";
      }
      withAdmin.add(admin.org());
    }
    if (!withAdmin.equals(memberIds)) {
      return "every founding member needs at least one admin";
    }
    if (approvals < 0 || approvals > members.size()) {
      return "governanceApprovals must be between 0 (a majority) and the number of members, got "
          + approvals;
    }
    if (checkpointQuorum < 1 || checkpointQuorum > members.size()) {
      return "checkpointQuorum must be between 1 and the number of members ("
          + members.size()
          + "), got "
          + checkpointQuorum;
    }
    if (!certificates.isEmpty() && !certificates.keySet().equals(memberIds)) {
      return "tlsCertificates must name every founding member once and no one else, or be empty";
    }
    for (Map.Entry<OrgId, Bytes> certificate : certificates.entrySet()) {
      int size = certificate.getValue().size();
      if (size == 0 || size > MAX_CERTIFICATE_BYTES) {
        return "the TLS certificate of "
            + certificate.getKey()
            + " must be 1 to "
            + MAX_CERTIFICATE_BYTES
            + " bytes, got "
            + size;
      }
    }
    return null;
  }

  public byte[] encode() {
    CanonicalWriter out =
        new CanonicalWriter()
            .string(origin)
            .u64(createdAtMillis)
            .list(members, IdentityCodec::writeOrganisation)
            .list(admins, IdentityCodec::writeOfficer)
            .u32(governanceApprovals)
            .u32(checkpointQuorum)
            .list(
                List.copyOf(tlsCertificates.entrySet()),
                (writer, certificate) ->
                    writer.string(certificate.getKey().value()).bytes(certificate.getValue()));
    return out.toByteArray();
  }

  public static Genesis decode(byte[] encoded) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(encoded);
    String origin = in.string("origin");
    long createdAt = in.u64("created at");
    List<Organisation> members = in.list("members", MAX_MEMBERS, IdentityCodec::readOrganisation);
    List<Officer> admins = in.list("admins", MAX_MEMBERS * 10, IdentityCodec::readOfficer);
    int approvals = in.u32("governance approvals");
    int checkpointQuorum = in.u32("checkpoint quorum");
    int at = in.position();
    List<Map.Entry<OrgId, Bytes>> certificates =
        in.list(
            "TLS certificates",
            MAX_MEMBERS,
            reader ->
                Map.entry(
                    reader.string("TLS certificate member", OrgId::new),
                    reader.bytes("TLS certificate")));
    in.finish();
    SortedMap<OrgId, Bytes> byMember = new TreeMap<>();
    for (Map.Entry<OrgId, Bytes> certificate : certificates) {
      if (!byMember.isEmpty() && byMember.lastKey().compareTo(certificate.getKey()) >= 0) {
        throw new DecodeException(at, "TLS certificates: members not in strictly ascending order");
      }
      byMember.put(certificate.getKey(), certificate.getValue());
    }
    try {
      return new Genesis(origin, createdAt, members, admins, approvals, checkpointQuorum, byMember);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(0, "genesis: " + e.getMessage());
    }
  }

  /** The chain id: SHA-256 over a domain tag and the canonical encoding. */
  public Hash hash() {
    return Hash.sha256(DOMAIN, encode());
  }

  /**
   * Writes the founding members, their TLS certificates, admins, governance rule, checkpoint origin
   * and quorum into an empty state.
   */
  public void apply(LedgerState state) {
    members.forEach(state::putOrganisation);
    members.forEach(
        member -> state.startIssuerKey(member.id(), member.issuerKey(), createdAtMillis));
    members.forEach(
        member ->
            state.putMemberNode(
                new MemberNode(
                    member.id(),
                    Optional.ofNullable(tlsCertificates.get(member.id())),
                    Optional.empty())));
    admins.forEach(state::putOfficer);
    state.putGovernanceApprovals(governanceApprovals);
    state.putCheckpointRules(origin, checkpointQuorum);
  }
}
