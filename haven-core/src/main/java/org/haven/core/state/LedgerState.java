package org.haven.core.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.IssuerKey;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.MemberNode;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.merkle.MerkleNodes;
import org.haven.core.merkle.MerkleTree;

/**
 * The ledger's state, typed, over a key-value {@link StateStore}. Each table has a one-byte key
 * prefix; a new kind of record adds a table here.
 */
public final class LedgerState {
  static final byte ORGANISATION = 'O';
  static final byte OFFICER = 'F';
  private static final byte TRANSACTION = 'T';
  private static final byte ACTOR_NONCE = 'U';
  private static final byte MERKLE_NODE = 'N';
  static final byte PROPOSAL = 'G';
  private static final byte JURISDICTION_GRANTS = 'J';
  private static final byte ISSUER_KEYS = 'K';
  private static final int MAX_ISSUER_KEYS = 10_000;
  private static final Bytes ACTIVE_MEMBERS = Bytes.of("Mmembers".getBytes(StandardCharsets.UTF_8));
  private static final Bytes GOVERNANCE_APPROVALS =
      Bytes.of("Mgovernance".getBytes(StandardCharsets.UTF_8));
  private static final Bytes CHECKPOINT_RULES =
      Bytes.of("Mcheckpoint".getBytes(StandardCharsets.UTF_8));
  private static final Bytes LOG_SIZE = Bytes.of("Mlogsize".getBytes(StandardCharsets.UTF_8));
  private static final Bytes MEMBER_NODES = Bytes.of("Mnodes".getBytes(StandardCharsets.UTF_8));
  private static final int MAX_MEMBER_NODES = 10_000;
  private static final int MAX_GRANTED_JURISDICTIONS = 300;

  private static final DecodedValues<Organisation> ORGANISATIONS =
      new DecodedValues<>(IdentityCodec::readStoredOrganisation, 1_000);
  private static final DecodedValues<Officer> OFFICERS =
      new DecodedValues<>(IdentityCodec::readStoredOfficer, 100_000);

  private final StateStore store;

  public LedgerState(StateStore store) {
    this.store = store;
  }

  /** A view for reading only, for example of the committed state on disk. Writes throw. */
  public static LedgerState readOnly(StateReader reader) {
    return new LedgerState(
        new StateStore() {
          @Override
          public Optional<Bytes> get(Bytes key) {
            return reader.get(key);
          }

          @Override
          public void put(Bytes key, Bytes value) {
            throw new UnsupportedOperationException("this view of the ledger state is read-only");
          }
        });
  }

  public Optional<Organisation> organisation(OrgId id) {
    return ORGANISATIONS.read(store, StateTables.key(ORGANISATION, id.value()));
  }

  /**
   * Stores {@code org}, keeping the count of active members in step.
   *
   * @throws IllegalStateException if stored state cannot be decoded
   */
  public void putOrganisation(Organisation org) {
    boolean wasActive = organisation(org.id()).map(Organisation::active).orElse(false);
    CanonicalWriter out = new CanonicalWriter();
    IdentityCodec.writeOrganisation(out, org);
    store.put(StateTables.key(ORGANISATION, org.id().value()), out.toBytes());
    if (wasActive != org.active()) {
      int count = activeMemberCount() + (org.active() ? 1 : -1);
      store.put(ACTIVE_MEMBERS, new CanonicalWriter().u32(count).toBytes());
    }
  }

  /**
   * The jurisdictions governance granted {@code org} beyond its own country ({@code
   * GRANT_JURISDICTION}), in code order.
   */
  public SortedSet<Jurisdiction> grantedJurisdictions(OrgId org) {
    SortedSet<Jurisdiction> granted = new TreeSet<>(Comparator.comparing(Jurisdiction::code));
    StateTables.read(
            store,
            StateTables.key(JURISDICTION_GRANTS, org.value()),
            in ->
                in.list(
                    "granted jurisdictions",
                    MAX_GRANTED_JURISDICTIONS,
                    r -> r.string("jurisdiction", Jurisdiction::new)))
        .orElse(List.of())
        .forEach(granted::add);
    return granted;
  }

  public void putGrantedJurisdictions(OrgId org, SortedSet<Jurisdiction> granted) {
    store.put(
        StateTables.key(JURISDICTION_GRANTS, org.value()),
        new CanonicalWriter()
            .list(List.copyOf(granted), (out, where) -> out.string(where.code()))
            .toBytes());
  }

  /**
   * Where {@code org} may enrol officers: its own country and the jurisdictions governance granted
   * it; nowhere for an organisation that is not a member.
   */
  public Set<Jurisdiction> approvedJurisdictions(OrgId org) {
    Optional<Organisation> member = organisation(org);
    if (member.isEmpty()) {
      return Set.of();
    }
    Set<Jurisdiction> approved = new HashSet<>(grantedJurisdictions(org));
    approved.add(member.get().country());
    return approved;
  }

