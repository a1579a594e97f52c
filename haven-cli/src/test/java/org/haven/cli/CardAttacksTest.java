package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.haven.card.CardClaims;
import org.haven.card.CredentialCodec;
import org.haven.card.codec.Base45;
import org.haven.card.codec.Zlib;
import org.haven.card.cose.CoseSign1;
import org.haven.card.cwt.CwtWriter;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.KeyPurpose;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.core.ledger.GenesisFingerprint;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.Sex;
import org.haven.core.tx.IssueCard;
import org.haven.core.tx.Payload;
import org.haven.core.tx.RevokeCard;
import org.haven.core.tx.RevokeIssuerKey;
import org.haven.core.tx.RotateMemberKey;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.TxSigner;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.haven.node.KeyFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card rules attacked through a started demo node, as its officers and members would: over its
 * HTTP API, and as raw signed transactions through {@code POST /api/v1/transactions}, which the
 * ledger's validator must refuse the same way. Every refusal is checked to change nothing: the
 * ledger's size, the access log, the child's cards. Then the border: a revoked card, a rotated-out
 * key, a key reported compromised and a card valid too long, checked offline with {@code haven
 * check} against an exported bundle and online through {@code /border/check}.
 *
 * <p>The steps share one node and run in order: the rotation and the compromise change the ledger
 * for the steps after them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CardAttacksTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OrgId KENYA_REGISTRY = new OrgId("ke-civil-registry");
  private static final String MOTHER = "NATIONAL_ID:28713645:KE";
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir static Path temp;

  private static DemoCommand.Running demo;
  private static NodeHttp http;
  private static String child;
  private static String registrar;
  private static String caseWorker;
  private static String ugRegistrar;
  private static String unicefRegistrar;
  private static String auditor;
  private static String border;
  private static Path device;

  /** The card issued before the rotation: still valid after it, and after the compromise. */
  private static String firstCard;

  /** The KE registry's issuer key before the rotation, read from the node's key file. */
  private static Ed25519PrivateKey retiredKey;

  private static Instant rotatedAt;

  @BeforeAll
  static void startDemo() throws Exception {
    Path dataDir = Files.createDirectories(temp.resolve("node"));
    demo = DemoCommand.start(dataDir, 0);
    http = new NodeHttp(demo.node().httpPort());
    child = demo.children().get("registered, mother linked").toString();
    Officer unicef =
        demo.ledger().newOfficer("unicef.registrar.wambui", "unicef-esaro", Role.REGISTRAR, "KE");
    assertThat(http.submit(demo.ledger().enrol(unicef)).statusCode()).isEqualTo(200);
    demo.ledger().saveCredential(dataDir, unicef.id(), DemoCommand.DEMO_PASSWORD);
    registrar = login("ke.registrar.otieno");
    caseWorker = login("unicef.caseworker.achieng");
    ugRegistrar = login("ug.registrar.nakato");
    unicefRegistrar = login("unicef.registrar.wambui");
    auditor = login("unicef.auditor.mwangi");
    border = login("ke.border.kamau");
    retiredKey = KeyFile.read(dataDir.resolve(HavenNode.ISSUER_KEY_FILE));
    device = temp.resolve("device");
  }

  @AfterAll
  static void stop() throws Exception {
    demo.node().close();
  }

  // ---- issuing ----

  @Test
  @Order(1)
  void aCaseWorkerIssuingACard_isRefusedWithTheLedgersReason_andNothingIsReadOrWritten()
      throws Exception {
    assertIssueRefused(caseWorker, "unicef.caseworker.achieng", "ROLE_NOT_PERMITTED");
  }

  @Test
  @Order(2)
  void aRegistrarOfAnotherJurisdictionAndOrganisation_issuingACard_isRefused() throws Exception {
    assertIssueRefused(ugRegistrar, "ug.registrar.nakato", "OUTSIDE_ORGANISATION");
  }

  @Test
  @Order(3)
  void aRegistrarOfTheChildsJurisdictionAtAnotherOrganisation_issuingACard_isRefused()
      throws Exception {
    assertIssueRefused(unicefRegistrar, "unicef.registrar.wambui", "OUTSIDE_ORGANISATION");
  }

  @Test
  @Order(4)
  void theHoldersRegistrar_issuesTheCard_recordedOnTheLedgerByItsHashOnly() throws Exception {
    JsonNode card = issue();

    firstCard = card.get("qr").asText();
    String hash = card.get("cardHash").asText();
    assertThat(hash).isEqualTo(CredentialCodec.signedHash(firstCard).toHex());
    assertThat(cardHashes(registrar)).containsExactly(hash + " in force");
    JsonNode listed = JSON.readTree(http.get("/children/" + child + "/cards", ugRegistrar).body());
    assertThat(listed.get("reason").asText()).isEqualTo("OUTSIDE_ORGANISATION");
  }

  // ---- revoking ----

  @Test
  @Order(5)
  void revokingACardOfAnotherOrganisationsChild_isRefused_overHttpAndAsARawTransaction()
      throws Exception {
    Hash card = CredentialCodec.signedHash(firstCard);
    long size = treeSize();

    HttpResponse<String> refused =
        http.post(
            "/children/" + child + "/cards/" + card.toHex() + "/revocation",
            ugRegistrar,
            JSON.createObjectNode().put("reason", "reported stolen"));
    HttpResponse<String> raw =
        http.submit(
            signed("ug.registrar.nakato", new RevokeCard(childNumber(), card, "reported stolen")));

    assertRefused(refused, 403, "OUTSIDE_ORGANISATION");
    assertRefused(raw, 403, "OUTSIDE_ORGANISATION");
    assertThat(treeSize()).isEqualTo(size);
    assertThat(cardHashes(registrar)).containsExactly(card.toHex() + " in force");
  }

  @Test
  @Order(6)
  void aRevokedCard_isSentToSecondaryInspection_offlineAndOnline_andTheChildsNewCardPasses()
      throws Exception {
    String lost = issue().get("qr").asText();
    Hash lostHash = CredentialCodec.signedHash(lost);
    Path registrarSession = sessionFile("ke.registrar.otieno");
    Path lostFile = Files.writeString(temp.resolve("lost.qr.txt"), lost);
    assertThat(
            succeed(
                "card",
                "revoke",
                child,
                "--qr",
                lostFile.toString(),
                "--reason",
                "reported lost by the mother",
                "--session-file",
                registrarSession.toString()))
        .contains("is revoked");
    assertThat(cardHashes(registrar)).contains(lostHash.toHex() + " revoked");

    String fingerprint =
        GenesisFingerprint.of(
                GenesisFile.read(temp.resolve("node").resolve(HavenNode.GENESIS_FILE)))
            .toString();
    succeed(
        "bundle",
        "export",
        "--dir",
        device.toString(),
        "--genesis-fingerprint",
        fingerprint,
        "--session-file",
        sessionFile("ke.border.kamau").toString());
    assertThat(check(lostFile))
        .contains("SECONDARY INSPECTION")
        .contains("CARD_REVOKED")
        .doesNotContain("CARD_REVOKED_OR_SUSPENDED");
    assertThat(check(Files.writeString(temp.resolve("first.qr.txt"), firstCard))).contains("PASS");
    JsonNode online = borderCheck(lost);
    assertThat(online.get("outcome").asText()).isEqualTo("SECONDARY_INSPECTION");
    assertThat(texts(online.get("reasons"))).contains("CARD_REVOKED");
  }

  // ---- issuer keys ----

  @Test
  @Order(7)
  void afterARotation_theOldKeysCardsStayValid_andItsCardsDatedAfterTheRotationAreRefused()
      throws Exception {
    Ed25519PrivateKey newKey = Ed25519PrivateKey.generate(RANDOM);
    rotatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<String> rotation =
        http.submit(
            governance(new RotateMemberKey(KENYA_REGISTRY, KeyPurpose.ISSUER, newKey.publicKey())));
    assertThat(rotation.statusCode()).as(rotation.body()).isEqualTo(200);
    // Cards are dated to the second and the bundle widens intervals to whole seconds: a card of
    // the old key dated in the rotation's own second would still be in its interval.
    Thread.sleep(1100);
    long size = treeSize();

    HttpResponse<String> stillOldKey =
        http.post("/children/" + child + "/card", registrar, JSON.createObjectNode());

    assertRefused(stillOldKey, 409, "CONFLICT");
    assertThat(stillOldKey.body()).contains("not the current issuer key");
    assertThat(treeSize()).as("nothing read, nothing recorded").isEqualTo(size);
    assertThat(outcome(borderCheck(firstCard))).isEqualTo("PASS");
    String afterRotation = forge(retiredKey, Instant.now(), 1000);
    JsonNode refused = borderCheck(afterRotation);
    assertThat(refused.get("outcome").asText()).isEqualTo("SECONDARY_INSPECTION");
    assertThat(texts(refused.get("reasons"))).contains("ISSUER_UNKNOWN");
  }

  @Test
  @Order(8)
  void aKeyReportedCompromised_signsOnlyTheCardsRecordedBeforeTheReport_offlineAndOnline()
      throws Exception {
    String backdated = forge(retiredKey, rotatedAt.minusSeconds(2), 1000);
    assertThat(texts(borderCheck(backdated).get("reasons")))
        .as("before the report, the key is trusted for a card dated inside its interval")
        .doesNotContain("ISSUER_UNKNOWN", "CARD_NOT_GENUINE");

    HttpResponse<String> report =
        http.submit(governance(new RevokeIssuerKey(KENYA_REGISTRY, retiredKey.publicKey())));
    assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
    HttpResponse<String> recordAfter =
        http.submit(
            signed(
                "ke.registrar.otieno",
                new IssueCard(
                    childNumber(), CredentialCodec.signedHash(backdated), retiredKey.publicKey())));

    assertRefused(recordAfter, 409, "CONFLICT");
    assertThat(outcome(borderCheck(firstCard))).isEqualTo("PASS");
    JsonNode refused = borderCheck(backdated);
    assertThat(refused.get("outcome").asText()).isEqualTo("SECONDARY_INSPECTION");
    assertThat(texts(refused.get("reasons"))).contains("ISSUER_UNKNOWN");
    succeed(
        "bundle",
        "update",
        "--dir",
        device.toString(),
        "--session-file",
        sessionFile("ke.border.kamau").toString());
    assertThat(check(Files.writeString(temp.resolve("backdated.qr.txt"), backdated)))
        .contains("SECONDARY INSPECTION")
        .contains("ISSUER_UNKNOWN");
    assertThat(check(temp.resolve("first.qr.txt"))).contains("PASS");
  }

  @Test
  @Order(9)
  void aCardValidLongerThanFiveYears_isRefused_evenSignedByTheCurrentKey() throws Exception {
    Ed25519PrivateKey current = Ed25519PrivateKey.generate(RANDOM);
    assertThat(
            http.submit(
                    governance(
                        new RotateMemberKey(
                            KENYA_REGISTRY, KeyPurpose.ISSUER, current.publicKey())))
                .statusCode())
        .isEqualTo(200);
    Thread.sleep(1100);
    Instant issued = Instant.now();

    JsonNode longLived = borderCheck(forge(current, issued, 5 * 366 + 2));
    JsonNode withinPolicy = borderCheck(forge(current, issued, 1000));

    assertThat(longLived.get("outcome").asText()).isEqualTo("SECONDARY_INSPECTION");
    assertThat(texts(longLived.get("reasons"))).contains("CARD_LIFETIME_OVER_POLICY");
    assertThat(texts(withinPolicy.get("reasons")))
        .doesNotContain("CARD_LIFETIME_OVER_POLICY", "ISSUER_UNKNOWN", "CARD_NOT_GENUINE");
  }

  // ---- helpers ----

  /**
   * The officer's card issue is refused over HTTP with {@code reason}, and so is the same act as a
   * raw transaction signed with their key; neither changes the ledger, the access log or the
   * child's cards.
   */
  private static void assertIssueRefused(String token, String officer, String reason)
      throws Exception {
    long size = treeSize();
    int reads = accessLogSize();
    List<String> cards = cardHashes(registrar);

    HttpResponse<String> refused =
        http.post("/children/" + child + "/card", token, JSON.createObjectNode());
    HttpResponse<String> raw =
        http.submit(
            signed(officer, new IssueCard(childNumber(), randomHash(), retiredKey.publicKey())));

    assertRefused(refused, 403, reason);
    assertRefused(raw, 403, reason);
    assertThat(treeSize()).isEqualTo(size);
    assertThat(accessLogSize()).as("the child's data was not read").isEqualTo(reads);
    assertThat(cardHashes(registrar)).isEqualTo(cards);
  }

  private static void assertRefused(HttpResponse<String> answer, int status, String reason)
      throws IOException {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(JSON.readTree(answer.body()).get("reason").asText()).isEqualTo(reason);
  }

  private static JsonNode issue() throws Exception {
    HttpResponse<String> issued =
        http.post("/children/" + child + "/card", registrar, JSON.createObjectNode());
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return JSON.readTree(issued.body());
  }

  private static List<String> cardHashes(String token) throws Exception {
    HttpResponse<String> answer = http.get("/children/" + child + "/cards", token);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    List<String> cards = new ArrayList<>();
    JSON.readTree(answer.body())
        .get("items")
        .forEach(
            card ->
                cards.add(
                    card.get("cardHash").asText()
                        + (card.get("revoked").asBoolean() ? " revoked" : " in force")));
    return cards;
  }

  private static int accessLogSize() throws Exception {
    HttpResponse<String> answer = http.get("/children/" + child + "/access-log", auditor);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body()).get("items").size();
  }

  private static long treeSize() throws Exception {
    // Records only: the members' checkpoint cosignatures come and go on their own.
    return http.status().get("recordTreeSize").asLong();
  }

  private static JsonNode borderCheck(String qr) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("qr", qr);
    body.putObject("companion")
        .put("type", "NATIONAL_ID")
        .put("number", "28713645")
        .put("country", "KE");
    body.put("direction", "EXIT").put("destination", "UG").put("checkpoint", "KE-NAMANGA");
    HttpResponse<String> answer = http.post("/border/check", border, body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    return JSON.readTree(answer.body());
  }

  private static String outcome(JsonNode decision) {
    return decision.get("outcome").asText();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  /**
   * A card for the child signed with {@code key}, issued at {@code issuedAt} and valid {@code
   * days}: what whoever holds the key can make, without the ledger.
   */
  private static String forge(Ed25519PrivateKey key, Instant issuedAt, int days) {
    byte[] salt = new byte[CardClaims.SALT_SIZE];
    RANDOM.nextBytes(salt);
    CardClaims claims =
        new CardClaims(
            KENYA_REGISTRY,
            issuedAt.truncatedTo(ChronoUnit.SECONDS),
            issuedAt.truncatedTo(ChronoUnit.SECONDS).plus(days, ChronoUnit.DAYS),
            childNumber(),
            "Amina",
            "Otieno",
            LocalDate.of(2019, 5, 1),
            Sex.FEMALE,
            Optional.empty(),
            List.of(),
            0,
            Bytes.of(salt));
    return CredentialCodec.PREFIX
        + Base45.encode(Zlib.compress(CoseSign1.sign(CwtWriter.card(claims), key)));
  }

  private static ChildNumber childNumber() {
    return ChildNumber.parse(child);
  }

  private static Hash randomHash() {
    byte[] hash = new byte[Hash.SIZE];
    RANDOM.nextBytes(hash);
    return Hash.of(hash);
  }

  /** {@code payload} signed by the demo officer {@code officer} with their own key. */
  private static Transaction signed(String officer, Payload payload) {
    return demo.ledger().signedBy(new OfficerId(officer), payload);
  }

  /** A governance change signed by the admins of the Kenyan registry and of Uganda's NIRA. */
  private static Transaction governance(Payload change) {
    byte[] nonce = new byte[TxBody.NONCE_SIZE];
    RANDOM.nextBytes(nonce);
    List<TxSigner> signers = new ArrayList<>();
    for (String org : List.of("ke-civil-registry", "ug-nira")) {
      OfficerId admin = demo.ledger().adminOf(org);
      signers.add(new TxSigner(admin, demo.ledger().keyOf(admin)));
    }
    TxBody body =
        new TxBody(signers.get(0).officer(), System.currentTimeMillis(), Bytes.of(nonce), change);
    return Transaction.sign(body, demo.ledger().chainId(), signers);
  }

  private static String login(String officer) throws Exception {
    return http.login(officer, DemoCommand.DEMO_PASSWORD);
  }

  private static Path sessionFile(String officer) throws IOException {
    Path session = temp.resolve(officer + ".session.json");
    if (!Files.exists(session)) {
      succeed(
          "login",
          "--node",
          "http://127.0.0.1:" + demo.node().httpPort(),
          "--officer",
          officer,
          "--session-file",
          session.toString(),
          "--password-file",
          password().toString());
    }
    return session;
  }

  private static String check(Path qr) throws IOException {
    return succeed(
        "check",
        "--dir",
        device.toString(),
        "--qr",
        qr.toString(),
        "--companion",
        MOTHER,
        "--direction",
        "EXIT",
        "--destination",
        "UG",
        "--checkpoint",
        "KE-NAMANGA",
        "--country",
        "KE",
        "--child-matches",
        "yes",
        "--password-file",
        password().toString());
  }

  private static Path password() throws IOException {
    Path file = temp.resolve("password");
    if (!Files.exists(file)) {
      Files.writeString(file, DemoCommand.DEMO_PASSWORD);
    }
    return file;
  }

  private static String succeed(String... args) {
    return CliRun.succeed(args);
  }
}
