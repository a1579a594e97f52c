package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.haven.consensus.RaftNode;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.NoteSignature;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.identity.OrgId;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.haven.node.KeyFile;
import org.haven.node.NodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership through governance, end to end on three founding members' real nodes (RocksDB, Ratis
 * over gRPC with mutual TLS, HTTP): the admins admit a fourth member over the HTTP API after the
 * Raft log was purged to a snapshot; its node, made by {@code haven init --genesis}, joins the
 * group, catches up from the snapshot and the log tail, verifies what it received and cosigns; then
 * the admins remove the leader's member, the group shrinks, its TLS handshakes are refused, and the
 * others keep writing.
 */
class MembershipChangeTest {
  private static final String NEW_MEMBER = "tz-rita";
  private static final String PASSWORD = "membership-test-password";

  @TempDir Path temp;

  private InProcessNetwork network;

  @AfterEach
  void stopAll() throws IOException {
    if (network != null) {
      network.close();
    }
  }

  @Test
  void admittedMemberJoinsFromASnapshot_andARemovedMemberIsDroppedAndRefused() throws Exception {
    network = InProcessNetwork.startWithSmallLog(temp);
    List<String> founders = network.members();
    String leader = network.awaitLeader(founders);
    network.writeOneBlockEach(leader, 60);
    JsonNode before = network.awaitStatus(leader, InProcessNetwork::tookSnapshot);
    assertThat(before.get("raft").get("snapshotIndex").asLong())
        .as("the leader took snapshots and purged its log: %s", before)
        .isPositive();
    founders.forEach(member -> network.saveAdminCredential(member, PASSWORD));

    // The new member makes its own keys and data directory from the genesis file.
    Path joinerDir = network.dataDir(NEW_MEMBER);
    int raftPort = freePort();
    Path passwordFile = Files.writeString(temp.resolve("admin-password"), PASSWORD);
    Path founderDir = network.dataDir(founders.get(0));
    CliRun init =
        CliRun.run(
            "init",
            "--data-dir",
            joinerDir.toString(),
            "--org",
            NEW_MEMBER,
            "--name",
            "Registration Insolvency and Trusteeship Agency",
            "--country",
            "TZ",
            "--genesis",
            founderDir.resolve(HavenNode.GENESIS_FILE).toString(),
            "--linkage-key",
            founderDir.resolve(HavenNode.LINKAGE_KEY_FILE).toString(),
            "--admin-password-file",
            passwordFile.toString(),
            "--http-port",
            "0",
            "--raft-port",
            Integer.toString(raftPort),
            "--host",
            "127.0.0.1");
    assertThat(init.exitCode()).as("%s", init).isZero();
    JsonNode admission = printedAdmission(init.out());
    assertThat(admission.at("/node/raftAddress").asText()).isEqualTo("127.0.0.1:" + raftPort);
    joinOnLoopback(joinerDir, network.dataDir(leader));

    // Admins of two of the three members (the governance threshold) admit it over HTTP.
    String proposer = founders.get(0);
    String endorser = founders.get(1);
    JsonNode proposed = propose(proposer, admission);
    assertThat(proposed.get("status").asText()).as("%s", proposed).isEqualTo("OPEN");
    JsonNode applied = endorse(endorser, proposed.get("id").asText());
    assertThat(applied.get("status").asText()).as("%s", applied).isEqualTo("APPLIED");

    network.start(NEW_MEMBER);
    List<String> all = network.members();
    awaitPeers(all, all);
    network.writeOneBlockEach(leader, 5);
    long records = network.status(leader).get("recordTreeSize").asLong();
    network.awaitConverged(records);
    JsonNode joined = network.awaitStatus(NEW_MEMBER, InProcessNetwork::installedSnapshot);
    assertThat(joined.get("raft").get("installedSnapshotIndex").isNumber())
        .as("the new member caught up from a snapshot: %s", joined)
        .isTrue();
    JsonNode cosigning =
        await(() -> network.status(NEW_MEMBER), s -> s.get("notCosigning").isNull());
    assertThat(cosigning.get("divergences")).isEmpty();

    // A later checkpoint becomes final with the new member's cosignature among its signatures.
    network.writeOneBlockEach(NEW_MEMBER, 3);
    await(() -> cosignersOfFinal(leader), signers -> signers.contains(NEW_MEMBER));
    network.awaitConverged(records + 3);

    // The admins remove the leader's member: three of the four (the majority now) approve.
    String removed = network.awaitLeader(all);
    List<String> voters = new ArrayList<>(founders);
    JsonNode removal =
        Json.MAPPER
            .createObjectNode()
            .put("kind", "REMOVE_MEMBER")
            .put("organisation", removed)
            .put("reason", "left the consortium");
    String proposalId = propose(voters.get(0), removal).get("id").asText();
    assertThat(endorse(voters.get(1), proposalId).get("status").asText()).isEqualTo("OPEN");
    assertThat(endorse(voters.get(2), proposalId).get("status").asText()).isEqualTo("APPLIED");

    network.removedFromLedger(removed);
    List<String> remaining = all.stream().filter(member -> !member.equals(removed)).toList();
    awaitPeers(remaining, remaining);
    Bytes removedKey = tlsKeyOf(removed);
    Bytes removedCertificate = tlsCertificateOf(removed);
    network.stop(removed);
    String remainingLeader = network.awaitLeader(remaining);
    String target = raftAddressOf(remainingLeader);
    assertThatThrownBy(() -> handshake(target, removedKey, removedCertificate))
        .as("the removed member's certificate is refused")
        .isInstanceOf(SSLException.class);
    String stillMember = remaining.get(0);
    Bytes memberKey = tlsKeyOf(stillMember);
    Bytes memberCertificate = tlsCertificateOf(stillMember);
    assertThat(handshake(target, memberKey, memberCertificate))
        .as("a current member's certificate is accepted: the server speaks HTTP/2 to it")
        .isPositive();

    long recordsBeforeWrites = network.status(remainingLeader).get("recordTreeSize").asLong();
    for (String member : remaining) {
      network.writeOneBlockEach(member, 2);
    }
    network.awaitConverged(recordsBeforeWrites + 2L * remaining.size());
  }

