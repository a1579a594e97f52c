package org.haven.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Witness;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.KeyPurpose;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.ledger.Genesis;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.ChildChange;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.ConsentState;
import org.haven.core.registry.EventType;
import org.haven.core.registry.Evidence;
import org.haven.core.registry.GuardianLink;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.TravelConsent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.FoundChildTokens;
import org.haven.core.registry.identity.LinkageToken;
import org.haven.core.registry.identity.TokenType;
import org.haven.core.state.LedgerState;
import org.haven.core.testing.TestConsortium;
import org.haven.core.testing.TestOfficer;
import org.haven.core.tx.AdmitMember;
import org.haven.core.tx.AttestBundle;
import org.haven.core.tx.ChangeChildStatus;
import org.haven.core.tx.CorrectChild;
import org.haven.core.tx.CosignCheckpoint;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.DecideFoundChild;
import org.haven.core.tx.DeclareChild;
import org.haven.core.tx.DeclareFoundChild;
import org.haven.core.tx.EndorseProposal;
import org.haven.core.tx.EnrolOfficer;
import org.haven.core.tx.GrantConsent;
import org.haven.core.tx.GrantJurisdiction;
import org.haven.core.tx.IssueCard;
import org.haven.core.tx.Kind;
import org.haven.core.tx.LinkGuardian;
import org.haven.core.tx.Payload;
import org.haven.core.tx.ProposeGovernance;
import org.haven.core.tx.RecordAccess;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.RecordEvent;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.RemoveMember;
import org.haven.core.tx.ResolveDuplicate;
import org.haven.core.tx.RevokeCard;
import org.haven.core.tx.RevokeConsent;
import org.haven.core.tx.RevokeIssuerKey;
import org.haven.core.tx.RevokeOfficer;
import org.haven.core.tx.RotateMemberKey;
import org.haven.core.tx.SetAlert;
import org.haven.core.tx.SetConsentRule;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.TxValidator;
import org.haven.core.tx.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two properties of every serialised type, over seeded random values: decoding an encoding
 * gives the value back, and changed bytes never decode to the same value. A transaction that
 * survives a one-byte change must fail validation, because what it says is no longer what was
 * signed. Each case's kind and seed are in its name and in every failure message.
 */
class CodecPropertyTest {
  private static final int SEEDS = 100;
  private static final int FLIPS_PER_SEED = 5;

  // Letters, digits, spaces, punctuation, multi-byte UTF-8 and a surrogate pair.
  private static final String[] TEXT = {"a", "Z", "7", " ", "'", "-", "é", "—", "日", "😀"};
  private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789.-";
  private static final String[] COUNTRIES = {"KE", "UG", "TZ", "RW", "SS", "ET", "SO", "CD"};

  /** Signatures can only be judged against a ledger: three members, two registrars each. */
  private static final TestConsortium LEDGER = TestConsortium.withMembers(3);

  private static final List<TestOfficer> REGISTRARS = new ArrayList<>();

  static {
    for (OrgId member : LEDGER.members()) {
      REGISTRARS.add(LEDGER.aRegistrar().of(member).enrolled());
      REGISTRARS.add(LEDGER.aRegistrar().of(member).enrolled());
    }
  }

  /** Officers and children of member 0 in Kenya, so that every registry kind has its subject. */
  private static final TestOfficer AGENT = LEDGER.officer(Role.FIELD_AGENT, "KE");

  private static final TestOfficer REGISTRAR = LEDGER.officer(Role.REGISTRAR, "KE");
  private static final TestOfficer CASE_WORKER = LEDGER.officer(Role.CASE_WORKER, "KE");
  private static final TestOfficer BORDER = LEDGER.officer(Role.BORDER_OFFICER, "KE");
  private static final LinkageToken SHARED_TOKEN =
      new LinkageToken(TokenType.NAME_BIRTH_DATE, Hash.sha256(new byte[] {1}));
  private static final ChildNumber REGISTERED = ChildNumber.generate(new Random(1));
  private static final ChildNumber DECLARED = ChildNumber.generate(new Random(2));
  private static final ChildNumber UNDER_REVIEW = ChildNumber.generate(new Random(3));
  private static final ChildNumber FOUND = ChildNumber.generate(new Random(9));
  private static final Hash MOTHER_DOCUMENT = Hash.sha256(new byte[] {4});
  private static final Hash EXISTING_CONSENT = Hash.sha256(new byte[] {6});
  private static final Hash EXISTING_CARD = Hash.sha256(new byte[] {7});

