package org.haven.core.testing;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.NoteSignature;
import org.haven.core.checkpoint.NoteSigner;
import org.haven.core.checkpoint.Witness;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.haven.core.ledger.Block;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.ledger.BlockExecutor;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.ledger.Genesis;
import org.haven.core.ledger.TxResult;
import org.haven.core.state.InMemoryState;
import org.haven.core.state.LedgerState;
import org.haven.core.state.PendingWrites;
import org.haven.core.tx.AdmitMember;
import org.haven.core.tx.CosignCheckpoint;
import org.haven.core.tx.EnrolOfficer;
import org.haven.core.tx.GrantJurisdiction;
import org.haven.core.tx.Payload;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.TxSigner;
import org.haven.core.tx.TxValidator;
import org.haven.core.tx.Validation;

/**
 * A ledger in memory: a genesis of N founding members {@code org-a}, {@code org-b}, ... each with
 * one admin {@code admin.org-a}, ..., applied to an {@link InMemoryState}. Blocks are run through
 * the real {@link BlockExecutor}. Keys, nonces and clocks come from one seeded {@link Random}, so
 * two consortia built alike are byte-for-byte the same ledger.
 *
 * <pre>{@code
 * TestConsortium ledger = TestConsortium.withMembers(3);
 * TestOfficer registrar = ledger.aRegistrar().in("KE").enrolled();
 * List<TxResult> results = ledger.commit(ledger.sign(ledger.admin(0), payload));
 * }</pre>
 */
public final class TestConsortium {
  public static final long GENESIS_MILLIS = 1_700_000_000_000L;
  private static final String[] COUNTRIES = {"KE", "UG", "TZ", "RW", "ET", "SS"};

  private final Random random;
  private final Genesis genesis;
  private final Map<OrgId, TestOfficer> admins;
  private final Map<OrgId, Ed25519PrivateKey> nodeKeys = new LinkedHashMap<>();
  private final BlockExecutor executor;
  private final InMemoryState store = new InMemoryState();
  private final List<Block> blocks = new ArrayList<>();
  private long clock = GENESIS_MILLIS;
  private int officersMade;

  private TestConsortium(Builder spec) {
    random = new Random(spec.seed);
    List<Organisation> members = new ArrayList<>();
    admins = new LinkedHashMap<>();
    for (int i = 0; i < spec.members; i++) {
      char letter = (char) ('a' + i);
      OrgId org = new OrgId("org-" + letter);
      Jurisdiction country = new Jurisdiction(COUNTRIES[i % COUNTRIES.length]);
      Ed25519PrivateKey nodeKey = newKey();
      nodeKeys.put(org, nodeKey);
      members.add(
          new Organisation(
              org,
              "Member " + Character.toUpperCase(letter),
              country,
              nodeKey.publicKey(),
              newKey().publicKey(),
              true));
      admins.put(org, officer(new OfficerId("admin." + org), org, Role.ORG_ADMIN, country));
    }
    genesis =
        new Genesis(
            spec.origin,
            GENESIS_MILLIS,
            members,
            admins.values().stream().map(TestOfficer::officer).toList(),
            spec.approvals,
            spec.checkpointQuorum == 0 ? Genesis.majorityOf(spec.members) : spec.checkpointQuorum);
    executor = new BlockExecutor(genesis.hash());
    PendingWrites pending = new PendingWrites(store);
    blocks.add(BlockExecutor.genesisBlock(genesis, pending));
    store.commit(pending);
  }

  /** A consortium of {@code members} founding members that needs a majority for governance. */
  public static TestConsortium withMembers(int members) {
    return aConsortium().members(members).build();
  }

  public static Builder aConsortium() {
    return new Builder();
  }

  /** What the genesis says. Defaults: 3 members, majority approval, seed 1. */
  public static final class Builder {
    private int members = 3;
    private int approvals;
    private int checkpointQuorum;
    private String origin = "haven.example/test";
    private long seed = 1;

    private Builder() {}

    /** Between 1 and 26 founding members. */
    public Builder members(int count) {
      if (count < 1 || count > 26) {
        throw new IllegalArgumentException("1 to 26 members, got " + count);
      }
      members = count;
      return this;
    }

    /** Members that must approve a governance change; 0, the default, means a majority. */
    public Builder requiringApprovals(int count) {
      approvals = count;
      return this;
    }

    /** Members whose cosignatures make a checkpoint final; 0, the default, means a majority. */
    public Builder checkpointQuorum(int count) {
      checkpointQuorum = count;
      return this;
    }

    /** The checkpoint origin; a different origin makes a different ledger with the same keys. */
    public Builder origin(String value) {
      origin = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public TestConsortium build() {
      return new TestConsortium(this);
    }
  }

  // ---- the ledger ----

  public Genesis genesis() {
    return genesis;
  }

  /** The genesis hash, which every signature on this ledger is bound to. */
  public Hash chainId() {
    return genesis.hash();
  }

  public BlockExecutor executor() {
    return executor;
  }

