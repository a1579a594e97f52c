package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.haven.card.bundle.ActiveAlert;
import org.haven.card.bundle.BundleException;
import org.haven.card.bundle.BundleFile;
import org.haven.card.bundle.BundleStore;
import org.haven.card.bundle.LedgerTrust;
import org.haven.card.bundle.TrustEntry;
import org.haven.card.bundle.VerifierBundle;
import org.haven.consensus.Receipt;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.BundleAttestations;
import org.haven.core.tx.AttestBundle;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.haven.node.KeyFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundle provenance across a real consortium of three members (RocksDB, Ratis over gRPC, HTTP): the
 * bundle a member serves carries the attestations of a quorum of members, each from its own
 * replica, and a device that pinned genesis accepts it offline. One member's node key alone (a
 * whole member organisation turned attacker) cannot make a device accept a bundle that adds an
 * issuer key for another member or drops a missing-child alert, whether it attests the forgery
 * offline or puts its attestation on the ledger.
 */
class BundleProvenanceNetworkTest {
  private static final String ATTACKER = "ke-civil-registry";
  private static final String VICTIM = "ug-nira";
  private static final String BORDER_OFFICER = "ke.border.kamau";

  @TempDir static Path root;
  private static InProcessNetwork network;
  private static LedgerTrust trust;
  private static ChildNumber missingChild;
  private static byte[] honestFile;
  private static VerifierBundle honest;

