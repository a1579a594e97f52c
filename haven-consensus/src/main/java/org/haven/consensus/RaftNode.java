package org.haven.consensus;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.haven.core.crypto.Hash;

/**
 * One member's Raft server in the ledger's group, over gRPC, plus a client into that group. A
 * single node is a group of one: it runs exactly the same path as a consortium.
 */
public final class RaftNode implements AutoCloseable {
  /** Largest Raft entry: one proposal. Transactions are at most 64 KiB, proposals at most 4 MiB. */
  public static final int MAX_PROPOSAL_BYTES = 4 * 1024 * 1024;

  /** The most bytes of Raft entries the leader sends a follower in one message. */
  private static final long ENTRY_BATCH_BYTES = 2L * MAX_PROPOSAL_BYTES;

  /** The least gRPC message limit between members: twice a batch of entries. */
  public static final long MIN_MESSAGE_MAX_BYTES = 2 * ENTRY_BATCH_BYTES;

  /**
   * A proposal is retried 100 times, 300 ms apart (a leader election, a slow disk), and then fails;
   * the node answers its submitter after 60 s at most either way (LedgerWriter.COMMIT_TIMEOUT),
   * with "outcome unknown". Retrying is safe, Ratis's retry cache applies it once.
   */
  private static final int CLIENT_RETRIES = 100;

  private static final long CLIENT_RETRY_SLEEP_MILLIS = 300;

  /**
   * How long the proposer's client waits for one answer before it sends the proposal again. Ratis's
   * default, 3 s, is shorter than a block of a few thousand transactions takes to apply on a
   * saturated machine; each expiry closed the ordered stream and resent on a new one, and on a
   * single-member group under a load average of 30-47 a resent proposal was then never appended
   * (docs/consensus.md, "A proposal that was never appended"). A member that does not answer at all
   * is still left at once: a refused connection or a redirect to the leader is not a timeout.
   */
  static final Duration CLIENT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** How often the follower's append chain is looked at ({@link FollowerAppendRepair}). */
  static final Duration APPEND_REPAIR_PERIOD = Duration.ofMillis(500);

  /** A member of the group: its id and its gRPC host:port. */
  public record Peer(String id, String address) {}

  /**
   * How long a follower waits without hearing from the leader before it stands for election, a
   * random time between the two bounds. The leader sends heartbeats at half the lower bound.
   * Members of a consortium talk across countries over links that drop packets and pause for
   * seconds, so the default is several times a LAN's; too short a timeout makes needless elections
   * that stall writes, too long a one delays recovery from a dead leader by as much.
   */
  public record Timeouts(Duration electionMin, Duration electionMax) {
    /** For members on distant, slow or lossy links: 3 to 6 seconds. */
    public static final Timeouts WIDE_AREA =
        new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(6));