  /** The committed key-value state. */
  public InMemoryState store() {
    return store;
  }

  /** A read-only typed view of the committed state: any attempt to write throws. */
  public LedgerState state() {
    return LedgerState.readOnly(store);
  }

  /** Every committed block, block 0 first. */
  public List<Block> blocks() {
    return List.copyOf(blocks);
  }

  public BlockHeader head() {
    return blocks.get(blocks.size() - 1).header();
  }

  /** The founding members in genesis order. */
  public List<OrgId> members() {
    return List.copyOf(admins.keySet());
  }

  public OrgId member(int index) {
    return members().get(index);
  }

  /** The founding admin of {@code org}. */
  public TestOfficer admin(OrgId org) {
    TestOfficer admin = admins.get(org);
    if (admin == null) {
      throw new IllegalArgumentException(org + " is not a founding member");
    }
    return admin;
  }

  public TestOfficer admin(int memberIndex) {
    return admin(member(memberIndex));
  }

  // ---- officers ----

  public OfficerBuilder anOfficer(Role role) {
    return new OfficerBuilder(role);
  }

  public OfficerBuilder aRegistrar() {
    return anOfficer(Role.REGISTRAR);
  }

  public OfficerBuilder anAdmin() {
    return anOfficer(Role.ORG_ADMIN);
  }

  /** Enrols an officer of the first member in {@code jurisdiction}, in a block of its own. */
  public TestOfficer officer(Role role, String jurisdiction) {
    return anOfficer(role).in(jurisdiction).enrolled();
  }

  /** An officer with a fresh key, of the first member and its country unless told otherwise. */
  public final class OfficerBuilder {
    private final Role role;
    private OrgId org = member(0);
    private Jurisdiction jurisdiction;
    private OfficerId id;

    private OfficerBuilder(Role role) {
      this.role = role;
    }

    public OfficerBuilder in(String countryCode) {
      jurisdiction = new Jurisdiction(countryCode);
      return this;
    }

    public OfficerBuilder of(OrgId organisation) {
      org = organisation;
      return this;
    }

    public OfficerBuilder named(String officerId) {
      id = new OfficerId(officerId);
      return this;
    }

    /** The officer, not on the ledger: for an enrolment payload, or as an unknown signer. */
    public TestOfficer unenrolled() {
      OfficerId officerId =
          id != null
              ? id
              : new OfficerId(
                  role.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + ++officersMade);
      Jurisdiction where = jurisdiction != null ? jurisdiction : countryOf(org);
      return officer(officerId, org, role, where);
    }

    /**
     * Enrols the officer: their organisation's founding admin signs an {@link EnrolOfficer},
     * committed in a block of its own.
     *
     * @throws IllegalStateException if the ledger refuses the enrolment
     */
    public TestOfficer enrolled() {
      TestOfficer officer = unenrolled();
      requireAccepted(commit(sign(admin(org), new EnrolOfficer(officer.officer()))));
      return officer;
    }
  }

  /** A candidate member, not yet admitted, with its first admin and its node's TLS identity. */
  public record NewMember(
      Organisation organisation, TestOfficer admin, MemberCertificate tls, String raftAddress) {
    public AdmitMember admission() {
      return new AdmitMember(organisation, admin.officer(), tls.certificate(), raftAddress);
    }
  }

  /** A new organisation {@code orgId} in Kenya with fresh keys and a first admin. */
  public NewMember aNewMember(String orgId) {
    OrgId org = new OrgId(orgId);
    Jurisdiction kenya = new Jurisdiction("KE");
    Organisation organisation =
        new Organisation(
            org, "Candidate " + orgId, kenya, newKey().publicKey(), newKey().publicKey(), true);
    return new NewMember(
        organisation,
        officer(new OfficerId("admin." + orgId), org, Role.ORG_ADMIN, kenya),
        MemberCertificate.generate(
            orgId, Instant.ofEpochMilli(GENESIS_MILLIS), MemberCertificate.VALIDITY, seeded()),
        orgId + ".example:9860");
  }

