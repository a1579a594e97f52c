package org.haven.consensus;

import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.InstallSnapshotRequestProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.ReadIndexRequestProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteRequestProto;
import org.apache.ratis.proto.RaftProtos.StartLeaderElectionRequestProto;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.io.grpc.ForwardingServerCallListener;
import org.apache.ratis.thirdparty.io.grpc.Grpc;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.ServerCallHandler;
import org.apache.ratis.thirdparty.io.grpc.ServerInterceptor;
import org.apache.ratis.thirdparty.io.grpc.Status;
import org.haven.core.bytes.Bytes;
import org.slf4j.LoggerFactory;

/**
 * Binds a member's TLS certificate to its Raft peer id: every request of Raft's server protocol
 * (votes, entries, snapshots, elections, read indexes) names the peer that sends it, and this
 * member's server passes it on only if that peer is the member whose certificate opened the
 * connection. A member holding a valid certificate of its own therefore cannot vote, lead or send a
 * snapshot as another member. Anything else on that protocol is refused too. The client and admin
 * protocols (submissions, configuration changes) name a client, not a peer; any member may use
 * them.
 *
 * <p>A refused request is closed with {@code PERMISSION_DENIED} and the reason, and logged at WARN
 * once a minute at most for one certificate and claimed peer.
 */
final class PeerIdBinding implements ServerInterceptor {
  private final Supplier<Map<String, Bytes>> members;
  private final RefusalLog refusals;

  /**
   * Every certificate a member has had while this node ran, with that member's id. A removed
   * member's certificate keeps naming it on connections opened while it was a member, so that a
   * removed leader can still hand over its leadership; {@link MemberTrustManager} refuses its new
   * handshakes. Bounded by the number of members ever admitted.
   */
  private final Map<Bytes, String> named = new ConcurrentHashMap<>();

  /**
   * @param members every current member's DER certificate by member id, which is its Raft peer id;
   *     asked at each call
   */
  PeerIdBinding(Supplier<Map<String, Bytes>> members, Clock clock) {
    this.members = members;
    this.refusals = new RefusalLog(LoggerFactory.getLogger(PeerIdBinding.class), clock);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!RaftServerProtocolServiceGrpc.SERVICE_NAME.equals(
        call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    Optional<String> member = memberOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
        next.startCall(call, headers)) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        if (refused) {
          return;
        }
        Optional<String> problem = problem(member, message);
        if (problem.isEmpty()) {
          super.onMessage(message);
          return;
        }
        refused = true;
        refusals.log(
            member.orElse("?") + "/" + claimedPeer(message).orElse("?"),
            "Refused a Raft request: " + problem.get());
        call.close(
            Status.PERMISSION_DENIED.withDescription("Refused: " + problem.get()), new Metadata());
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }

      /** Ratis's handler of a refused call is told it was cancelled, so it lets the call go. */
      @Override
      public void onComplete() {
        if (refused) {
          super.onCancel();
        } else {
          super.onComplete();
        }
      }
    };
  }

  /** Why {@code member}'s connection may not carry {@code message}, or empty if it may. */
  private static Optional<String> problem(Optional<String> member, Object message) {
    if (member.isEmpty()) {
      return Optional.of("a Raft request came over a connection whose certificate is no member's");
    }
    Optional<String> claimed = claimedPeer(message);
    if (claimed.isEmpty()) {
      return Optional.of(
          "member " + member.get() + " sent a Raft request that names no sending peer");
    }
    if (!claimed.get().equals(member.get())) {
      return Optional.of(
          "member "
              + member.get()
              + " sent a Raft request as peer "
              + printable(claimed.get())
              + "; a member's TLS certificate speaks for its own peer id only");
    }
    return Optional.empty();
  }

  /** The peer a request of Raft's server protocol says it comes from. */
  private static Optional<String> claimedPeer(Object message) {
    RaftRpcRequestProto request;
    if (message instanceof AppendEntriesRequestProto append) {
      request = append.getServerRequest();
    } else if (message instanceof RequestVoteRequestProto vote) {
      request = vote.getServerRequest();
    } else if (message instanceof InstallSnapshotRequestProto snapshot) {
      request = snapshot.getServerRequest();
    } else if (message instanceof StartLeaderElectionRequestProto election) {
      request = election.getServerRequest();
    } else if (message instanceof ReadIndexRequestProto read) {
      request = read.getServerRequest();
    } else {
      return Optional.empty();
    }
    return Optional.of(RaftPeerId.valueOf(request.getRequestorId()).toString());
  }

  /** The member whose certificate the other end of the connection presented, now or before. */
  private Optional<String> memberOf(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
    if (chain.length == 0) {
      return Optional.empty();
    }
    Bytes presented;
    try {
      presented = Bytes.of(chain[0].getEncoded());
    } catch (CertificateEncodingException e) {
      return Optional.empty();
    }
    members.get().forEach((id, der) -> named.put(der, id));
    return Optional.ofNullable(named.get(presented));
  }

  /** A peer chooses the id it claims: keep it to one short line in the log. */
  private static String printable(String id) {
    String line = id.replaceAll("\\p{Cntrl}", "?");
    return line.length() <= 100 ? line : line.substring(0, 100) + "...";
  }
}
