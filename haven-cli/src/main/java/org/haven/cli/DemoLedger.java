package org.haven.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.haven.consensus.RaftNode;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.haven.core.ledger.Genesis;
import org.haven.core.registry.identity.LinkageKey;
import org.haven.core.tx.EnrolOfficer;
import org.haven.core.tx.Payload;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.TxSigner;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.haven.node.KeyFile;
import org.haven.node.NodeConfig;
import org.haven.node.auth.Argon2Params;
import org.haven.node.auth.CredentialStore;
import org.haven.node.auth.OfficerCredential;

/**
 * Writes a data directory for a single node of a ledger founded by the given members, each with an
 * admin, and keeps the officers' keys in memory to sign with. Used by {@code haven demo} and {@code
 * haven bench}. The vault master key goes beside the data directory (see {@link
 * HavenNode#defaultVaultKeyFile}).
 */
final class DemoLedger {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A founding member: id, display name and country. */
  record Member(String id, String name, String country) {}

  private final Genesis genesis;
  private final Map<OfficerId, Ed25519PrivateKey> keys;

  private DemoLedger(Genesis genesis, Map<OfficerId, Ed25519PrivateKey> keys) {
    this.genesis = genesis;
    this.keys = keys;
  }

  /**
   * Creates the data directory; the node runs as the first member.
   *
   * @param httpPort 0 picks a free port
   */
  static DemoLedger create(Path dataDir, List<Member> members, int httpPort) throws IOException {
    return write(members, List.of(dataDir), List.of(httpPort), List.of(), false);
  }

  /**
   * Creates one data directory per member, {@code root/<member id>}, for a local network of
   * separate processes on loopback with free ports and a LAN's Raft timeouts.
   */
  static DemoLedger createNetwork(Path root, List<Member> members) throws IOException {
    List<Path> dirs = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (Member member : members) {
      dirs.add(Files.createDirectories(root.resolve(member.id())));
      ports.add(freePort());
    }
    return write(members, dirs, ports, LAN_TIMEOUT_MILLIS, true);
  }

  /** Loopback needs no patience; see docs/consensus.md. */
  private static final List<Long> LAN_TIMEOUT_MILLIS = List.of(1000L, 2000L);

