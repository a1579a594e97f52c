package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.haven.card.CardClaims;
import org.haven.card.CredentialCodec;
import org.haven.card.CredentialRead;
import org.haven.card.border.BorderCheck;
import org.haven.card.border.BorderDecision;
import org.haven.card.border.BorderPost;
import org.haven.card.border.BorderReason;
import org.haven.card.border.ChildComparison;
import org.haven.card.border.CompanionDocument;
import org.haven.card.border.Presentation;
import org.haven.card.bundle.BundleException;
import org.haven.card.bundle.BundleFile;
import org.haven.card.bundle.LedgerTrust;
import org.haven.card.bundle.VerifierBundle;
import org.haven.card.codec.Base45;
import org.haven.card.codec.Zlib;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The border page's own verifier (border-verify.js, run in Chromium) against the Java BorderCheck,
 * on the same inputs: real cards issued by the demo node's registrar, the node's real signed
 * verifier bundle and its genesis keys. A forged card and a tampered bundle are refused the same
 * way on both sides.
 */
class BorderVerifierBrowserTest extends BrowserTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_AGE = Duration.ofDays(7);
  private static final BorderPost POST =
      new BorderPost("ke-namanga-1", new Jurisdiction("KE"), ZoneId.of("Africa/Nairobi"));
  private static final CompanionDocument MOTHER =
      new CompanionDocument("NATIONAL_ID", "28 713 645", new Jurisdiction("KE"));
  private static final CompanionDocument STRANGER =
      new CompanionDocument("PASSPORT", "B7654321", new Jurisdiction("UG"));
  private static final CompanionDocument AUNT =
      new CompanionDocument("PASSPORT", "C1122334", new Jurisdiction("TZ"));

  private static byte[] bundleFile;
  private static LedgerTrust trust;
  private static String guardedCard;
  private static String missingChildCard;
  private static Instant guardedCardExpires;
  private static String activeConsent;
  private static String revokedConsent;
  private static String notYetValidConsent;
  private static String endingTodayConsent;
  private static String consentNewerThanBundle;
  private static String lostCard;
  private static String suspendedChildCard;
  private static String unlinkedMotherCard;

  @BeforeAll
  static void issueCardsAndFetchTheBundle() throws Exception {
    NodeClient registrar = nodeAs(officerWith(Role.REGISTRAR));
    JsonNode guarded = issueCard(registrar, "registered, mother linked");
    guardedCard = guarded.get("qr").asText();
    guardedCardExpires = Instant.ofEpochMilli(guarded.get("expiresAt").asLong());
    missingChildCard = issueCard(registrar, "registered, reported missing").get("qr").asText();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    activeConsent = grantConsent(registrar, "TC-1", today.minusDays(1), today.plusDays(30));
    JsonNode revoked = consent(registrar, "TC-2", today.minusDays(1), today.plusDays(30));
    revokedConsent = revoked.get("qr").asText();
    registrar.post(
        NodeClient.Route.of("consents", revoked.get("consentId").asText(), "revocation"),
        JSON.createObjectNode().put("reason", "the mother withdrew it"));
    notYetValidConsent = grantConsent(registrar, "TC-3", today.plusDays(3), today.plusDays(30));
    endingTodayConsent = grantConsent(registrar, "TC-4", today.minusDays(1), today);
    lostCard = issueLostCard(registrar);
    suspendedChildCard = issueCardThenSuspend(registrar);
    unlinkedMotherCard = issueCardWithAMotherNotLinked(registrar);
    describeTheMissingChild(nodeAs(officerWith(Role.CASE_WORKER)));
    NodeClient border = nodeAs(officerWith(Role.BORDER_OFFICER));
    bundleFile = border.download(NodeClient.Route.of("bundle"), "Haven-Bundle").body();
    consentNewerThanBundle =
        grantConsent(registrar, "TC-5", today.minusDays(1), today.plusDays(30));
    trust =
        LedgerTrust.of(GenesisFile.read(dataDir.resolve("node").resolve(HavenNode.GENESIS_FILE)));
  }

  /**
   * A photo as the vault takes one (a PNG's signature, then bytes): its hash goes in the bundle.
   */
  private static final byte[] ALERT_PHOTO = {
    (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 'm', 'i', 's', 's', 'i', 'n', 'g'
  };

  /** The case worker adds a description and a photo to the missing child's alert. */
  private static void describeTheMissingChild(NodeClient caseWorker) throws InterruptedException {
    caseWorker.post(
        NodeClient.Route.of("children", number("registered, reported missing"), "alert"),
        JSON.createObjectNode()
            .put("action", "UPDATE")
            .put("description", "Blue dress, small scar on the chin")
            .put("photo", Base64.getEncoder().encodeToString(ALERT_PHOTO)));
  }

  private static String number(String label) {
    return demo.children().get(label).toString().replaceAll("[^0-9]", "");
  }

  private static JsonNode issueCard(NodeClient registrar, String label)
      throws InterruptedException {
    return registrar.post(
        NodeClient.Route.of("children", number(label), "card"), JSON.createObjectNode());
  }

  /** A second card of Amina's, reported lost: the ledger revokes that one card only. */
  private static String issueLostCard(NodeClient registrar) throws InterruptedException {
    JsonNode lost = issueCard(registrar, "registered, mother linked");
    registrar.post(
        NodeClient.Route.of(
            "children",
            number("registered, mother linked"),
            "cards",
            lost.get("cardHash").asText(),
            "revocation"),
        JSON.createObjectNode().put("reason", "reported lost"));
    return lost.get("qr").asText();
  }

  /** Jabali's card, issued while he was reinstated, then his record suspended again. */
  private static String issueCardThenSuspend(NodeClient registrar) throws InterruptedException {
    NodeClient.Route status = NodeClient.Route.of("children", number("suspended"), "status");
    registrar.post(
        status,
        JSON.createObjectNode().put("status", "REGISTERED").put("reason", "court review closed"));
    String card = issueCard(registrar, "suspended").get("qr").asText();
    registrar.post(
        status,
        JSON.createObjectNode().put("status", "SUSPENDED").put("reason", "court review reopened"));
    return card;
  }

  /**
   * Aminah's card (found not to be Amina, then registered): her declared mother is on the card, but
   * no registrar linked her on the ledger, so she may not take the child out of the country.
   */
  private static String issueCardWithAMotherNotLinked(NodeClient registrar)
      throws InterruptedException {
    String aminah = number("possible duplicate, awaiting review");
    registrar.post(
        NodeClient.Route.of("children", aminah, "duplicate-review"),
        JSON.createObjectNode()
            .put("candidate", number("registered, mother linked"))
            .put("duplicate", false));
    registrar.post(
        NodeClient.Route.of("children", aminah, "decision"),
        JSON.createObjectNode().put("decision", "REGISTER").put("reason", "twin of Amina"));
    return issueCard(registrar, "possible duplicate, awaiting review").get("qr").asText();
  }

  private static String grantConsent(
      NodeClient registrar, String reference, LocalDate from, LocalDate until)
      throws InterruptedException {
    return consent(registrar, reference, from, until).get("qr").asText();
  }

  /** A single-trip consent of the mother's for the stranger to take Amina to UG. */
  private static JsonNode consent(
      NodeClient registrar, String reference, LocalDate from, LocalDate until)
      throws InterruptedException {
    ObjectNode consent =
        JSON.createObjectNode()
            .put("validFrom", from.toString())
            .put("validUntil", until.toString())
            .put("multipleTrips", false)
            .put("reference", reference);
    consent
        .putObject("companion")
        .put("type", STRANGER.type())
        .put("number", STRANGER.number())
        .put("country", STRANGER.country().code());
    consent.putArray("destinations").add("UG");
    consent
        .putArray("grantedBy")
        .addObject()
        .put("type", MOTHER.type())
        .put("number", MOTHER.number().replace(" ", ""))
        .put("country", MOTHER.country().code());
    return registrar.post(
        NodeClient.Route.of("children", number("registered, mother linked"), "consents"), consent);
  }

  enum Case {
    GUARDIAN_EXIT(false, MOTHER, "EXIT", Duration.ZERO, "PASS"),
    GUARDIAN_ENTRY(false, MOTHER, "ENTRY", Duration.ZERO, "PASS"),
    STRANGER_EXIT(false, STRANGER, "EXIT", Duration.ZERO, "SECONDARY_INSPECTION"),
    MISSING_CHILD(true, MOTHER, "EXIT", Duration.ZERO, "ALERT"),
    STALE_BUNDLE(false, MOTHER, "ENTRY", Duration.ofDays(9), "SECONDARY_INSPECTION"),
    CLOCK_BEHIND_BUNDLE(false, MOTHER, "EXIT", Duration.ofHours(-1), "SECONDARY_INSPECTION");

    final boolean missingChild;
    final CompanionDocument companion;
    final String direction;
    final Duration later;
    final String outcome;

    Case(
        boolean missingChild,
        CompanionDocument companion,
        String direction,
        Duration later,
        String outcome) {
      this.outcome = outcome;
      this.missingChild = missingChild;
      this.companion = companion;
      this.direction = direction;
      this.later = later;
    }
  }

  @ParameterizedTest
  @EnumSource(Case.class)
  void browserDecision_equalsJavaBorderCheck(Case c) throws Exception {
    String card = c.missingChild ? missingChildCard : guardedCard;
    Map<String, Object> browser =
        assertSameDecision(card, c.companion, c.direction, Instant.now().plus(c.later));

    assertThat(browser.get("outcome")).isEqualTo(c.outcome);
    if (c.missingChild) {
      assertThat(((Map<?, ?>) browser.get("alert")).get("photoHash"))
          .as("the bundle carries the alert's photo hash, and the browser reads it")
          .isEqualTo(Hash.sha256(ALERT_PHOTO).toHex());
    }
  }

  /** The officer's comparison of the child with the card, alike on both sides. */
  enum Comparison {
    MATCHES(false, ChildComparison.MATCHES, "PASS", "COMPANION_IS_GUARDIAN,CHILD_MATCHES_CARD"),
    DOES_NOT_MATCH(
        false,
        ChildComparison.DOES_NOT_MATCH,
        "SECONDARY_INSPECTION",
        "CHILD_DOES_NOT_MATCH_CARD,COMPANION_IS_GUARDIAN"),
    MISSING_CHILD_DOES_NOT_MATCH(
        true,
        ChildComparison.DOES_NOT_MATCH,
        "ALERT",
        "MISSING_CHILD_ALERT,CHILD_DOES_NOT_MATCH_CARD,NO_VALID_CONSENT");

    final boolean missingChild;
    final ChildComparison comparison;
    final String outcome;
    final List<String> reasons;

    Comparison(boolean missingChild, ChildComparison comparison, String outcome, String reasons) {
      this.missingChild = missingChild;
      this.comparison = comparison;
      this.outcome = outcome;
      this.reasons = List.of(reasons.split(","));
    }
  }

  @ParameterizedTest
  @EnumSource(Comparison.class)
  void childComparedWithTheCard_isDecidedAlike(Comparison c) throws Exception {
    Map<String, Object> browser =
        assertSameDecision(
            c.missingChild ? missingChildCard : guardedCard,
            null,
            MOTHER,
            c.comparison,
            Instant.now());

    assertThat(browser.get("outcome")).isEqualTo(c.outcome);
    assertThat(browser.get("reasons")).isEqualTo(c.reasons);
  }

  @Test
  void consentTheLedgerStillLists_isValidAlike() throws Exception {
    Map<String, Object> browser =
        assertSameDecision(
            guardedCard, activeConsent, STRANGER, ChildComparison.MATCHES, Instant.now());

    assertThat(browser.get("reasons")).isEqualTo(List.of("CONSENT_VALID", "CHILD_MATCHES_CARD"));
  }

  @Test
  void revokedConsent_isNotActiveAlike_neitherSideClaimingToKnowWhy() throws Exception {
    Map<String, Object> browser =
        assertSameDecision(
            guardedCard, revokedConsent, STRANGER, ChildComparison.MATCHES, Instant.now());

    assertThat(browser.get("outcome")).isEqualTo("SECONDARY_INSPECTION");
    assertThat(browser.get("reasons"))
        .isEqualTo(List.of("NO_VALID_CONSENT", "CHILD_MATCHES_CARD", "CONSENT_NOT_ACTIVE"));
  }

  /**
   * One case for each reason a device gives offline that the cases above do not: the reason named
   * must be among those both sides give, and both sides must give the same outcome, reasons and
   * problems.
   */
  enum Offline {
    CARD_REVOKED(() -> lostCard, () -> null, MOTHER, "UG", Duration.ZERO),
    CARD_REVOKED_OR_SUSPENDED(() -> suspendedChildCard, () -> null, MOTHER, "UG", Duration.ZERO),
    CARD_EXPIRED(
        () -> guardedCard,
        () -> null,
        MOTHER,
        "UG",
        Duration.between(Instant.now(), guardedCardExpires).plusDays(1)),
    ISSUER_UNKNOWN(
        BorderVerifierBrowserTest::cardSignedByAKeyNoMemberHolds,
        () -> null,
        MOTHER,
        "UG",
        Duration.ZERO),
    GUARDIAN_WITHOUT_TRAVEL_AUTHORITY(
        () -> unlinkedMotherCard, () -> null, MOTHER, "UG", Duration.ZERO),
    CONSENT_NOT_GENUINE(
        () -> guardedCard,
        () -> activeConsent.substring(0, activeConsent.length() - 2) + "00",
        STRANGER,
        "UG",
        Duration.ZERO),
    CONSENT_FOR_ANOTHER_CHILD(
        () -> unlinkedMotherCard, () -> activeConsent, STRANGER, "UG", Duration.ZERO),
    CONSENT_WRONG_COMPANION(() -> guardedCard, () -> activeConsent, AUNT, "UG", Duration.ZERO),
    CONSENT_NOT_YET_VALID(
        () -> guardedCard, () -> notYetValidConsent, STRANGER, "UG", Duration.ZERO),
    CONSENT_EXPIRED(
        () -> guardedCard, () -> endingTodayConsent, STRANGER, "UG", Duration.ofDays(2)),
    CONSENT_WRONG_DESTINATION(
        () -> guardedCard, () -> activeConsent, STRANGER, "TZ", Duration.ZERO),
    CONSENT_NEWER_THAN_BUNDLE(
        () -> guardedCard, () -> consentNewerThanBundle, STRANGER, "UG", Duration.ZERO);

    final Supplier<String> card;
    final Supplier<String> consent;
    final CompanionDocument companion;
    final String destination;
    final Supplier<Duration> later;

    Offline(
        Supplier<String> card,
        Supplier<String> consent,
        CompanionDocument companion,
        String destination,
        Duration later) {
      this(card, consent, companion, destination, () -> later);
    }

    Offline(
        Supplier<String> card,
        Supplier<String> consent,
        CompanionDocument companion,
        String destination,
        Supplier<Duration> later) {
      this.card = card;
      this.consent = consent;
      this.companion = companion;
      this.destination = destination;
      this.later = later;
    }
  }

  @ParameterizedTest
  @EnumSource(Offline.class)
  void everyOfflineReason_isGivenAlike(Offline c) throws Exception {
    Map<String, Object> browser =
        assertSameDecision(
            c.card.get(),
            c.consent.get(),
            c.companion,
            "EXIT",
            c.destination,
            ChildComparison.MATCHES,
            Instant.now().plus(c.later.get()));

    assertThat(String.valueOf(browser.get("reasons"))).contains(c.name());
  }

  /**
   * Every reason is compared between the browser and Java in this class, or is one only the node
   * gives, online: a new reason must be added to one or the other before this passes.
   */
  @Test
  void everyReason_isComparedHere_orIsGivenOnlyOnline() {
    Set<String> comparedAbove =
        Set.of(
            "MISSING_CHILD_ALERT",
            "CARD_NOT_GENUINE",
            "NO_VALID_CONSENT",
            "DEVICE_CLOCK_BEHIND_BUNDLE",
            "BUNDLE_STALE",
            "COMPANION_IS_GUARDIAN",
            "CONSENT_VALID",
            "CHILD_MATCHES_CARD",
            "CHILD_DOES_NOT_MATCH_CARD",
            "CONSENT_NOT_ACTIVE");
    // The node's own answers: a typed child number, and what only the ledger knows of a consent.
    Set<String> onlyOnline = Set.of("CARD_NOT_PRESENTED", "CONSENT_USED", "CONSENT_REVOKED");
    // Needs a card with a validity over 5 years signed by a trusted issuer key, which no issuer
    // makes; CardTrustTest and BorderCheckTest cover the Java side.
    Set<String> notComparable = Set.of("CARD_LIFETIME_OVER_POLICY");
    Set<String> covered = new TreeSet<>(comparedAbove);
    Arrays.stream(Offline.values()).map(Enum::name).forEach(covered::add);
    covered.addAll(onlyOnline);
    covered.addAll(notComparable);

    assertThat(covered)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(BorderReason.values()).map(Enum::name).toList());
  }

  /** Amina's card claims, signed by a fresh key: its key id is on no trust list. */
  private static String cardSignedByAKeyNoMemberHolds() {
    try {
      VerifierBundle bundle = BundleFile.read(bundleFile, trust);
      if (!(CredentialCodec.readCard(guardedCard, bundle, Instant.now())
          instanceof CredentialRead.Valid<CardClaims> genuine)) {
        throw new AssertionError("Amina's card does not read as genuine");
      }
      return CredentialCodec.issueCard(
          genuine.claims(), Ed25519PrivateKey.generate(new SecureRandom()));
    } catch (BundleException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void forgedCard_isRefusedAlike_withABadSignature() throws Exception {
    byte[] cose =
        Zlib.inflate(
            Base45.decode(guardedCard.substring(CredentialCodec.PREFIX.length())),
            CredentialCodec.MAX_INFLATED_SIZE);
    cose[cose.length - 1] ^= 0x01;
    String forged = CredentialCodec.PREFIX + Base45.encode(Zlib.compress(cose));

    Map<String, Object> browser = assertSameDecision(forged, MOTHER, "EXIT", Instant.now());

    assertThat(browser.get("outcome")).isEqualTo("SECONDARY_INSPECTION");
    assertThat(browser.get("cardProblem")).isEqualTo("BAD_SIGNATURE");
  }

  @Test
  void tamperedBundle_isRefusedAlike() throws BundleException {
    // One bit of the series salt, which renames every alert and consent: the file stays well
    // formed, and only the members' attestations can tell.
    byte[] salt = BundleFile.read(bundleFile, trust).seriesSalt().toArray();
    byte[] tampered = bundleFile.clone();
    tampered[indexOf(tampered, salt)] ^= 0x01;

    assertThatThrownBy(() -> BundleFile.read(tampered, trust))
        .isInstanceOf(BundleException.class)
        .extracting(e -> ((BundleException) e).problem().name())
        .isEqualTo("BAD_SIGNATURE");
    assertThat(browserReadsBundle(tampered, trust)).isEqualTo("BAD_SIGNATURE");
  }

  @Test
  void bundleAttestedByNodesTheDeviceDoesNotTrust_isRefusedAlike() {
    LedgerTrust strangers =
        new LedgerTrust(
            trust.origin(),
            Map.of(
                new OrgId("stranger"), Ed25519PrivateKey.generate(new SecureRandom()).publicKey()),
            1);

    assertThatThrownBy(() -> BundleFile.read(bundleFile, strangers))
        .extracting(e -> ((BundleException) e).problem().name())
        .isEqualTo("NOT_ATTESTED");
    assertThat(browserReadsBundle(bundleFile, strangers)).isEqualTo("NOT_ATTESTED");
    assertThat(browserReadsBundle(bundleFile, trust)).isEqualTo("OK");
  }

  @Test
  void bundleOfAnotherLedger_isRefusedAlike() {
    LedgerTrust otherLedger =
        new LedgerTrust("haven.example/another-ledger", trust.memberNodes(), trust.quorum());

    assertThatThrownBy(() -> BundleFile.read(bundleFile, otherLedger))
        .extracting(e -> ((BundleException) e).problem().name())
        .isEqualTo("BAD_SIGNATURE");
    assertThat(browserReadsBundle(bundleFile, otherLedger)).isEqualTo("BAD_SIGNATURE");
  }

  @Test
  void bundleFewerMembersAttestedThanTheQuorum_isRefusedAlike() {
    LedgerTrust more = new LedgerTrust(trust.origin(), trust.memberNodes(), trust.quorum() + 1);

    assertThatThrownBy(() -> BundleFile.read(bundleFile, more))
        .extracting(e -> ((BundleException) e).problem().name())
        .isEqualTo("NOT_ATTESTED");
    assertThat(browserReadsBundle(bundleFile, more)).isEqualTo("NOT_ATTESTED");
  }

  private static int indexOf(byte[] file, byte[] part) {
    for (int at = 0; at + part.length <= file.length; at++) {
      if (Arrays.equals(file, at, at + part.length, part, 0, part.length)) {
        return at;
      }
    }
    throw new AssertionError("the part is not in the file");
  }

  private Map<String, Object> assertSameDecision(
      String card, CompanionDocument companion, String direction, Instant now) throws Exception {
    return assertSameDecision(card, null, companion, direction, ChildComparison.NOT_MADE, now);
  }

  private Map<String, Object> assertSameDecision(
      String card,
      String consent,
      CompanionDocument companion,
      ChildComparison comparison,
      Instant now)
      throws Exception {
    return assertSameDecision(card, consent, companion, "EXIT", comparison, now);
  }

  private Map<String, Object> assertSameDecision(
      String card,
      String consent,
      CompanionDocument companion,
      String direction,
      ChildComparison comparison,
      Instant now)
      throws Exception {
    return assertSameDecision(card, consent, companion, direction, "UG", comparison, now);
  }

  private Map<String, Object> assertSameDecision(
      String card,
      String consent,
      CompanionDocument companion,
      String direction,
      String destination,
      ChildComparison comparison,
      Instant now)
      throws Exception {
    VerifierBundle bundle = BundleFile.read(bundleFile, trust);
    Presentation presentation =
        direction.equals("EXIT")
            ? Presentation.exit(
                CredentialCodec.readCard(card, bundle, now),
                companion,
                new Jurisdiction(destination))
            : Presentation.entry(CredentialCodec.readCard(card, bundle, now), companion);
    if (consent != null) {
      presentation = presentation.withConsent(CredentialCodec.readConsent(consent, bundle, now));
    }
    BorderDecision java =
        new BorderCheck(bundle, POST, MAX_AGE).decide(presentation.withComparison(comparison), now);

    Map<String, Object> browser =
        browserDecides(card, consent, companion, direction, destination, comparison, now);

    assertThat(browser.get("outcome")).isEqualTo(java.outcome().name());
    assertThat(browser.get("reasons")).isEqualTo(java.reasons().stream().map(Enum::name).toList());
    assertThat(browser.get("cardProblem"))
        .isEqualTo(java.cardProblem().map(Enum::name).orElse(null));
    assertThat(browser.get("consentProblem"))
        .isEqualTo(java.consentProblem().map(Enum::name).orElse(null));
    assertThat(browser.get("child"))
        .isEqualTo(
            java.child().map(child -> child.toString().replaceAll("[^0-9]", "")).orElse(null));
    assertThat(((Number) browser.get("bundleVersion")).longValue()).isEqualTo(java.bundleVersion());
    assertThat(browser.get("alert"))
        .isEqualTo(
            java.alert()
                .map(
                    alert -> {
                      Map<String, Object> read = new LinkedHashMap<>();
                      read.put("priority", alert.priority().name());
                      read.put("contactPoint", alert.contactPoint());
                      read.put("photoHash", alert.photoHash().map(Hash::toHex).orElse(null));
                      return read;
                    })
                .orElse(null));
    return browser;
  }

  private static void loadVerifier() {
    driver.get(baseUrl + "/app/index.html");
    loadScripts("verify.js", "border-verify.js");
  }

  private static List<Object> keysArgument(Map<OrgId, Ed25519PublicKey> keys) {
    return keys.entrySet().stream()
        .map(e -> (Object) List.of(e.getKey().value(), e.getValue().toBase64()))
        .toList();
  }

  /** Reads the bundle in the page against {@code trust}, as the border page pinned it. */
  private static String readBundle() {
    return "const [file, origin, keys, quorum] = arguments;"
        + "const nodeKeys = Object.fromEntries(keys.map(([org, key]) =>"
        + "    [org, HavenVerify.fromBase64(key)]));"
        + "const bundle = HavenBorderVerifier.readBundle(HavenVerify.fromBase64(file),"
        + "    {origin, nodeKeys, quorum});";
  }

  private static String browserReadsBundle(byte[] file, LedgerTrust trust) {
    loadVerifier();
    return (String)
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                readBundle()
                    + "const done = arguments[arguments.length - 1];"
                    + "bundle.then(() => done('OK'), (e) => done(e.problem || String(e)));",
                Base64.getEncoder().encodeToString(file),
                trust.origin(),
                keysArgument(trust.memberNodes()),
                trust.quorum());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> browserDecides(
      String card,
      String consent,
      CompanionDocument companion,
      String direction,
      String destination,
      ChildComparison comparison,
      Instant now) {
    loadVerifier();
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("card", card);
    check.put("consent", consent);
    if (comparison != ChildComparison.NOT_MADE) {
      check.put("childMatches", comparison == ChildComparison.MATCHES);
    }
    check.put(
        "companion",
        Map.of(
            "type",
            companion.type(),
            "number",
            companion.number(),
            "country",
            companion.country().code()));
    check.put("direction", direction);
    check.put("destination", destination);
    check.put(
        "post",
        Map.of("id", POST.id(), "country", POST.country().code(), "zone", POST.zone().getId()));
    check.put("maxAgeSeconds", MAX_AGE.toSeconds());
    return (Map<String, Object>)
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                readBundle()
                    + "const [, , , , check, now, done] = arguments;"
                    + "bundle.then((b) => HavenBorderVerifier.decide(b, check, now))"
                    + ".then(done, (e) => done({error: String(e.stack || e)}));",
                Base64.getEncoder().encodeToString(bundleFile),
                trust.origin(),
                keysArgument(trust.memberNodes()),
                trust.quorum(),
                check,
                now.toEpochMilli());
  }
}