  /**
   * Every issuer key {@code org} has had, oldest first, each with the interval in which it was the
   * member's key; empty for an organisation that is not a member.
   */
  public List<IssuerKey> issuerKeys(OrgId org) {
    return StateTables.read(
            store,
            StateTables.key(ISSUER_KEYS, org.value()),
            in -> in.list("issuer keys", MAX_ISSUER_KEYS, IssuerKey::decode))
        .orElse(List.of());
  }

  /**
   * Makes {@code key} the issuer key of {@code org} from {@code atMillis}; the key it replaces
   * retires at the same instant. Ledger time never runs backwards for one member's keys: a change
   * timed before the current key's start takes effect a millisecond after it, so intervals never
   * overlap or invert whatever clock the enacting officer had.
   */
  public void startIssuerKey(OrgId org, Ed25519PublicKey key, long atMillis) {
    List<IssuerKey> keys = new ArrayList<>(issuerKeys(org));
    long at = atMillis;
    for (int i = 0; i < keys.size(); i++) {
      IssuerKey held = keys.get(i);
      if (held.isCurrent()) {
        at = Math.max(at, held.validFromMillis() + 1);
        keys.set(i, held.retiredAt(at));
      }
    }
    keys.add(IssuerKey.current(key, at));
    writeIssuerKeys(org, keys);
  }

  /** Marks {@code key}, one of {@code org}'s issuer keys, compromised. */
  public void reportIssuerKeyCompromised(OrgId org, Ed25519PublicKey key) {
    writeIssuerKeys(
        org,
        issuerKeys(org).stream()
            .map(held -> held.key().equals(key) ? held.reportedCompromised() : held)
            .toList());
  }

  private void writeIssuerKeys(OrgId org, List<IssuerKey> keys) {
    store.put(
        StateTables.key(ISSUER_KEYS, org.value()),
        new CanonicalWriter().list(keys, (out, held) -> held.encode(out)).toBytes());
  }

  public int activeMemberCount() {
    return StateTables.read(store, ACTIVE_MEMBERS, in -> in.u32("active member count")).orElse(0);
  }

  /**
   * How many member organisations must approve a governance change: the number set in genesis, or a
   * majority of the active members when genesis sets none, never more than there are members.
   */
  public int requiredApprovals() {
    int members = activeMemberCount();
    int configured =
        StateTables.read(store, GOVERNANCE_APPROVALS, in -> in.u32("governance approvals"))
            .orElse(0);
    return configured == 0 ? members / 2 + 1 : Math.min(configured, members);
  }

  public void putGovernanceApprovals(int approvals) {
    store.put(GOVERNANCE_APPROVALS, new CanonicalWriter().u32(approvals).toBytes());
  }

  /**
   * Sets the checkpoint origin and how many members must cosign a checkpoint for it to be final.
   */
  public void putCheckpointRules(String origin, int quorum) {
    store.put(CHECKPOINT_RULES, new CanonicalWriter().string(origin).u32(quorum).toBytes());
  }

  /**
   * The origin line of this ledger's checkpoints.
   *
   * @throws IllegalStateException if the genesis state holds none
   */
  public String checkpointOrigin() {
    return checkpointRules()
        .orElseThrow(() -> new IllegalStateException("the state holds no checkpoint origin"))
        .origin();
  }

  /**
   * How many members must cosign a checkpoint for it to be final: the number set in genesis, never
   * more than there are active members.
   */
  public int checkpointQuorum() {
    int configured = checkpointRules().map(CheckpointRules::quorum).orElse(1);
    return Math.max(1, Math.min(configured, activeMemberCount()));
  }

  private record CheckpointRules(String origin, int quorum) {}

  private Optional<CheckpointRules> checkpointRules() {
    return StateTables.read(
        store,
        CHECKPOINT_RULES,
        in -> new CheckpointRules(in.string("checkpoint origin"), in.u32("checkpoint quorum")));
  }

  /**
   * The current members' nodes, by member id: founding members' from genesis, admitted members'
   * from their admission; a removed member's is dropped. Their certificates are the ones members'
   * nodes accept on their Raft ports, their addresses those of the Raft group's new peers.
   */
  public SortedMap<OrgId, MemberNode> memberNodes() {
    SortedMap<OrgId, MemberNode> nodes = new TreeMap<>();
    StateTables.read(
            store,
            MEMBER_NODES,
            in -> in.list("member nodes", MAX_MEMBER_NODES, MemberNode::decode))
        .orElse(List.of())
        .forEach(node -> nodes.put(node.member(), node));
    return nodes;
  }

  /** Records {@code node} as its member's, replacing any earlier one. */
  public void putMemberNode(MemberNode node) {
    SortedMap<OrgId, MemberNode> nodes = memberNodes();
    nodes.put(node.member(), node);
    writeMemberNodes(nodes);
  }

  /** Forgets the node of {@code member}, if it had one. */
  public void removeMemberNode(OrgId member) {
    SortedMap<OrgId, MemberNode> nodes = memberNodes();
    if (nodes.remove(member) != null) {
      writeMemberNodes(nodes);
    }
  }