  /** The digest of the existing consent's credential, as a crossing presents it. */
  private static final Hash EXISTING_CONSENT_SHOWN = Hash.sha256(new byte[] {8});

  private static final Jurisdiction BORDER_COUNTRY = new Jurisdiction("KE");
  private static final List<Jurisdiction> DESTINATIONS =
      List.of(new Jurisdiction("UG"), new Jurisdiction("TZ"), new Jurisdiction("RW"));

  static {
    LEDGER.commit(LEDGER.sign(AGENT, declaration(REGISTERED, SHARED_TOKEN)));
    LEDGER.commit(
        LEDGER.sign(
            REGISTRAR,
            new DecideDeclaration(REGISTERED, DecideDeclaration.Decision.REGISTER, "seen")));
    LEDGER.commit(
        LEDGER.sign(
            AGENT,
            declaration(
                DECLARED, new LinkageToken(TokenType.NAME_MOTHER, Hash.sha256(new byte[] {2})))));
    LEDGER.commit(LEDGER.sign(AGENT, declaration(UNDER_REVIEW, SHARED_TOKEN)));
    LEDGER.commit(
        LEDGER.sign(
            AGENT,
            new DeclareFoundChild(
                FOUND,
                new Jurisdiction("KE"),
                Hash.sha256(new byte[] {9}),
                List.of(new LinkageToken(TokenType.NAME_PART_AGE, Hash.sha256(new byte[] {9}))))));
    LEDGER.commit(
        LEDGER.sign(
            REGISTRAR,
            new LinkGuardian(
                REGISTERED,
                new GuardianLink(Relationship.MOTHER, MOTHER_DOCUMENT, true, "birth record"),
                true)));
    LEDGER.commit(
        LEDGER.sign(
            REGISTRAR,
            new GrantConsent(
                new TravelConsent(
                    EXISTING_CONSENT,
                    REGISTERED,
                    Hash.sha256(new byte[] {5}),
                    List.of(new Jurisdiction("UG")),
                    LocalDate.now(ZoneOffset.UTC),
                    LocalDate.now(ZoneOffset.UTC).plusDays(30),
                    true,
                    List.of(MOTHER_DOCUMENT),
                    "given in person",
                    TravelConsent.commitment(EXISTING_CONSENT_SHOWN),
                    ConsentState.ACTIVE))));
    LEDGER.commit(
        LEDGER.sign(
            REGISTRAR, new IssueCard(REGISTERED, EXISTING_CARD, issuerKey(LEDGER.member(0)))));
  }

  private static Ed25519PublicKey issuerKey(OrgId member) {
    return LEDGER.state().organisation(member).orElseThrow().issuerKey();
  }

  /** A proposal of member 0 that one more member's endorsement would apply. */
  private static final Hash OPEN_PROPOSAL = openProposal();

  private static Hash openProposal() {
    Transaction proposal =
        LEDGER.sign(
            LEDGER.admin(0),
            new ProposeGovernance(new SetConsentRule(new Jurisdiction("BI"), 2, "both parents")));
    LEDGER.commit(proposal);
    return proposal.id();
  }

  private static DeclareChild declaration(ChildNumber child, LinkageToken token) {
    return new DeclareChild(
        child,
        new Jurisdiction("KE"),
        Hash.sha256(child.toString().getBytes(StandardCharsets.UTF_8)),
        List.of(token),
        false,
        Evidence.BIRTH_NOTIFICATION,
        List.of());
  }

  private static final TxValidator VALIDATOR = new TxValidator(LEDGER.chainId());