  /**
   * Writes the genesis of {@code members} and a data directory for each of the first {@code
   * dirs.size()} members, all of them Raft peers.
   *
   * @param tls whether the members talk mutual TLS: every member then has a node, its own TLS key
   *     in its data directory and its certificate in genesis
   */
  private static DemoLedger write(
      List<Member> members,
      List<Path> dirs,
      List<Integer> httpPorts,
      List<Long> raftTimeouts,
      boolean tls)
      throws IOException {
    List<Organisation> orgs = new ArrayList<>();
    List<Officer> admins = new ArrayList<>();
    Map<OfficerId, Ed25519PrivateKey> keys = new LinkedHashMap<>();
    List<RaftNode.Peer> peers = new ArrayList<>();
    Map<OrgId, Bytes> certificates = new HashMap<>();
    for (int i = 0; i < members.size(); i++) {
      Member member = members.get(i);
      Ed25519PrivateKey nodeKey = Ed25519PrivateKey.generate(RANDOM);
      Ed25519PrivateKey issuerKey = Ed25519PrivateKey.generate(RANDOM);
      Ed25519PrivateKey adminKey = Ed25519PrivateKey.generate(RANDOM);
      OrgId org = new OrgId(member.id());
      Jurisdiction country = new Jurisdiction(member.country());
      orgs.add(
          new Organisation(
              org, member.name(), country, nodeKey.publicKey(), issuerKey.publicKey(), true));
      OfficerId admin = new OfficerId(member.id() + ".admin");
      admins.add(new Officer(admin, org, Role.ORG_ADMIN, country, adminKey.publicKey(), true));
      keys.put(admin, adminKey);
      if (i < dirs.size()) {
        KeyFile.write(dirs.get(i).resolve(HavenNode.NODE_KEY_FILE), nodeKey);
        KeyFile.write(dirs.get(i).resolve(HavenNode.ISSUER_KEY_FILE), issuerKey);
        peers.add(new RaftNode.Peer(member.id(), "127.0.0.1:" + freePort()));
      }
      if (tls) {
        MemberCertificate certificate =
            MemberCertificate.generate(
                member.id(), Instant.now(), MemberCertificate.VALIDITY, RANDOM);
        KeyFile.writeSecret(dirs.get(i).resolve(HavenNode.TLS_KEY_FILE), certificate.privateKey());
        certificates.put(org, certificate.certificate());
      }
    }
    Genesis genesis =
        new Genesis(
                "haven.example/demo",
                System.currentTimeMillis(),
                orgs,
                admins,
                0,
                // Only members that run a node can cosign: the one-node demo finalises on its own.
                Genesis.majorityOf(dirs.size()))
            .withTlsCertificates(certificates);
    LinkageKey linkageKey = LinkageKey.generate(RANDOM);
    for (int i = 0; i < dirs.size(); i++) {
      Path dataDir = dirs.get(i);
      GenesisFile.write(dataDir.resolve(HavenNode.GENESIS_FILE), genesis);
      Path vaultKeyFile = HavenNode.defaultVaultKeyFile(dataDir);
      HavenNode.writeSecrets(dataDir, linkageKey, vaultKeyFile, RANDOM);
      String nodeId = members.get(i).id();
      new NodeConfig(
              nodeId,
              nodeId,
              peers,
              "127.0.0.1",
              httpPorts.get(i),
              0,
              0,
              vaultKeyFile.toString(),
              raftTimeouts,
              NodeConfig.RaftLog.DEFAULTS,
              null)
          .write(dataDir);
    }
    return new DemoLedger(genesis, keys);
  }

  /** Every port {@link #freePort} handed out in this process, so that it never hands one twice. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A loopback port free now that this process has not handed out before: the kernel may offer a
   * port again once its probe socket is closed, and two members given the same port collide when
   * the second binds (Ratis then exits the process).
   */
  private static int freePort() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
  }

  /**
   * Lets {@code officer} log in to the node of {@code dataDir} with {@code password}: their key,
   * sealed under it, in the node's credential store.
   */
  void saveCredential(Path dataDir, OfficerId officer, String password) {
    CredentialStore.open(dataDir.resolve(HavenNode.CREDENTIALS_DIR))
        .put(
            OfficerCredential.create(
                officer, keys.get(officer), password.toCharArray(), Argon2Params.DEFAULT, RANDOM));
  }

  Genesis genesis() {
    return genesis;
  }

  Hash chainId() {
    return genesis.hash();
  }

  OfficerId adminOf(String org) {
    return new OfficerId(org + ".admin");
  }

  /** A new officer with a fresh key, remembered so it can sign later. */
  Officer newOfficer(String id, String org, Role role, String country) {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    OfficerId officerId = new OfficerId(id);
    keys.put(officerId, key);
    return new Officer(
        officerId, new OrgId(org), role, new Jurisdiction(country), key.publicKey(), true);
  }

  Ed25519PrivateKey keyOf(OfficerId officer) {
    return keys.get(officer);
  }

  /** An enrolment signed by the admin of the officer's organisation. */
  Transaction enrol(Officer officer) {
    return signedBy(adminOf(officer.org().value()), new EnrolOfficer(officer));
  }

  Transaction signedBy(OfficerId actor, Payload payload) {
    byte[] nonce = new byte[TxBody.NONCE_SIZE];
    RANDOM.nextBytes(nonce);
    TxBody body = new TxBody(actor, System.currentTimeMillis(), Bytes.of(nonce), payload);
    return Transaction.sign(body, chainId(), List.of(new TxSigner(actor, keys.get(actor))));
  }
}
