package org.haven.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.grpc.server.GrpcServerProtocolClient;
import org.apache.ratis.proto.RaftProtos.RaftGroupIdProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteReplyProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteRequestProto;
import org.apache.ratis.proto.RaftProtos.TermIndexProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;
import org.apache.ratis.util.TimeDuration;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.testing.TestConsortium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members in one Ratis group over gRPC with mutual TLS, each holding its own key and trusting
 * exactly the three certificates "genesis" lists; and a fourth server with a certificate genesis
 * does not list, which the members refuse.
 */
class MutualTlsGroupTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private final TestConsortium consortium = TestConsortium.withMembers(3);
  private final List<MemberCertificate> credentials = new ArrayList<>();
  private final Map<String, Bytes> genesisCertificates = new HashMap<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final PrintStream stderr = System.err;
  private TestGroup group;

  @BeforeEach
  void makeCertificates() {
    for (int i = 0; i < 3; i++) {
      MemberCertificate credential = newCertificate("m" + i);
      credentials.add(credential);
      genesisCertificates.put("m" + i, credential.certificate());
    }
    group = new TestGroup(consortium, dir);
    System.setErr(new PrintStream(new Tee(stderr, log), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws IOException {
    try {
      group.close();
    } finally {
      System.setErr(stderr);
    }
  }

  @Test
  void threeMembersOverMutualTlsReachIdenticalRoots() throws Exception {
    List<RaftNode.Peer> peers = TestGroup.loopbackPeers(3);
    for (int i = 0; i < 3; i++) {
      group.start("m" + i, i, peers, Optional.of(memberTls(i)));
    }

    group.replicateEnrolments(3, 10);

    group.assertIdenticalLedgers(3, 50);
    assertThat(logged()).doesNotContain("Refused a TLS connection");
    assertThat(logged()).doesNotContain("Refused a Raft request");
  }

  /**
   * Member m-attacker holds its own valid certificate and key, so the TLS handshake succeeds; it
   * asks the leader for its vote as another member, at a term far above the leader's, which would
   * make the leader step down. The leader refuses the request and nothing changes.
   */
  @Test
  void aMemberSpeakingAsAnotherMembersPeerIdIsRefusedAndChangesNothing() throws Exception {
    List<RaftNode.Peer> peers = TestGroup.loopbackPeers(3);
    List<RaftNode> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(group.start("m" + i, i, peers, Optional.of(memberTls(i))));
    }
    group.replicateEnrolments(3, 2);
    int leader = leaderOf(nodes);
    int impersonated = (leader + 1) % 3;
    int attacker = (leader + 2) % 3;
    RaftNode.Status before = nodes.get(leader).status();
    RaftPeer target =
        RaftPeer.newBuilder()
            .setId(peers.get(leader).id())
            .setAddress(peers.get(leader).address())
            .build();

    try (GrpcServerProtocolClient connection =
        new GrpcServerProtocolClient(
            target,
            1 << 20,
            TimeDuration.valueOf(10, TimeUnit.SECONDS),
            memberTls(attacker).grpcTls(),
            false)) {
      assertThatThrownBy(
              () -> connection.requestVote(vote("m" + impersonated, target, before.term() + 1000)))
          .isInstanceOf(StatusRuntimeException.class)
          .hasMessageContaining("PERMISSION_DENIED")
          .hasMessageContaining(
              "member m" + attacker + " sent a Raft request as peer m" + impersonated);
      // The same connection naming its own peer id is heard (and refused a vote at a stale term):
      // the refusal above is the binding's, not the TLS handshake's.
      RequestVoteReplyProto honest = connection.requestVote(vote("m" + attacker, target, 0));
      assertThat(honest.getServerReply().getSuccess()).isFalse();
    }

    RaftNode.Status after = nodes.get(leader).status();
    assertThat(after.term()).isEqualTo(before.term());
    assertThat(after.role()).isEqualTo("LEADER");
    assertThat(logged())
        .contains(
            "Refused a Raft request: member m"
                + attacker
                + " sent a Raft request as peer m"
                + impersonated);
    group.replicateEnrolments(3, 1);
    group.assertIdenticalLedgers(3, 15);
  }

  @Test
  void aServerWithACertificateNotInGenesisIsRefusedAndGetsNoEntries() throws Exception {
    List<RaftNode.Peer> members = TestGroup.loopbackPeers(3);
    for (int i = 0; i < 3; i++) {
      group.start("m" + i, i, members, Optional.of(memberTls(i)));
    }
    // The intruder believes it is a fourth member: it lists the three and itself, and trusts their
    // certificates, so any refusal is the members'.
    MemberCertificate intruderCredential = newCertificate("m3");
    Map<String, Bytes> intruderTrusts = new HashMap<>(genesisCertificates);
    intruderTrusts.put("m3", intruderCredential.certificate());
    List<RaftNode.Peer> intruderView = new ArrayList<>(members);
    intruderView.add(TestGroup.loopbackPeers(4).get(3));
    RaftNode intruder =
        group.start(
            "m3",
            0,
            intruderView,
            Optional.of(
                MemberTls.create(
                    "m3",
                    intruderCredential.privateKey(),
                    () -> intruderTrusts,
                    Clock.systemUTC())));

    CompletableFuture<byte[]> intruderProposal =
        intruder.replicate(
            new Proposal(1_700_000_000_000L, List.of(group.enrolment(0).encoded())).encode());
    group.replicateEnrolments(3, 5);

    group.assertIdenticalLedgers(3, 25);
    String refusal =
        "Refused a TLS connection: a peer connecting to this node presented the certificate"
            + " CN=m3 (SHA-256 "
            + MemberCertificate.fingerprint(intruderCredential.certificate())
            + "), which no current member has";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!logged().contains(refusal) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(logged()).contains(refusal);
    // The intruder's client gives up once its retries (about 30 s) are spent.
    assertThat(intruderProposal).failsWithin(Duration.ofSeconds(120));
    assertThat(intruder.status().leader()).isEmpty();
    assertThat(intruder.status().lastAppliedIndex()).isLessThanOrEqualTo(0);
    assertThat(group.store(3).head().orElseThrow().height()).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(group.store(i).head().orElseThrow().treeSize()).isEqualTo(25);
    }
  }

  private static int leaderOf(List<RaftNode> nodes) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i).isLeader()) {
          return i;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no leader");
  }

  /** A request for {@code target}'s vote that says it comes from {@code candidate}. */
  private RequestVoteRequestProto vote(String candidate, RaftPeer target, long term) {
    return RequestVoteRequestProto.newBuilder()
        .setServerRequest(
            RaftRpcRequestProto.newBuilder()
                .setRequestorId(RaftPeerId.valueOf(candidate).toByteString())
                .setReplyId(target.getId().toByteString())
                .setRaftGroupId(
                    RaftGroupIdProto.newBuilder()
                        .setId(RaftNode.groupIdOf(consortium.chainId()).toByteString())))
        .setCandidateTerm(term)
        .setCandidateLastEntry(TermIndexProto.newBuilder().setTerm(term).setIndex(1_000_000))
        .build();
  }

  private MemberTls memberTls(int member) {
    return MemberTls.create(
        "m" + member,
        credentials.get(member).privateKey(),
        () -> genesisCertificates,
        Clock.systemUTC());
  }

  private static MemberCertificate newCertificate(String member) {
    return MemberCertificate.generate(member, Instant.now(), MemberCertificate.VALIDITY, RANDOM);
  }

  private String logged() {
    synchronized (log) {
      return log.toString(StandardCharsets.UTF_8);
    }
  }

  /** Copies what is written to standard error into a buffer the test reads. */
  private static final class Tee extends OutputStream {
    private final OutputStream original;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream original, ByteArrayOutputStream copy) {
      this.original = original;
      this.copy = copy;
    }

    @Override
    public void write(int b) throws IOException {
      original.write(b);
      synchronized (copy) {
        copy.write(b);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      original.write(bytes, offset, length);
      synchronized (copy) {
        copy.write(bytes, offset, length);
      }
    }
  }
}
