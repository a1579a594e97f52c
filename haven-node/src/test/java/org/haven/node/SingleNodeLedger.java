package org.haven.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.haven.consensus.RaftNode;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
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
import org.haven.node.auth.Argon2Params;
import org.haven.node.auth.CredentialStore;
import org.haven.node.auth.OfficerCredential;

/**
 * The data directory of a one-member ledger's only node, written with the node's own file formats
 * (genesis.json, key files, node.json), and the member's admin who signs enrolments. The node binds
 * a free HTTP port.
 */
final class SingleNodeLedger {
  static final OrgId ORG = new OrgId("ke-civil-registry");
  static final OfficerId ADMIN = new OfficerId("ke-civil-registry.admin");

  /** One officer of each role but the admin's, of this ledger's organisation, by id. */
  static final Map<String, Role> ONE_OF_EACH_ROLE =
      Map.of(
          "ke.agent.a", Role.FIELD_AGENT,
          "ke.registrar.r", Role.REGISTRAR,
          "ke.caseworker.c", Role.CASE_WORKER,
          "ke.border.b", Role.BORDER_OFFICER,
          "ke.auditor.x", Role.AUDITOR);

  static final Jurisdiction KENYA = new Jurisdiction("KE");

  private final SecureRandom random = new SecureRandom();
  private final Ed25519PrivateKey nodeKey = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey adminKey = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey issuerKey = Ed25519PrivateKey.generate(random);
  private final Genesis genesis =
      new Genesis(
          "haven.example/node-test",
          System.currentTimeMillis(),
          List.of(
              new Organisation(
                  ORG,
                  "Kenya Civil Registration Services",
                  KENYA,
                  nodeKey.publicKey(),
                  issuerKey.publicKey(),
                  true)),
          List.of(new Officer(ADMIN, ORG, Role.ORG_ADMIN, KENYA, adminKey.publicKey(), true)),
          0);

  /** Cheap Argon2 for tests; the cost is stored with each credential, so logins use it too. */
  static final Argon2Params TEST_ARGON2 = new Argon2Params(1024, 1, 1);

  private final Path dataDir;
  private int officers;

  private SingleNodeLedger(Path dataDir) {
    this.dataDir = dataDir;
  }

  /**
   * Writes a new ledger's genesis, keys and configuration into {@code root/node}; the vault master
   * key goes beside it, to {@code root/node.vault.key}.
   */
  static SingleNodeLedger writeTo(Path root) throws IOException {
    Path dataDir = Files.createDirectories(root.resolve("node"));
    SingleNodeLedger ledger = new SingleNodeLedger(dataDir);
    Path vaultKeyFile = HavenNode.defaultVaultKeyFile(dataDir);
    HavenNode.writeSecrets(
        dataDir, LinkageKey.generate(ledger.random), vaultKeyFile, ledger.random);
    GenesisFile.write(dataDir.resolve(HavenNode.GENESIS_FILE), ledger.genesis);
    KeyFile.write(dataDir.resolve(HavenNode.NODE_KEY_FILE), ledger.nodeKey);
    KeyFile.write(dataDir.resolve(HavenNode.ISSUER_KEY_FILE), ledger.issuerKey);
    new NodeConfig(
            ORG.value(),
            ORG.value(),
            List.of(new RaftNode.Peer(ORG.value(), "127.0.0.1:" + freePort())),
            "127.0.0.1",
            0,
            0,
            0,
            vaultKeyFile.toString(),
            List.of(),
            null,
            null)
        .write(dataDir);
    return ledger;
  }

  Path dataDir() {
    return dataDir;
  }

  /** Lets {@code officer}, holding {@code key}, log in to the node with {@code password}. */
  void saveCredential(OfficerId officer, Ed25519PrivateKey key, String password) {
    CredentialStore.open(dataDir.resolve(HavenNode.CREDENTIALS_DIR))
        .put(OfficerCredential.create(officer, key, password.toCharArray(), TEST_ARGON2, random));
  }

  /** Lets the member's admin log in to the node with {@code password}. */
  void saveAdminCredential(String password) {
    saveCredential(ADMIN, adminKey, password);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  Genesis genesis() {
    return genesis;
  }

  /** The member admin's signing key, for transactions a test builds by hand. */
  Ed25519PrivateKey adminKey() {
    return adminKey;
  }

  Ed25519PrivateKey nodeKey() {
    return nodeKey;
  }

  /** A new registrar's enrolment, signed by the admin. */
  Transaction enrolment() {
    return enrolment(ADMIN, adminKey);
  }

  /**
   * A new registrar's enrolment with {@code actor} as the acting officer, signed with {@code key}.
   */
  Transaction enrolment(OfficerId actor, Ed25519PrivateKey key) {
    Officer officer =
        new Officer(
            new OfficerId("ke.registrar." + officers++),
            ORG,
            Role.REGISTRAR,
            KENYA,
            Ed25519PrivateKey.generate(random).publicKey(),
            true);
    return sign(actor, key, new EnrolOfficer(officer));
  }

  /** An officer of the member in Kenya with a fresh key, and the admin's enrolment of them. */
  record Actor(OfficerId id, Ed25519PrivateKey key, Transaction enrolment) {}

  Actor newOfficer(String id, Role role) {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
    Officer officer = new Officer(new OfficerId(id), ORG, role, KENYA, key.publicKey(), true);
    return new Actor(officer.id(), key, sign(ADMIN, adminKey, new EnrolOfficer(officer)));
  }

  /** {@code payload} by {@code actor}, signed with {@code key}, now, with a fresh nonce. */
  Transaction sign(OfficerId actor, Ed25519PrivateKey key, Payload payload) {
    byte[] nonce = new byte[TxBody.NONCE_SIZE];
    random.nextBytes(nonce);
    TxBody body = new TxBody(actor, System.currentTimeMillis(), Bytes.of(nonce), payload);
    return Transaction.sign(body, genesis.hash(), List.of(new TxSigner(actor, key)));
  }

  /**
   * Starts the node with {@code officers} enrolled, each able to log in with {@code password}.
   *
   * @throws AssertionError if the ledger refuses an enrolment
   */
  HavenNode startWith(Map<String, Role> officers, String password) throws Exception {
    return startWith(
        officers.entrySet().stream()
            .map(officer -> newOfficer(officer.getKey(), officer.getValue()))
            .toList(),
        password);
  }

  /**
   * Starts the node with {@code actors} enrolled, each able to log in with {@code password}; the
   * caller keeps their keys, to sign transactions as they would on their own devices.
   *
   * @throws AssertionError if the ledger refuses an enrolment
   */
  HavenNode startWith(List<Actor> actors, String password) throws Exception {
    for (Actor actor : actors) {
      saveCredential(actor.id(), actor.key(), password);
    }
    HavenNode node = HavenNode.start(dataDir);
    for (Actor actor : actors) {
      if (!node.submit(actor.enrolment().encoded()).get(30, TimeUnit.SECONDS).result().accepted()) {
        node.close();
        throw new AssertionError("the enrolment of " + actor.id() + " was refused");
      }
    }
    return node;
  }

  /** A key nobody enrolled. */
  Ed25519PrivateKey strangerKey() {
    return Ed25519PrivateKey.generate(random);
  }
}