  static Stream<Arguments> kindsAndSeeds() {
    return Stream.of(Kind.values())
        .flatMap(
            kind -> LongStream.rangeClosed(1, SEEDS).mapToObj(seed -> Arguments.of(kind, seed)));
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, SEEDS);
  }

  // ---- transactions ----

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("kindsAndSeeds")
  void transaction_roundTrips(Kind kind, long seed) throws DecodeException {
    Transaction tx = randomTransaction(kind, new Random(seed));
    String where = kind + " seed " + seed;

    Transaction decoded = Transaction.decode(tx.encoded());

    assertThat(decoded).as(where).isEqualTo(tx);
    assertThat(decoded.id()).as(where).isEqualTo(tx.id());
    assertThat(decoded.body()).as(where).isEqualTo(tx.body());
    assertThat(decoded.endorsements()).as(where).isEqualTo(tx.endorsements());
    assertThat(decoded.kind()).as(where).isEqualTo(kind);
    assertThat(VALIDATOR.validate(decoded, state())).as(where).isEqualTo(Validation.accepted());
  }

  /**
   * A record's history decodes only the transactions whose bytes name the child's number or one of
   * its consents' ids: every change {@link ChildChange} finds about a child must name one of them.
   */
  @Test
  void everyChangeAboutAChild_namesItsNumberOrItsConsentInItsBytes() {
    Set<Kind> found = new TreeSet<>();
    for (Kind kind : Kind.values()) {
      for (long seed = 1; seed <= SEEDS; seed++) {
        Transaction tx = randomTransaction(kind, new Random(seed));
        byte[] bytes = tx.encoded().toArray();
        for (ChildNumber child : List.of(REGISTERED, UNDER_REVIEW)) {
          if (ChildChange.of(seed, tx, child, Set.of(EXISTING_CONSENT)).isPresent()) {
            found.add(kind);
            assertThat(
                    contains(bytes, child.toString().getBytes(StandardCharsets.US_ASCII))
                        || contains(bytes, EXISTING_CONSENT.toArray()))
                .as("%s seed %d about %s names it", kind, seed, child)
                .isTrue();
          }
        }
      }
    }
    assertThat(found)
        .as("the kinds found about the children")
        .contains(
            Kind.RESOLVE_DUPLICATE,
            Kind.CORRECT_CHILD,
            Kind.CHANGE_CHILD_STATUS,
            Kind.LINK_GUARDIAN,
            Kind.SET_ALERT,
            Kind.RECORD_EVENT,
            Kind.GRANT_CONSENT,
            Kind.REVOKE_CONSENT,
            Kind.RECORD_CROSSING,
            Kind.ISSUE_CARD,
            Kind.REVOKE_CARD)
        .doesNotContain(Kind.RECORD_ACCESS, Kind.ENROL_OFFICER);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("kindsAndSeeds")
  void transaction_withOneByteChanged_failsToDecodeOrFailsValidation(Kind kind, long seed) {
    Random random = new Random(seed);
    Transaction tx = randomTransaction(kind, random);

    for (int flip = 0; flip < FLIPS_PER_SEED; flip++) {
      byte[] bytes = tx.encoded().toArray();
      int at = random.nextInt(bytes.length);
      bytes[at] ^= (byte) (1 + random.nextInt(255));
      String where = kind + " seed " + seed + ", byte " + at + " of " + bytes.length + " changed";

      assertRejectedOrUndecodable(tx, Bytes.of(bytes), where);
    }
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("kindsAndSeeds")
  void transaction_truncated_failsToDecode(Kind kind, long seed) {
    Random random = new Random(seed);
    Bytes encoded = randomTransaction(kind, random).encoded();
    int length = random.nextInt(encoded.size());

    DecodeException error =
        catchThrowableOfType(
            DecodeException.class, () -> Transaction.decode(encoded.slice(0, length)));

    assertThat(error)
        .as("%s seed %d, truncated to %d of %d bytes", kind, seed, length, encoded.size())
        .isNotNull()
        .hasMessageContaining("truncated");
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("kindsAndSeeds")
  void transaction_withAByteAppended_failsToDecode(Kind kind, long seed) {
    Random random = new Random(seed);
    Bytes encoded = randomTransaction(kind, random).encoded();
    Bytes extended = encoded.concat(Bytes.of(new byte[] {(byte) random.nextInt(256)}));

    DecodeException error =
        catchThrowableOfType(DecodeException.class, () -> Transaction.decode(extended));

    assertThat(error)
        .as("%s seed %d", kind, seed)
        .isNotNull()
        .hasMessageContaining("1 unexpected trailing bytes");
    assertThat(error.offset()).as("%s seed %d", kind, seed).isEqualTo(encoded.size());
  }

  /**
   * The mutated bytes either fail to decode, or decode (canonically: to exactly these bytes) to a
   * different transaction that the validator refuses for its signers or signatures.
   */
  private static void assertRejectedOrUndecodable(
      Transaction original, Bytes mutated, String where) {
    Transaction decoded;
    try {
      decoded = Transaction.decode(mutated);
    } catch (DecodeException e) {
      assertThat(e.getMessage()).as(where).isNotBlank();
      assertThat(e.offset()).as(where).isBetween(0, mutated.size());
      return;
    }
    assertThat(decoded).as(where).isNotEqualTo(original);
    assertThat(decoded.encoded()).as(where + ": re-encoding").isEqualTo(mutated);
    assertThat(Hash.sha256(decoded.body().encode()))
        .as(where + ": id of the re-encoded body")
        .isEqualTo(decoded.id());
    Validation validation = VALIDATOR.validate(decoded, state());
    assertThat(validation)
        .as(where + ": validation of " + decoded)
        .isInstanceOfSatisfying(
            Validation.Rejected.class,
            r ->
                assertThat(r.reason())
                    .as(where + ": " + r)
                    .isIn(
                        RejectReason.BAD_SIGNATURE,
                        RejectReason.UNKNOWN_SIGNER,
                        RejectReason.WRONG_SIGNERS));
  }

  // ---- genesis ----

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void genesis_roundTrips(long seed) throws DecodeException {
    Genesis genesis = randomGenesis(new Random(seed));

    Genesis decoded = Genesis.decode(genesis.encode());

    assertThat(decoded).as("seed %d", seed).isEqualTo(genesis);
    assertThat(decoded.hash()).as("seed %d", seed).isEqualTo(genesis.hash());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void genesis_truncatedOrExtended_failsToDecode(long seed) {
    Random random = new Random(seed);
    byte[] encoded = randomGenesis(random).encode();
    int length = random.nextInt(encoded.length);
    byte[] truncated = Bytes.of(encoded, 0, length).toArray();
    byte[] extended = Bytes.of(encoded).concat(Bytes.fromHex("00")).toArray();

    assertThat(catchThrowableOfType(DecodeException.class, () -> Genesis.decode(truncated)))
        .as("seed %d, truncated to %d of %d bytes", seed, length, encoded.length)
        .isNotNull()
        .hasMessageContaining("truncated");
    assertThat(catchThrowableOfType(DecodeException.class, () -> Genesis.decode(extended)))
        .as("seed %d, extended", seed)
        .isNotNull()
        .hasMessageContaining("trailing");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void genesis_withOneByteChanged_failsToDecodeOrIsAnotherLedger(long seed) {
    Random random = new Random(seed);
    Genesis genesis = randomGenesis(random);
    byte[] bytes = genesis.encode();
    int at = random.nextInt(bytes.length);
    bytes[at] ^= (byte) (1 + random.nextInt(255));
    String where = "seed " + seed + ", byte " + at + " of " + bytes.length + " changed";

    Genesis decoded;
    try {
      decoded = Genesis.decode(bytes);
    } catch (DecodeException e) {
      assertThat(e.getMessage()).as(where).isNotBlank();
      return;
    }
    assertThat(decoded).as(where).isNotEqualTo(genesis);
    assertThat(decoded.encode()).as(where + ": re-encoding").isEqualTo(bytes);
    assertThat(decoded.hash()).as(where).isNotEqualTo(genesis.hash());
  }

  @Test
  void everyTruncationOfAGenesisFailsToDecode() {
    byte[] encoded = LEDGER.genesis().encode();

    for (int length = 0; length < encoded.length; length++) {
      byte[] truncated = Bytes.of(encoded, 0, length).toArray();
      assertThat(catchThrowableOfType(DecodeException.class, () -> Genesis.decode(truncated)))
          .as("truncated to %d of %d bytes", length, encoded.length)
          .isNotNull()
          .hasMessageContaining("truncated");
    }
  }

  // ---- block headers ----

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void blockHeader_roundTrips(long seed) throws DecodeException {
    BlockHeader header = randomHeader(new Random(seed));

    BlockHeader decoded = BlockHeader.decode(header.encode());

    assertThat(decoded).as("seed %d", seed).isEqualTo(header);
    assertThat(decoded.hash()).as("seed %d", seed).isEqualTo(header.hash());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void blockHeader_everyTruncationAndAnyExtension_failsToDecode(long seed) {
    Random random = new Random(seed);
    Bytes encoded = randomHeader(random).encode();

    for (int length = 0; length < encoded.size(); length++) {
      Bytes truncated = encoded.slice(0, length);
      assertThat(catchThrowableOfType(DecodeException.class, () -> BlockHeader.decode(truncated)))
          .as("seed %d, truncated to %d bytes", seed, length)
          .isNotNull()
          .hasMessageContaining("truncated");
    }
    Bytes extended = encoded.concat(Bytes.of(new byte[] {(byte) random.nextInt(256)}));
    assertThat(catchThrowableOfType(DecodeException.class, () -> BlockHeader.decode(extended)))
        .as("seed %d, extended", seed)
        .isNotNull()
        .hasMessageContaining("trailing");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void blockHeader_withOneByteChanged_failsToDecodeOrHashesDifferently(long seed) {
    Random random = new Random(seed);
    BlockHeader header = randomHeader(random);
    byte[] bytes = header.encode().toArray();
    int at = random.nextInt(bytes.length);
    bytes[at] ^= (byte) (1 + random.nextInt(255));
    String where = "seed " + seed + ", byte " + at + " changed";

    BlockHeader decoded;
    try {
      decoded = BlockHeader.decode(Bytes.of(bytes));
    } catch (DecodeException e) {
      assertThat(e.getMessage()).as(where).containsAnyOf("exceeds 2^63-1", "exceeds 2^31-1");
      return;
    }
    assertThat(decoded).as(where).isNotEqualTo(header);
    assertThat(decoded.encode()).as(where).isEqualTo(Bytes.of(bytes));
    assertThat(decoded.hash()).as(where).isNotEqualTo(header.hash());
  }

  // ---- random values ----

  /** A transaction of {@code kind} that the ledger would accept, drawn only from {@code random}. */
  private static Transaction randomTransaction(Kind kind, Random random) {
    if (kind == Kind.COSIGN_CHECKPOINT) {
      return randomCosignature(random);
    }
    if (kind == Kind.ATTEST_BUNDLE) {
      return randomAttestation(random);
    }
    TestOfficer proposer = LEDGER.admin(random.nextInt(LEDGER.members().size()));
    List<TestOfficer> signers = List.of(proposer);
    Payload payload =
        switch (kind) {
          case ENROL_OFFICER ->
              new EnrolOfficer(
                  randomOfficer(
                      random,
                      proposer.org(),
                      Role.values()[random.nextInt(Role.values().length)],
                      proposer.officer().jurisdiction()));
          case REVOKE_OFFICER ->
              new RevokeOfficer(
                  randomRegistrarOf(proposer.org(), random).id(), randomText(random, 1, 60));
          case ADMIT_MEMBER -> {
            Organisation organisation = randomOrganisation(random, "new-");
            signers = governanceSigners(random);
            yield new AdmitMember(
                organisation,
                randomOfficer(random, organisation.id(), Role.ORG_ADMIN),
                randomCertificate(random, organisation.id()),
                randomId(random, "abcdefghijklmnopqrstuvwxyz", 1, 20)
                    + ".example:"
                    + (1 + random.nextInt(65535)));
          }
          case REMOVE_MEMBER -> {
            signers = governanceSigners(random);
            yield new RemoveMember(randomMember(random), randomText(random, 1, 60));
          }
          case ROTATE_MEMBER_KEY -> {
            signers = governanceSigners(random);
            yield new RotateMemberKey(
                randomMember(random),
                KeyPurpose.values()[random.nextInt(KeyPurpose.values().length)],
                randomKey(random).publicKey());
          }
          case DECLARE_CHILD -> {
            signers = List.of(AGENT);
            yield new DeclareChild(
                ChildNumber.generate(random),
                new Jurisdiction("KE"),
                Hash.of(randomBytes(random, Hash.SIZE)),
                randomTokens(random, 1 + random.nextInt(ChildRecord.MAX_LINKAGE_TOKENS)),
                true,
                Evidence.TWO_WITNESSES,
                randomHashes(random, 2));
          }
          case DECLARE_FOUND_CHILD -> {
            signers = List.of(AGENT);
            yield new DeclareFoundChild(
                ChildNumber.generate(random),
                new Jurisdiction("KE"),
                Hash.of(randomBytes(random, Hash.SIZE)),
                randomTokens(random, random.nextInt(FoundChildTokens.MAX_FOUND_TOKENS + 1)).stream()
                    .map(
                        token ->
                            new LinkageToken(
                                random.nextBoolean()
                                    ? TokenType.NAME_PART_AGE
                                    : TokenType.REGION_AGE,
                                token.value()))
                    .toList());
          }
          case DECIDE_FOUND_CHILD -> {
            signers = List.of(REGISTRAR);
            yield new DecideFoundChild(
                FOUND,
                DecideFoundChild.Decision.REGISTER_NEW,
                Optional.empty(),
                randomText(random, 1, 60));
          }
          case DECIDE_DECLARATION -> {
            signers = List.of(REGISTRAR);
            yield new DecideDeclaration(
                DECLARED,
                DecideDeclaration.Decision.values()[
                    random.nextInt(DecideDeclaration.Decision.values().length)],
                randomText(random, 1, 60));
          }
          case RESOLVE_DUPLICATE -> {
            signers = List.of(REGISTRAR);
            yield new ResolveDuplicate(UNDER_REVIEW, REGISTERED, random.nextBoolean());
          }
          case CORRECT_CHILD -> {
            signers = List.of(REGISTRAR);
            yield new CorrectChild(
                REGISTERED,
                Hash.of(randomBytes(random, Hash.SIZE)),
                randomTokens(random, random.nextInt(4)),
                randomText(random, 1, 60));
          }
          case CHANGE_CHILD_STATUS -> {
            signers = List.of(REGISTRAR);
            ChildStatus[] targets = {
              ChildStatus.SUSPENDED, ChildStatus.REVOKED, ChildStatus.DECEASED, ChildStatus.ERASED
            };
            yield new ChangeChildStatus(
                REGISTERED, targets[random.nextInt(targets.length)], randomText(random, 1, 60));
          }
          case LINK_GUARDIAN -> {
            signers = List.of(REGISTRAR);
            yield new LinkGuardian(
                REGISTERED,
                new GuardianLink(
                    Relationship.values()[random.nextInt(Relationship.values().length)],
                    Hash.of(randomBytes(random, Hash.SIZE)),
                    random.nextBoolean(),
                    randomText(random, 1, 60)),
                true);
          }
          case SET_ALERT -> {
            signers = List.of(CASE_WORKER);
            yield new SetAlert(
                REGISTERED,
                AlertAction.RAISE,
                AlertPriority.values()[random.nextInt(AlertPriority.values().length)],
                randomText(random, 1, 60),
                "",
                random.nextBoolean()
                    ? Optional.of(
                        Hash.sha256(randomText(random, 1, 20).getBytes(StandardCharsets.UTF_8)))
                    : Optional.empty());
          }
          case RECORD_EVENT -> {
            signers = List.of(BORDER);
            yield new RecordEvent(
                REGISTERED, random.nextBoolean() ? EventType.CROSSING_EXIT : EventType.SIGHTING);
          }
          case RECORD_ACCESS -> {
            signers = List.of(REGISTRAR);
            List<RecordAccess.Read> reads = new ArrayList<>();
            for (int i = 1 + random.nextInt(5); i > 0; i--) {
              reads.add(new RecordAccess.Read(REGISTERED, randomText(random, 1, 60)));
            }
            yield new RecordAccess(reads);
          }
          case GRANT_CONSENT -> {
            signers = List.of(REGISTRAR);
            LocalDate from = LocalDate.now(ZoneOffset.UTC).plusDays(random.nextInt(30));
            yield new GrantConsent(
                new TravelConsent(
                    Hash.of(randomBytes(random, Hash.SIZE)),
                    REGISTERED,
                    Hash.of(randomBytes(random, Hash.SIZE)),
                    DESTINATIONS.subList(0, 1 + random.nextInt(DESTINATIONS.size())),
                    from,
                    from.plusDays(random.nextInt(365)),
                    random.nextBoolean(),
                    List.of(MOTHER_DOCUMENT),
                    randomText(random, 1, 60),
                    Hash.of(randomBytes(random, Hash.SIZE)),
                    ConsentState.ACTIVE));
          }
          case REVOKE_CONSENT -> {
            signers = List.of(REGISTRAR);
            yield new RevokeConsent(EXISTING_CONSENT, randomText(random, 1, 60));
          }
          case SET_CONSENT_RULE -> {
            signers = governanceSigners(random);
            yield new SetConsentRule(
                DESTINATIONS.get(random.nextInt(DESTINATIONS.size())),
                2,
                randomText(random, 1, 60));
          }
          case GRANT_JURISDICTION -> {
            signers = governanceSigners(random);
            yield new GrantJurisdiction(
                proposer.org(), new Jurisdiction("RW"), true, randomText(random, 1, 60));
          }
          case PROPOSE_GOVERNANCE -> {
            signers = List.of(proposer);
            yield new ProposeGovernance(
                new RotateMemberKey(
                    randomMember(random), KeyPurpose.NODE, randomKey(random).publicKey()));
          }
          case ENDORSE_PROPOSAL -> {
            signers = List.of(LEDGER.admin(1 + random.nextInt(LEDGER.members().size() - 1)));
            yield new EndorseProposal(OPEN_PROPOSAL);
          }
          case RECORD_CROSSING -> {
            signers = List.of(BORDER);
            yield new RecordCrossing(
                random.nextBoolean() ? Optional.of(REGISTERED) : Optional.empty(),
                RecordCrossing.Direction.values()[random.nextInt(2)],
                randomText(random, 1, 40),
                BORDER_COUNTRY,
                DESTINATIONS.get(random.nextInt(DESTINATIONS.size())),
                RecordCrossing.Outcome.values()[random.nextInt(3)],
                random.nextBoolean()
                    ? List.of("COMPANION_IS_GUARDIAN")
                    : List.of("CARD_NOT_GENUINE", "NO_VALID_CONSENT"),
                random.nextBoolean() ? Optional.of("BAD_SIGNATURE") : Optional.empty(),
                random.nextBoolean() ? Optional.of("EXPIRED") : Optional.empty(),
                random.nextBoolean()
                    ? Optional.of(
                        new RecordCrossing.ShownConsent(EXISTING_CONSENT, EXISTING_CONSENT_SHOWN))
                    : Optional.empty(),
                random.nextBoolean()
                    ? Optional.of(Hash.of(randomBytes(random, Hash.SIZE)))
                    : Optional.empty(),
                random.nextLong() & Long.MAX_VALUE,
                random.nextLong() & Long.MAX_VALUE);
          }
          case ISSUE_CARD -> {
            signers = List.of(REGISTRAR);
            yield new IssueCard(
                REGISTERED, Hash.of(randomBytes(random, Hash.SIZE)), issuerKey(LEDGER.member(0)));
          }
          case REVOKE_CARD -> {
            signers = List.of(REGISTRAR);
            yield new RevokeCard(REGISTERED, EXISTING_CARD, randomText(random, 1, 60));
          }
          case REVOKE_ISSUER_KEY -> {
            signers = governanceSigners(random);
            OrgId member = randomMember(random);
            yield new RevokeIssuerKey(member, issuerKey(member));
          }
          case COSIGN_CHECKPOINT, ATTEST_BUNDLE ->
              throw new IllegalStateException("signed by a node");
        };
    // A consent may not end before it is recorded, and a new member's certificate must be valid
    // when it is admitted, so their transactions carry a real date.
    long createdAt =
        kind == Kind.GRANT_CONSENT || kind == Kind.ADMIT_MEMBER
            ? System.currentTimeMillis()
            : random.nextLong() & Long.MAX_VALUE;
    TxBody body =
        new TxBody(
            signers.get(0).id(),
            createdAt,
            Bytes.of(randomBytes(random, TxBody.NONCE_SIZE)),
            payload);
    return Transaction.sign(
        body, LEDGER.chainId(), signers.stream().map(TestOfficer::signer).toList());
  }

  /** A random member's node cosigning the ledger's head checkpoint, which it would accept. */
  private static Transaction randomCosignature(Random random) {
    OrgId member = randomMember(random);
    BlockCheckpoint checkpoint = LEDGER.headCheckpoint();
    return CosignCheckpoint.transaction(
        new Witness.Cosigned(
            checkpoint,
            LEDGER
                .nodeSigner(member)
                .signature(checkpoint.checkpoint(LEDGER.genesis().origin()).body())),
        LEDGER.nodeKey(member),
        LEDGER.chainId(),
        random.nextLong() & Long.MAX_VALUE,
        Bytes.of(randomBytes(random, TxBody.NONCE_SIZE)));
  }

  private static Transaction randomAttestation(Random random) {
    OrgId member = randomMember(random);
    return AttestBundle.transaction(
        member,
        LEDGER.nodeKey(member),
        LEDGER.genesis().origin(),
        random.nextInt((int) LEDGER.state().logSize() + 1),
        random.nextLong() & Long.MAX_VALUE,
        Hash.of(randomBytes(random, Hash.SIZE)),
        LEDGER.chainId(),
        random.nextLong() & Long.MAX_VALUE,
        Bytes.of(randomBytes(random, TxBody.NONCE_SIZE)));
  }

  /** Admins of at least a majority (two of three) of the members, in a random order. */
  private static List<TestOfficer> governanceSigners(Random random) {
    List<TestOfficer> admins = new ArrayList<>();
    LEDGER.members().forEach(member -> admins.add(LEDGER.admin(member)));
    Collections.shuffle(admins, random);
    return admins.subList(0, 2 + random.nextInt(admins.size() - 1));
  }

  private static TestOfficer randomRegistrarOf(OrgId org, Random random) {
    List<TestOfficer> ofOrg = REGISTRARS.stream().filter(r -> r.org().equals(org)).toList();
    return ofOrg.get(random.nextInt(ofOrg.size()));
  }

  private static List<Hash> randomHashes(Random random, int count) {
    List<Hash> hashes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      hashes.add(Hash.of(randomBytes(random, Hash.SIZE)));
    }
    return hashes;
  }

  private static List<LinkageToken> randomTokens(Random random, int count) {
    List<LinkageToken> tokens = new ArrayList<>(count);
    for (Hash value : randomHashes(random, count)) {
      tokens.add(
          new LinkageToken(TokenType.values()[random.nextInt(TokenType.values().length)], value));
    }
    return tokens;
  }

  private static OrgId randomMember(Random random) {
    return LEDGER.member(random.nextInt(LEDGER.members().size()));
  }

  private static Officer randomOfficer(Random random, OrgId org, Role role) {
    return randomOfficer(random, org, role, randomCountry(random));
  }

  private static Officer randomOfficer(
      Random random, OrgId org, Role role, Jurisdiction jurisdiction) {
    return new Officer(
        new OfficerId("o." + randomId(random, ID_CHARS, 1, 60)),
        org,
        role,
        jurisdiction,
        randomKey(random).publicKey(),
        true);
  }

  /** A member's TLS certificate, valid now, when its admission is made. */
  private static Bytes randomCertificate(Random random, OrgId member) {
    try {
      SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
      seeded.setSeed(random.nextLong());
      return MemberCertificate.generate(
              member.value(), Instant.now(), MemberCertificate.VALIDITY, seeded)
          .certificate();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Organisation randomOrganisation(Random random, String prefix) {
    return new Organisation(
        new OrgId(prefix + randomId(random, "abcdefghijklmnopqrstuvwxyz0123456789-", 1, 30)),
        randomText(random, 1, 40),
        randomCountry(random),
        randomKey(random).publicKey(),
        randomKey(random).publicKey(),
        true);
  }

  private static Genesis randomGenesis(Random random) {
    int memberCount = 1 + random.nextInt(4);
    List<Organisation> members = new ArrayList<>();
    List<Officer> admins = new ArrayList<>();
    for (int i = 0; i < memberCount; i++) {
      Organisation member = randomOrganisation(random, "m" + i + "-");
      members.add(member);
      for (int a = 1 + random.nextInt(2); a > 0; a--) {
        admins.add(
            new Officer(
                new OfficerId("a" + i + "." + a + "." + randomId(random, ID_CHARS, 0, 20)),
                member.id(),
                Role.ORG_ADMIN,
                randomCountry(random),
                randomKey(random).publicKey(),
                true));
      }
    }
    Collections.shuffle(admins, random);
    Genesis genesis =
        new Genesis(
            "haven.example/" + randomId(random, "abcdefghijklmnopqrstuvwxyz0123456789._/:-", 1, 40),
            random.nextLong() & Long.MAX_VALUE,
            members,
            admins,
            random.nextInt(memberCount + 1),
            1 + random.nextInt(memberCount));
    if (random.nextBoolean()) {
      return genesis;
    }
    Map<OrgId, Bytes> certificates = new HashMap<>();
    for (Organisation member : members) {
      certificates.put(member.id(), Bytes.of(randomBytes(random, 1 + random.nextInt(600))));
    }
    return genesis.withTlsCertificates(certificates);
  }

  private static BlockHeader randomHeader(Random random) {
    return new BlockHeader(
        random.nextLong() & Long.MAX_VALUE,
        Hash.of(randomBytes(random, Hash.SIZE)),
        random.nextLong() & Long.MAX_VALUE,
        random.nextLong() & Long.MAX_VALUE,
        random.nextInt() & Integer.MAX_VALUE,
        Hash.of(randomBytes(random, Hash.SIZE)),
        Hash.of(randomBytes(random, Hash.SIZE)));
  }

  private static String randomText(Random random, int min, int max) {
    StringBuilder text = new StringBuilder();
    for (int i = min + random.nextInt(max - min + 1); i > 0; i--) {
      text.append(TEXT[random.nextInt(TEXT.length)]);
    }
    return text.toString();
  }

  private static String randomId(Random random, String alphabet, int min, int max) {
    StringBuilder id = new StringBuilder();
    for (int i = min + random.nextInt(max - min + 1); i > 0; i--) {
      id.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return id.toString();
  }

  private static Jurisdiction randomCountry(Random random) {
    return new Jurisdiction(COUNTRIES[random.nextInt(COUNTRIES.length)]);
  }

  private static Ed25519PrivateKey randomKey(Random random) {
    return Ed25519PrivateKey.fromSeed(Bytes.of(randomBytes(random, Ed25519PrivateKey.SEED_SIZE)));
  }

  private static byte[] randomBytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  private static LedgerState state() {
    return LEDGER.state();
  }
}