  /** A {@link SecureRandom} that key generation accepts, seeded from this consortium's seed. */
  private SecureRandom seeded() {
    try {
      SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
      seeded.setSeed(random.nextLong());
      return seeded;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- transactions ----

  /** A body by {@code actor} with the next timestamp and a fresh nonce. */
  public TxBody body(TestOfficer actor, Payload payload) {
    return new TxBody(actor.id(), ++clock, Bytes.of(randomBytes(TxBody.NONCE_SIZE)), payload);
  }

  /** Signs {@code payload} for this ledger: {@code actor} first, then each cosigner. */
  public Transaction sign(TestOfficer actor, Payload payload, TestOfficer... cosigners) {
    return signFor(chainId(), actor, payload, cosigners);
  }

  /** Signs {@code payload} for the ledger whose genesis hash is {@code chainId}. */
  public Transaction signFor(
      Hash chainId, TestOfficer actor, Payload payload, TestOfficer... cosigners) {
    List<TxSigner> signers = new ArrayList<>();
    signers.add(actor.signer());
    Arrays.stream(cosigners).map(TestOfficer::signer).forEach(signers::add);
    return Transaction.sign(body(actor, payload), chainId, signers);
  }

  /**
   * Lets {@code org} enrol officers in {@code jurisdiction}: a {@link GrantJurisdiction} signed by
   * as many founding admins as governance needs, committed in a block of its own.
   *
   * @throws IllegalStateException if the ledger refuses the grant
   */
  public void grant(OrgId org, String jurisdiction) {
    requireAccepted(
        commit(
            governance(
                new GrantJurisdiction(org, new Jurisdiction(jurisdiction), true, "serves it"),
                state().requiredApprovals())));
  }

  /** A governance change signed by the founding admins of the first {@code approvals} members. */
  public Transaction governance(Payload payload, int approvals) {
    List<TestOfficer> signers = new ArrayList<>(admins.values()).subList(0, approvals);
    return sign(signers.get(0), payload, signers.subList(1, approvals).toArray(new TestOfficer[0]));
  }

  /** The private node key of {@code member}, which signs its checkpoints and cosignatures. */
  public Ed25519PrivateKey nodeKey(OrgId member) {
    return nodeKeys.get(member);
  }

  /** {@code member}'s node signing checkpoint notes under the member's id. */
  public NoteSigner nodeSigner(OrgId member) {
    return new NoteSigner(member.value(), nodeKey(member));
  }

  /** The checkpoint after the head block. */
  public BlockCheckpoint headCheckpoint() {
    return BlockCheckpoint.of(head());
  }

  /** {@code member}'s node cosigning {@code checkpoint}, signed with its node key. */
  public Transaction cosign(OrgId member, BlockCheckpoint checkpoint) {
    NoteSignature signature =
        nodeSigner(member).signature(checkpoint.checkpoint(genesis.origin()).body());
    return CosignCheckpoint.transaction(
        new Witness.Cosigned(checkpoint, signature),
        nodeKey(member),
        chainId(),
        ++clock,
        Bytes.of(randomBytes(TxBody.NONCE_SIZE)));
  }

  /** Validates against the committed state, as a node does on submission. */
  public Validation validate(Transaction tx) {
    return new TxValidator(chainId()).validate(tx, state());
  }

  // ---- blocks ----

  /**
   * What executing a proposal on the head would give, without committing it.
   *
   * @param pending the state after the head plus this proposal's writes
   */
  public record BlockRun(Optional<Block> block, List<TxResult> results, PendingWrites pending) {
    public Map<Bytes, Bytes> writes() {
      return pending.writes();
    }
  }

  /** Executes {@code txs} as the next block, one second after the head, without committing. */
  public BlockRun propose(Transaction... txs) {
    return propose(Arrays.stream(txs).map(Transaction::encoded).toList());
  }

  public BlockRun propose(List<Bytes> proposal) {
    return proposeAt(head().timestampMillis() + 1000, proposal);
  }

  public BlockRun proposeAt(long timestampMillis, List<Bytes> proposal) {
    PendingWrites pending = new PendingWrites(store);
    BlockExecutor.Outcome outcome = executor.execute(head(), timestampMillis, proposal, pending);
    return new BlockRun(outcome.block(), outcome.results(), pending);
  }

  /** Executes {@code txs} as the next block and commits it if any was accepted. */
  public List<TxResult> commit(Transaction... txs) {
    return commit(propose(txs));
  }

  public List<TxResult> commit(List<Bytes> proposal) {
    return commit(propose(proposal));
  }

  private List<TxResult> commit(BlockRun run) {
    run.block()
        .ifPresent(
            block -> {
              store.commit(run.pending());
              blocks.add(block);
            });
    return run.results();
  }

  // ---- helpers ----

  private static void requireAccepted(List<TxResult> results) {
    for (TxResult result : results) {
      if (!result.accepted()) {
        throw new IllegalStateException("the ledger refused a fixture transaction: " + results);
      }
    }
  }

  private Jurisdiction countryOf(OrgId org) {
    return state()
        .organisation(org)
        .map(Organisation::country)
        .orElseThrow(() -> new IllegalArgumentException(org + " is not on the ledger"));
  }

  private TestOfficer officer(OfficerId id, OrgId org, Role role, Jurisdiction jurisdiction) {
    Ed25519PrivateKey key = newKey();
    return new TestOfficer(new Officer(id, org, role, jurisdiction, key.publicKey(), true), key);
  }

  /** A private key drawn from this consortium's seeded random. */
  public Ed25519PrivateKey newKey() {
    return Ed25519PrivateKey.fromSeed(Bytes.of(randomBytes(Ed25519PrivateKey.SEED_SIZE)));
  }

  private byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A new field agent of member {@code member}, enrolled by that member's first admin. */
  public Transaction fieldAgentEnrolment(int member) {
    return sign(
        admin(member),
        new EnrolOfficer(anOfficer(Role.FIELD_AGENT).of(member(member)).unenrolled().officer()));
  }
}
