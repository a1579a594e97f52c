package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.haven.consensus.MemberTls;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.ledger.Genesis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's mutual TLS set-up from its key file and genesis, and each way it refuses to start. */
class MemberTlsConfigTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path root;

  private SingleNodeLedger ledger;
  private NodeConfig config;

  @BeforeEach
  void writeLedger() throws Exception {
    ledger = SingleNodeLedger.writeTo(root);
    config = NodeConfig.read(ledger.dataDir());
  }

  private Genesis listing(MemberCertificate certificate) {
    return ledger
        .genesis()
        .withTlsCertificates(Map.of(SingleNodeLedger.ORG, certificate.certificate()));
  }

  /** The node's TLS set-up when its ledger lists the members {@code genesis} founds it with. */
  private Optional<MemberTls> memberTls(Genesis genesis) {
    Map<String, Bytes> members = new TreeMap<>();
    genesis.tlsCertificates().forEach((member, der) -> members.put(member.value(), der));
    return HavenNode.memberTls(ledger.dataDir(), config, genesis, () -> members);
  }

  private static MemberCertificate certificate(Instant from, Duration validity) {
    return MemberCertificate.generate(SingleNodeLedger.ORG.value(), from, validity, RANDOM);
  }

  private void writeKey(MemberCertificate certificate) throws Exception {
    KeyFile.writeSecret(ledger.dataDir().resolve(HavenNode.TLS_KEY_FILE), certificate.privateKey());
  }

  @Test
  void aGenesisWithoutCertificates_meansPlainGrpc() {
    assertThat(memberTls(ledger.genesis())).isEmpty();
  }

  @Test
  void theKeyOfTheCertificateGenesisLists_startsMutualTls() throws Exception {
    MemberCertificate mine = certificate(Instant.now(), MemberCertificate.VALIDITY);
    writeKey(mine);

    assertThat(memberTls(listing(mine))).isPresent();
  }

  @Test
  void aRaftPeerIdOtherThanTheOrganisation_isRefused() throws Exception {
    MemberCertificate mine = certificate(Instant.now(), MemberCertificate.VALIDITY);
    writeKey(mine);
    Path file = ledger.dataDir().resolve(NodeConfig.FILE_NAME);
    ObjectNode json = (ObjectNode) GenesisFile.JSON.readTree(file.toFile());
    json.put("nodeId", "another-peer");
    Files.writeString(file, json.toString());
    config = NodeConfig.read(ledger.dataDir());

    assertThatThrownBy(() -> memberTls(listing(mine)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nodeId in " + ledger.dataDir().resolve(NodeConfig.FILE_NAME))
        .hasMessageContaining("Set nodeId to " + config.org());
  }

  @Test
  void aMissingKeyFile_isNamed() {
    MemberCertificate mine = certificate(Instant.now(), MemberCertificate.VALIDITY);

    assertThatThrownBy(() -> memberTls(listing(mine)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "Cannot read this member's TLS key " + ledger.dataDir().resolve(HavenNode.TLS_KEY_FILE))
        .hasMessageContaining("'haven init' writes it");
  }

  @Test
  void aKeyWhoseCertificateGenesisDoesNotList_isRefused() throws Exception {
    MemberCertificate listed = certificate(Instant.now(), MemberCertificate.VALIDITY);
    writeKey(certificate(Instant.now(), MemberCertificate.VALIDITY));

    assertThatThrownBy(() -> memberTls(listing(listed)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ledger.dataDir().resolve(HavenNode.TLS_KEY_FILE).toString())
        .hasMessageContaining(
            "the TLS key is not the key of the certificate the ledger lists for "
                + SingleNodeLedger.ORG)
        .hasMessageContaining(MemberCertificate.fingerprint(listed.certificate()))
        .hasMessageContaining("lists it in genesis");
  }

  @Test
  void anExpiredCertificate_isRefusedWithItsDates() throws Exception {
    Instant issued = Instant.parse("2020-01-01T00:00:00Z");
    MemberCertificate expired = certificate(issued, Duration.ofDays(30));
    writeKey(expired);

    assertThatThrownBy(() -> memberTls(listing(expired)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "the TLS certificate of "
                + SingleNodeLedger.ORG
                + " is valid only from 2020-01-01T00:00:00Z to 2020-01-31T00:00:00Z")
        .hasMessageContaining("expired certificate makes a new one");
  }

  @Test
  void aKeyFileThatIsNotAKey_isNamed() throws Exception {
    MemberCertificate mine = certificate(Instant.now(), MemberCertificate.VALIDITY);
    KeyFile.writeSecret(ledger.dataDir().resolve(HavenNode.TLS_KEY_FILE), mine.certificate());

    assertThatThrownBy(() -> memberTls(listing(mine)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ledger.dataDir().resolve(HavenNode.TLS_KEY_FILE).toString())
        .hasMessageContaining("not a PKCS#8 ECDSA private key");
  }
}
