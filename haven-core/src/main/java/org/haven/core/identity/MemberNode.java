package org.haven.core.identity;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;

/**
 * What the members' nodes need to know of one member's node: its TLS certificate, which they accept
 * on their Raft ports, and the address of its Raft server. The ledger state keeps one per member;
 * founding members' come from genesis, which names no addresses, admitted members' from their
 * {@code ADMIT_MEMBER}.
 *
 * @param tlsCertificate X.509 DER; empty on a ledger whose members talk without TLS
 * @param raftAddress {@code host:port} of the member's Raft server; empty for a founding member,
 *     whose address the nodes' own configuration gives
 */
public record MemberNode(
    OrgId member, Optional<Bytes> tlsCertificate, Optional<String> raftAddress) {
  /** A host name, an IPv4 address or a bracketed IPv6 address, then a port. */
  private static final Pattern ADDRESS =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
              + "[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]{2,45}\\]):([0-9]{1,5})");

  public MemberNode {
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(tlsCertificate, "tlsCertificate");
    Objects.requireNonNull(raftAddress, "raftAddress");
    raftAddress
        .flatMap(MemberNode::addressProblem)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
  }

  /**
   * What is wrong with {@code address} as a Raft server's address, or empty if nothing: it must be
   * {@code host:port}, the host a DNS name, an IPv4 address or a bracketed IPv6 address, the port 1
   * to 65535, at most 255 characters in all.
   */
  public static Optional<String> addressProblem(String address) {
    Matcher matcher = ADDRESS.matcher(address == null || address.length() > 255 ? "" : address);
    if (!matcher.matches()
        || Integer.parseInt(matcher.group(1)) < 1
        || Integer.parseInt(matcher.group(1)) > 65535) {
      return Optional.of(
          "the Raft address must be host:port (a DNS name, an IPv4 address or [IPv6], and a port"
              + " from 1 to 65535) that the other members can reach, got '"
              + address
              + "'");
    }
    return Optional.empty();
  }

  public void encode(CanonicalWriter out) {
    out.string(member.value())
        .bytes(tlsCertificate.orElse(Bytes.EMPTY))
        .string(raftAddress.orElse(""));
  }

  public static MemberNode decode(CanonicalReader in) throws DecodeException {
    OrgId member = in.string("member", OrgId::new);
    Bytes certificate = in.bytes("TLS certificate");
    int at = in.position();
    String address = in.string("Raft address");
    try {
      return new MemberNode(
          member,
          certificate.size() == 0 ? Optional.empty() : Optional.of(certificate),
          address.isEmpty() ? Optional.empty() : Optional.of(address));
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }
}