  /** The ADMIT_MEMBER change {@code haven init --genesis} printed for the admins. */
  private static JsonNode printedAdmission(String out) throws IOException {
    int start = out.indexOf("\n{") + 1;
    int end = out.indexOf("\n}", start) + 2;
    assertThat(start).as(out).isPositive();
    return Json.MAPPER.readTree(out.substring(start, end));
  }

  /**
   * Gives the new member's node a LAN's Raft timeouts and the test's log retention, and lists the
   * members it knows of as peers, as an operator would in node.json.
   */
  private static void joinOnLoopback(Path joinerDir, Path memberDir) throws IOException {
    NodeConfig joiner = NodeConfig.read(joinerDir);
    List<RaftNode.Peer> peers = new ArrayList<>(NodeConfig.read(memberDir).peers());
    peers.addAll(joiner.peers());
    new NodeConfig(
            joiner.org(),
            joiner.nodeId(),
            peers,
            joiner.httpHost(),
            joiner.httpPort(),
            joiner.maxBlockTransactions(),
            joiner.maxBlockDelayMillis(),
            joiner.vaultKeyFile(),
            List.of(1000L, 2000L),
            InProcessNetwork.SMALL_LOG,
            null)
        .write(joinerDir);
  }

  private JsonNode propose(String member, JsonNode change) throws Exception {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("change", change);
    return answered(201, http(member).post("/governance/proposals", token(member), body));
  }

  private JsonNode endorse(String member, String proposal) throws Exception {
    return answered(
        200,
        http(member)
            .post(
                "/governance/proposals/" + proposal + "/votes",
                token(member),
                Json.MAPPER.createObjectNode()));
  }

  private String token(String member) throws Exception {
    return http(member).login(member + ".admin", PASSWORD);
  }

  private NodeHttp http(String member) {
    return new NodeHttp(network.node(member).httpPort());
  }

  private static JsonNode answered(int status, HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return NodeHttp.json(response);
  }

  /** Waits until each of {@code members} sees exactly {@code peers} in the Raft group. */
  private void awaitPeers(List<String> members, List<String> peers) throws Exception {
    for (String member : members) {
      await(
          () -> network.status(member),
          status -> {
            List<String> ids = new ArrayList<>();
            status.get("raft").get("peers").forEach(peer -> ids.add(peer.get("id").asText()));
            return ids.stream().sorted().toList().equals(peers.stream().sorted().toList());
          });
    }
  }

  private List<String> cosignersOfFinal(String member) {
    return network
        .node(member)
        .queries()
        .finalCheckpoint()
        .map(note -> note.signatures().stream().map(NoteSignature::keyName).toList())
        .orElse(List.of());
  }

  private Bytes tlsKeyOf(String member) {
    return KeyFile.readTlsKey(network.dataDir(member).resolve(HavenNode.TLS_KEY_FILE));
  }

  /** A member's TLS certificate: its own copy if it has one, else the one genesis lists. */
  private Bytes tlsCertificateOf(String member) throws IOException {
    Path dataDir = network.dataDir(member);
    Optional<Bytes> own =
        KeyFile.readTlsCertificate(dataDir.resolve(HavenNode.TLS_CERTIFICATE_FILE));
    if (own.isPresent()) {
      return own.get();
    }
    return GenesisFile.read(dataDir.resolve(HavenNode.GENESIS_FILE))
        .tlsCertificates()
        .get(new OrgId(member));
  }

  private String raftAddressOf(String member) throws IOException {
    return NodeConfig.read(network.dataDir(member)).peers().stream()
        .filter(peer -> peer.id().equals(member))
        .findFirst()
        .orElseThrow()
        .address();
  }

  /**
   * Opens a TLS connection to a member's Raft port as gRPC would (ALPN h2) with {@code key} and
   * {@code certificate}, and reads the first bytes the server sends once it has accepted them.
   *
   * @return how many bytes it read
   * @throws SSLException if the server refused the certificate
   */
  private static int handshake(String address, Bytes key, Bytes certificate) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "member",
        MemberCertificate.parsePrivateKey(key),
        new char[0],
        new Certificate[] {MemberCertificate.parseCertificate(certificate)});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(keys.getKeyManagers(), new TrustManager[] {new AnyServer()}, null);
    String host = address.substring(0, address.lastIndexOf(':'));
    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
      socket.setSoTimeout(30_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"h2"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      // In TLS 1.3 the server judges the client's certificate after the client's handshake ends:
      // a refusal arrives as an alert on the first read, an acceptance as the server's HTTP/2
      // settings.
      InputStream in = socket.getInputStream();
      return in.read(new byte[64]);
    }
  }

  /** The test judges the server's answer to the client certificate, not the server's. */
  private static final class AnyServer implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static <T> T await(Callable<T> read, Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + InProcessNetwork.PATIENCE.toNanos();
    T last = read.call();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting at " + Instant.now() + "; last seen: " + last);
      }
      Thread.sleep(200);
      last = read.call();
    }
    return last;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