    public Timeouts {
      if (electionMin.isNegative()
          || electionMin.isZero()
          || electionMax.compareTo(electionMin) <= 0) {
        throw new IllegalArgumentException(
            "Raft election timeouts must be positive, the maximum above the minimum");
      }
    }
  }

  /**
   * How much Raft log a member keeps, and how snapshots travel. A snapshot (a RocksDB checkpoint of
   * the ledger) is taken every {@code snapshotEveryEntries} entries; with {@code purgeUpToSnapshot}
   * the log is then deleted up to it, one closed segment of at most {@code segmentBytes} at a time,
   * and a member that fell further behind receives the leader's snapshot instead of the entries.
   * Without it, the leader keeps every entry some member still lacks, however long that member is
   * away. A snapshot is sent in chunks of at most {@code snapshotChunkBytes}, each one gRPC
   * message; no gRPC message between members may exceed {@code messageMaxBytes}, so a snapshot of
   * any size travels as long as a chunk is well under that limit.
   */
  public record LogRetention(
      long snapshotEveryEntries,
      boolean purgeUpToSnapshot,
      long segmentBytes,
      long snapshotChunkBytes,
      long messageMaxBytes) {
    /**
     * A snapshot every 10,000 entries (blocks), the log purged up to it, 64 MiB segments, snapshots
     * in 4 MiB chunks, gRPC messages of at most 16 MiB.
     */
    public static final LogRetention DEFAULT =
        new LogRetention(10_000, true, 64L << 20, 4L << 20, MIN_MESSAGE_MAX_BYTES);

    public LogRetention {
      if (snapshotEveryEntries <= 0 || segmentBytes <= 0) {
        throw new IllegalArgumentException(
            "Raft log retention: the snapshot interval and the segment size must be positive");
      }
      if (messageMaxBytes < MIN_MESSAGE_MAX_BYTES || messageMaxBytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "the gRPC message limit must be at least "
                + MIN_MESSAGE_MAX_BYTES
                + " bytes (a batch of Raft entries may take "
                + ENTRY_BATCH_BYTES
                + ") and at most "
                + Integer.MAX_VALUE);
      }
      if (snapshotChunkBytes <= 0 || snapshotChunkBytes > messageMaxBytes / 2) {
        throw new IllegalArgumentException(
            "the snapshot chunk size must be positive and at most half the gRPC message limit ("
                + messageMaxBytes / 2
                + " bytes), so that a chunk and its request fit in one message");
      }
    }
  }

  private final RaftServer server;
  private final RaftClient client;
  private final RaftGroup group;
  private final RaftPeerId self;
  private final FollowerAppendRepair appendRepair;
  private final ScheduledExecutorService repairer;

  private RaftNode(
      RaftServer server,
      RaftClient client,
      RaftGroup group,
      RaftPeerId self,
      FollowerAppendRepair appendRepair) {
    this.server = server;
    this.client = client;
    this.group = group;
    this.self = self;
    this.appendRepair = appendRepair;
    this.repairer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, self + "-append-repair");
              thread.setDaemon(true);
              return thread;
            });
    repairer.scheduleWithFixedDelay(
        appendRepair::repairIfRefused,
        APPEND_REPAIR_PERIOD.toMillis(),
        APPEND_REPAIR_PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Starts this member's server, recovering its Raft log from {@code raftDir} if there is one.
   *
   * @param chainId the genesis hash; the Raft group id is derived from it so that nodes of
   *     different ledgers never join one group
   * @param tls mutual TLS with the members' certificates from genesis, or empty for plain gRPC (a
   *     genesis without certificates)
   * @throws IOException if the server cannot start, for example because its port is taken
   */
  public static RaftNode start(
      String selfId,
      List<Peer> peers,
      Hash chainId,
      Path raftDir,
      LedgerStateMachine machine,
      Timeouts timeouts,
      LogRetention retention,
      Optional<MemberTls> tls)
      throws IOException {
    return start(selfId, peers, chainId, raftDir, machine, timeouts, retention, tls, false);
  }

  /**
   * Starts this member's server, as {@link #start(String, List, Hash, Path, LedgerStateMachine,
   * Timeouts, LogRetention, Optional)} does, or, if {@code joining}, that of a member the group has
   * just admitted, or is about to: the first time, its Raft storage is formatted with an empty
   * configuration, so that it neither stands for election nor forms a group of its own, and it
   * waits for the leader to add it ({@link #setConfiguration}) and bring it up to date; after that
   * it recovers like any member. The client sends to {@code peers}, the members it knows of.
   */
  public static RaftNode start(
      String selfId,
      List<Peer> peers,
      Hash chainId,
      Path raftDir,
      LedgerStateMachine machine,
      Timeouts timeouts,
      LogRetention retention,
      Optional<MemberTls> tls,
      boolean joining)
      throws IOException {
    RaftPeerId self = RaftPeerId.valueOf(selfId);
    List<RaftPeer> raftPeers = raftPeers(peers);
    RaftPeer me =
        raftPeers.stream()
            .filter(p -> p.getId().equals(self))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(selfId + " is not among the peers"));
    RaftGroup group = RaftGroup.valueOf(groupIdOf(chainId), raftPeers);
    RaftProperties properties = properties(raftDir, me, timeouts, retention);
    Parameters parameters = new Parameters();
    tls.ifPresent(credentials -> credentials.configure(parameters));
    boolean recover = Files.isDirectory(raftDir.resolve(group.getGroupId().getUuid().toString()));
    RaftServer server =
        RaftServer.newBuilder()
            .setServerId(self)
            .setGroup(joining && !recover ? RaftGroup.valueOf(group.getGroupId()) : group)
            .setStateMachine(machine)
            .setProperties(properties)
            .setParameters(parameters)
            .setOption(
                recover ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
            .build();
    FollowerAppendRepair appendRepair;
    try {
      server.start();
      appendRepair = FollowerAppendRepair.of(server.getDivision(group.getGroupId()));
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    RaftClient client =
        RaftClient.newBuilder()
            .setProperties(properties)
            .setParameters(parameters)
            .setRaftGroup(group)
            .setRetryPolicy(
                RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                    CLIENT_RETRIES,
                    TimeDuration.valueOf(CLIENT_RETRY_SLEEP_MILLIS, TimeUnit.MILLISECONDS)))
            .build();
    return new RaftNode(server, client, group, self, appendRepair);
  }

  private static TimeDuration duration(Duration duration) {
    return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
  }

  static RaftGroupId groupIdOf(Hash chainId) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(chainId.toArray()));
  }

  private static RaftProperties properties(
      Path raftDir, RaftPeer me, Timeouts timeouts, LogRetention retention) {
    RaftProperties properties = new RaftProperties();
    RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
    RaftServerConfigKeys.setStorageDir(properties, List.<File>of(raftDir.toFile()));
    GrpcConfigKeys.Server.setPort(properties, portOf(me.getAddress()));
    SizeInBytes entryLimit = SizeInBytes.valueOf(ENTRY_BATCH_BYTES);
    GrpcConfigKeys.setMessageSizeMax(properties, SizeInBytes.valueOf(retention.messageMaxBytes()));
    RaftServerConfigKeys.Log.Appender.setSnapshotChunkSizeMax(
        properties, SizeInBytes.valueOf(retention.snapshotChunkBytes()));
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties, entryLimit);
    RaftServerConfigKeys.Log.setWriteBufferSize(
        properties, SizeInBytes.valueOf(entryLimit.getSize() + 1024 * 1024));
    RaftServerConfigKeys.Log.setSegmentSizeMax(
        properties, SizeInBytes.valueOf(retention.segmentBytes()));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(
        properties, retention.snapshotEveryEntries());
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, retention.purgeUpToSnapshot());
    RaftServerConfigKeys.Log.setPurgeGap(
        properties, (int) Math.min(Integer.MAX_VALUE, retention.snapshotEveryEntries()));
    RaftServerConfigKeys.Rpc.setTimeoutMin(properties, duration(timeouts.electionMin()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(properties, duration(timeouts.electionMax()));
    RaftServerConfigKeys.Rpc.setRequestTimeout(
        properties, duration(timeouts.electionMax().multipliedBy(2)));
    RaftClientConfigKeys.Rpc.setRequestTimeout(properties, duration(CLIENT_REQUEST_TIMEOUT));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(
        properties, TimeDuration.valueOf(50, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(
        properties, TimeDuration.valueOf(150, TimeUnit.MILLISECONDS));
    return properties;
  }

  private static int portOf(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /**
   * Replicates one proposal through Raft. Completes with the state machine's reply once the entry
   * is committed and applied, or exceptionally if the group refuses it.
   */
  public CompletableFuture<byte[]> replicate(byte[] proposal) {
    return client
        .async()
        .send(Message.valueOf(ByteString.copyFrom(proposal)))
        .thenApply(RaftNode::contentOf);
  }

  private static byte[] contentOf(RaftClientReply reply) {
    if (!reply.isSuccess()) {
      throw new CompletionException(
          new IOException("Raft group refused the proposal: " + reply.getException()));
    }
    return reply.getMessage().getContent().toByteArray();
  }

  /**
   * This member's view of the group.
   *
   * @param role LEADER, FOLLOWER, CANDIDATE or LISTENER
   * @param leader the current leader's id, when one is known
   * @param commitIndexes the highest Raft index each peer is known to have committed, by peer id; a
   *     peer that stopped answering falls behind here. A follower learns the leader's from each
   *     AppendEntries.
   * @param leaderContactMillis on a follower, the milliseconds since the leader last reached it;
   *     empty on a leader, and on a follower that has not heard from one since it started
   * @param appendRepairs how many times since it started this member's Raft append chain was found
   *     failed by Ratis's log runner clash and repaired ({@link FollowerAppendRepair})
   */
  public record Status(
      String id,
      String role,
      long term,
      Optional<String> leader,
      long lastAppliedIndex,
      Map<String, Long> commitIndexes,
      OptionalLong leaderContactMillis,
      long appendRepairs) {
    /**
     * The leader's commit index as this member knows it; the highest it knows of any peer's when no
     * leader is known.
     */
    public long leaderCommitIndex() {
      return leader
          .map(commitIndexes::get)
          .orElseGet(() -> commitIndexes.values().stream().max(Long::compare).orElse(-1L));
    }
  }

  /** This member's role, term, leader and the peers' commit progress. */
  public Status status() throws IOException {
    RaftServer.Division division = server.getDivision(group.getGroupId());
    DivisionInfo info = division.getInfo();
    Map<String, Long> commits = new TreeMap<>();
    division
        .getCommitInfos()
        .forEach(
            commit ->
                commits.put(
                    RaftPeerId.valueOf(commit.getServer().getId()).toString(),
                    commit.getCommitIndex()));
    RoleInfoProto role = info.getRoleInfoProto();
    OptionalLong leaderContact =
        role.hasFollowerInfo() && role.getFollowerInfo().hasLeaderInfo()
            ? OptionalLong.of(role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs())
            : OptionalLong.empty();
    return new Status(
        self.toString(),
        info.getCurrentRole().name(),
        info.getCurrentTerm(),
        Optional.ofNullable(info.getLeaderId()).map(RaftPeerId::toString),
        info.getLastAppliedIndex(),
        commits,
        leaderContact,
        appendRepair.repairs());
  }

  public String id() {
    return self.toString();
  }

  /** Whether this member's server leads the group now. */
  public boolean isLeader() throws IOException {
    return server.getDivision(group.getGroupId()).getInfo().isLeader();
  }

  /** The peers of the group's current Raft configuration, as this member's server knows it. */
  public List<Peer> configuration() throws IOException {
    return server.getDivision(group.getGroupId()).getRaftConf().getCurrentPeers().stream()
        .map(peer -> new Peer(peer.getId().toString(), peer.getAddress()))
        .sorted(Comparator.comparing(Peer::id))
        .toList();
  }

  /**
   * Asks the leader to change the group to exactly {@code peers}: new ones are first brought up to
   * date (from the leader's snapshot and log), then the new configuration is committed. Returns
   * once it is.
   *
   * @throws IOException if the group did not take the change, for example because the new peers
   *     could not be reached in time or the leader changed; asking again is safe
   */
  public void setConfiguration(List<Peer> peers) throws IOException {
    RaftClientReply reply = client.admin().setConfiguration(raftPeers(peers));
    if (!reply.isSuccess()) {
      throw new IOException(
          "The Raft group refused the configuration " + peers, reply.getException());
    }
  }

  /**
   * Asks the group to make {@code to} its leader, within {@code timeout}.
   *
   * @throws IOException if it did not happen; asking again is safe
   */
  public void transferLeadership(String to, Duration timeout) throws IOException {
    RaftClientReply reply =
        client.admin().transferLeadership(RaftPeerId.valueOf(to), timeout.toMillis());
    if (!reply.isSuccess()) {
      throw new IOException("Leadership did not pass to " + to, reply.getException());
    }
  }

  private static List<RaftPeer> raftPeers(List<Peer> peers) {
    return peers.stream()
        .map(p -> RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build())
        .collect(Collectors.toList());
  }

  /** This member's division of the group's Raft server. */
  RaftServer.Division division() throws IOException {
    return server.getDivision(group.getGroupId());
  }

  @Override
  public void close() throws IOException {
    repairer.shutdownNow();
    try {
      client.close();
    } finally {
      server.close();
    }
  }
}