  private void writeMemberNodes(SortedMap<OrgId, MemberNode> nodes) {
    store.put(
        MEMBER_NODES,
        new CanonicalWriter()
            .list(List.copyOf(nodes.values()), (out, node) -> node.encode(out))
            .toBytes());
  }

  /** The number of entries in the Merkle log. */
  public long logSize() {
    return StateTables.read(store, LOG_SIZE, in -> in.u64("log size")).orElse(0L);
  }

  public void putLogSize(long size) {
    store.put(LOG_SIZE, new CanonicalWriter().u64(size).toBytes());
  }

  /** The Merkle log as this state holds it, at its current size. */
  public MerkleTree log() {
    return new MerkleTree(merkleNodes(), logSize());
  }

  public Optional<Officer> officer(OfficerId id) {
    return OFFICERS.read(store, StateTables.key(OFFICER, id.value()));
  }

  public void putOfficer(Officer officer) {
    CanonicalWriter out = new CanonicalWriter();
    IdentityCodec.writeOfficer(out, officer);
    store.put(StateTables.key(OFFICER, officer.id().value()), out.toBytes());
  }

  /** Returns the log index of the accepted transaction with this id, if there is one. */
  public Optional<Long> transactionIndex(Hash txId) {
    return StateTables.read(store, transactionKey(txId), in -> in.u64("log index"));
  }

  public void putTransactionIndex(Hash txId, long logIndex) {
    store.put(transactionKey(txId), new CanonicalWriter().u64(logIndex).toBytes());
  }

  private static Bytes transactionKey(Hash txId) {
    return StateTables.key(TRANSACTION, txId.toBytes());
  }

  /**
   * The keys {@link #transactionIndex} and {@link #nonceIndex} read for a transaction's replay
   * checks, for a store to read many of them in one go.
   */
  public static List<Bytes> replayCheckKeys(Hash txId, OfficerId actor, Bytes nonce) {
    return List.of(transactionKey(txId), actorNonceKey(actor, nonce));
  }

  /**
   * Returns the log index of the accepted transaction in which {@code actor} used {@code nonce}, if
   * there is one. A client that retries one request derives the same nonce from its
   * Idempotency-Key, so this is how the ledger itself refuses the retry's second write.
   */
  public Optional<Long> nonceIndex(OfficerId actor, Bytes nonce) {
    return StateTables.read(store, actorNonceKey(actor, nonce), in -> in.u64("log index"));
  }

  public void putNonceIndex(OfficerId actor, Bytes nonce, long logIndex) {
    store.put(actorNonceKey(actor, nonce), new CanonicalWriter().u64(logIndex).toBytes());
  }

  /** The fixed-size nonce first, so the key splits one way only. */
  private static Bytes actorNonceKey(OfficerId actor, Bytes nonce) {
    return StateTables.key(ACTOR_NONCE, nonce, actor.value());
  }

  /** The governance proposal stored under {@code id}, decoded by {@code decoder}. */
  public <T> Optional<T> proposal(Hash id, CanonicalReader.Element<T> decoder) {
    return StateTables.read(store, StateTables.key(PROPOSAL, id.toBytes()), decoder);
  }

  public void putProposal(Hash id, Bytes encoded) {
    store.put(StateTables.key(PROPOSAL, id.toBytes()), encoded);
  }

  /** The Merkle log's perfect subtrees, kept in the same state so they commit with the block. */
  public MerkleNodes merkleNodes() {
    return new MerkleNodes() {
      @Override
      public Optional<Hash> get(int level, long index) {
        return store.get(nodeKey(level, index)).map(Hash::of);
      }

      @Override
      public void put(int level, long index, Hash hash) {
        store.put(nodeKey(level, index), hash.toBytes());
      }
    };
  }

  private static Bytes nodeKey(int level, long index) {
    return new CanonicalWriter().u8(MERKLE_NODE).u8(level).u64(index).toBytes();
  }

  /** The witnessing tables: cosignatures and the final checkpoint, in the same state. */
  public CheckpointState checkpoints() {
    return new CheckpointState(store);
  }

  /**
   * The latest final checkpoint as a signed note carrying every cosignature gathered on it, or
   * empty before the first checkpoint is final.
   */
  public Optional<SignedNote> finalCheckpointNote() {
    CheckpointState checkpoints = checkpoints();
    return checkpoints
        .finalCheckpoint()
        .map(
            checkpoint ->
                new SignedNote(
                    checkpoint.checkpoint(checkpointOrigin()).body(),
                    checkpoints.cosignatures(checkpoint)));
  }

  /** The verifier-bundle attestation tables, in the same state. */
  public BundleAttestations bundleAttestations() {
    return new BundleAttestations(store);
  }

  /** The child registry's tables, in the same state. */
  public RegistryState registry() {
    return new RegistryState(store);
  }
}