  @BeforeAll
  static void startTheConsortiumWithAMissingChild() throws Exception {
    network = InProcessNetwork.start(root, UnaryOperator.identity());
    network.awaitLeader(network.members());
    DemoLedger ledger = network.ledger();
    HavenNode attacker = network.node(ATTACKER);
    List<Officer> officers = DemoCommand.demoOfficers(ledger);
    for (Officer officer : officers) {
      Receipt receipt =
          attacker
              .submit(ledger.enrol(officer).encoded())
              .get(InProcessNetwork.PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(receipt.result().accepted()).as("%s", receipt).isTrue();
    }
    Map<String, ChildNumber> children =
        new DemoRegistry(ledger, attacker)
            .seed(
                new OfficerId("ke.fieldagent.wanjiru"),
                new OfficerId("ke.registrar.otieno"),
                new OfficerId("unicef.caseworker.achieng"));
    missingChild = children.get("registered, reported missing");
    for (String member : network.members()) {
      ledger.saveCredential(
          network.dataDir(member), new OfficerId(BORDER_OFFICER), DemoCommand.DEMO_PASSWORD);
    }
    trust =
        LedgerTrust.of(GenesisFile.read(network.dataDir(ATTACKER).resolve(HavenNode.GENESIS_FILE)));
    honestFile = bundleFrom(ATTACKER);
    honest = BundleFile.read(honestFile, trust);
  }

  @AfterAll
  static void stopTheConsortium() throws Exception {
    if (network != null) {
      network.close();
    }
  }

  @Test
  void honestBundle_isAttestedByAQuorum_andPassesOfflineOnADevice(@TempDir Path device)
      throws Exception {
    VerifierBundle kept = BundleStore.open(device, trust).replace(honestFile);

    assertThat(trust.quorum()).isEqualTo(2);
    assertThat(attestationsOf(honest)).hasSizeGreaterThanOrEqualTo(trust.quorum());
    assertThat(kept.alert(missingChild)).isPresent();
    assertThat(kept.trustEntries()).extracting(TrustEntry::org).hasSize(3);
    // Another member serves the same content: it is the ledger's, not the serving member's.
    VerifierBundle fromVictim = BundleFile.read(bundleFrom(VICTIM), trust);
    assertThat(fromVictim.version()).isGreaterThanOrEqualTo(honest.version());
    assertThat(fromVictim.alert(missingChild)).isPresent();
    assertThat(fromVictim.trustEntries()).isEqualTo(honest.trustEntries());
  }

  @Test
  void oneMembersBundleAddingAnIssuerKeyForAnotherMember_isRefused() throws Exception {
    VerifierBundle forged =
        copyOfHonest(true)
            .issuer(
                new OrgId(VICTIM),
                Ed25519PrivateKey.generate(new SecureRandom()).publicKey(),
                Instant.parse("2024-01-01T00:00:00Z"))
            .build();

    // Attested by the attacker's own node key alone: not a quorum.
    byte[] alone = BundleFile.write(forged, List.of(attestation(forged)));
    assertRefused(alone, BundleException.Problem.NOT_ATTESTED);
    // With the honest members' attestations of the honest bundle beside it: they do not verify.
    byte[] borrowed = BundleFile.write(forged, attestationsOf(honest));
    assertRefused(borrowed, BundleException.Problem.BAD_SIGNATURE);
  }

  @Test
  void oneMembersBundleDroppingAnAlert_isRefused_evenWithItsAttestationOnTheLedger()
      throws Exception {
    VerifierBundle forged = copyOfHonest(false).build();
    assertThat(forged.alert(missingChild)).isEmpty();
    NodeHttp attackerApi = new NodeHttp(network.node(ATTACKER).httpPort());
    long records = attackerApi.status().get("recordTreeSize").asLong();

    // At the version it already attested, the ledger refuses a second content: an equivocation.
    HttpResponse<String> equivocation =
        attackerApi.submit(attestTransaction(honest.version(), forged.contentDigest()));
    assertThat(equivocation.statusCode()).as(equivocation.body()).isEqualTo(409);
    assertThat(equivocation.body()).contains("EQUIVOCATION");
    assertThat(attackerApi.status().get("recordTreeSize").asLong()).isEqualTo(records);
    assertThat(
            network
                .node(VICTIM)
                .queries()
                .bundleAttestations()
                .attestedBy(new OrgId(ATTACKER), honest.version())
                .orElseThrow()
                .digest())
        .as("what the attacker attested at that version, on an honest member")
        .isEqualTo(honest.contentDigest());

    // At an earlier version the ledger takes it (it cannot rebuild bundles), but no honest member
    // attests it: each attests only what it built itself, and joins no round older than the
    // newest it attested. It never reaches the quorum.
    long earlier = honest.version() - 1;
    HttpResponse<String> accepted =
        attackerApi.submit(attestTransaction(earlier, forged.contentDigest()));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    // Each member joins rounds in the order attestations are applied, one at a time. Once all
    // three attested a newer honest bundle, each has considered the attacker's attestation too.
    network.writeOneBlockEach(ATTACKER, 1);
    VerifierBundle newer = BundleFile.read(bundleFrom(ATTACKER), trust);
    awaitAttestedByAll(newer);
    List<BundleAttestations.Signed> gathered =
        network
            .node(VICTIM)
            .queries()
            .bundleAttestations()
            .signatures(earlier, forged.contentDigest());
    assertThat(gathered)
        .extracting(BundleAttestations.Signed::member)
        .containsExactly(new OrgId(ATTACKER));
    assertRefused(BundleFile.write(forged, gathered), BundleException.Problem.NOT_ATTESTED);
  }

  private static void awaitAttestedByAll(VerifierBundle bundle) throws InterruptedException {
    long deadline = System.nanoTime() + InProcessNetwork.PATIENCE.toNanos();
    while (attestationsOf(bundle).size() < network.members().size()) {
      assertThat(System.nanoTime()).as("every member attests %s", bundle).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void aMemberFrontRunningTheRoundWithAForgedAttestation_doesNotStopTheHonestBundle()
      throws Exception {
    network.writeOneBlockEach(VICTIM, 1);
    long version = network.node(VICTIM).queries().sizeWithEveryRecord();
    network.awaitConverged(version);
    // The attacker attests, first, a bundle at the new version without the alert.
    VerifierBundle forged =
        VerifierBundle.builder(honest.seriesSalt(), version, Instant.now(), honest.checkpointNote())
            .build();
    HttpResponse<String> first =
        new NodeHttp(network.node(ATTACKER).httpPort())
            .submit(attestTransaction(version, forged.createdAt(), forged.contentDigest()));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

    // An honest member serves the bundle at that version: the others rebuild it and attest the
    // ledger's content, not the attacker's.
    VerifierBundle served = BundleFile.read(bundleFrom(VICTIM), trust);

    assertThat(served.version()).isEqualTo(version);
    assertThat(served.alert(missingChild)).isPresent();
    assertThat(attestationsOf(served))
        .extracting(BundleAttestations.Signed::member)
        .doesNotContain(new OrgId(ATTACKER));
    assertThat(attestationsOf(forged))
        .extracting(BundleAttestations.Signed::member)
        .containsExactly(new OrgId(ATTACKER));
    assertRefused(
        BundleFile.write(forged, attestationsOf(forged)), BundleException.Problem.NOT_ATTESTED);
  }

  /** The honest bundle's content rebuilt by the attacker, with or without the alert. */
  private static VerifierBundle.Builder copyOfHonest(boolean withAlert) {
    VerifierBundle.Builder copy =
        VerifierBundle.builder(
            honest.seriesSalt(), honest.version(), honest.createdAt(), honest.checkpointNote());
    for (TrustEntry entry : honest.trustEntries()) {
      copy.issuer(entry.org(), entry.key(), entry.validFrom());
    }
    if (withAlert) {
      ActiveAlert alert = honest.alert(missingChild).orElseThrow();
      copy.alert(missingChild, alert.priority(), alert.contactPoint());
    }
    return copy;
  }

  private static void assertRefused(byte[] file, BundleException.Problem problem) {
    assertThatThrownBy(() -> BundleFile.read(file, trust))
        .isInstanceOfSatisfying(
            BundleException.class, e -> assertThat(e.problem()).isEqualTo(problem));
  }

  private static BundleAttestations.Signed attestation(VerifierBundle bundle) throws Exception {
    return new BundleAttestations.Signed(
        new OrgId(ATTACKER),
        attackerKey().sign(AttestBundle.message(trust.origin(), bundle.contentDigest())));
  }

  private static Transaction attestTransaction(long version, Hash digest) throws Exception {
    return attestTransaction(version, honest.createdAt(), digest);
  }

  private static Transaction attestTransaction(long version, Instant createdAt, Hash digest)
      throws Exception {
    byte[] nonce = new byte[TxBody.NONCE_SIZE];
    new SecureRandom().nextBytes(nonce);
    return AttestBundle.transaction(
        new OrgId(ATTACKER),
        attackerKey(),
        trust.origin(),
        version,
        createdAt.getEpochSecond(),
        digest,
        network.ledger().genesis().hash(),
        System.currentTimeMillis(),
        Bytes.of(nonce));
  }

  private static Ed25519PrivateKey attackerKey() {
    return KeyFile.read(network.dataDir(ATTACKER).resolve(HavenNode.NODE_KEY_FILE));
  }

  /** The attestations the ledger gathered on {@code bundle}'s content. */
  private static List<BundleAttestations.Signed> attestationsOf(VerifierBundle bundle) {
    return network
        .node(ATTACKER)
        .queries()
        .bundleAttestations()
        .signatures(bundle.version(), bundle.contentDigest());
  }

  /** {@code GET /bundle} from {@code member}, as the border officer. */
  private static byte[] bundleFrom(String member) throws Exception {
    int port = network.node(member).httpPort();
    String token = new NodeHttp(port).login(BORDER_OFFICER, DemoCommand.DEMO_PASSWORD);
    return NodeClient.inSession(URI.create("http://127.0.0.1:" + port), token, NodeTrust.SYSTEM)
        .download(NodeClient.Route.of("bundle"), "Haven-Bundle")
        .body();
  }
}
