package org.haven.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.haven.consensus.RaftNode;

/**
 * A node's settings, kept in {@code node.json} in its data directory.
 *
 * @param org the member organisation this node belongs to
 * @param nodeId this node's Raft peer id
 * @param peers every member of the Raft group, this node included
 * @param httpHost the address the HTTP endpoint binds to
 * @param httpPort the HTTP port; 0 picks a free one
 * @param maxBlockTransactions a block closes at this many transactions
 * @param maxBlockDelayMillis or this long after its first transaction arrived
 * @param vaultKeyFile the vault master key's file, outside the data directory; null when the key
 *     comes from the environment variable {@code HAVEN_VAULT_MASTER_KEY}
 * @param raftElectionTimeoutMillis the Raft election timeout's lower and upper bounds; empty or
 *     absent for {@link RaftNode.Timeouts#WIDE_AREA} (see docs/consensus.md)
 * @param raftLog how much Raft log to keep; null or absent, as any of its fields, for {@link
 *     RaftNode.LogRetention#DEFAULT} (see docs/consensus.md)
 * @param checkpointIntervalMillis the least time between two cosigning rounds this node starts; 0
 *     or absent for {@value #DEFAULT_CHECKPOINT_INTERVAL_MILLIS} (see docs/witnessing.md)
 * @param httpTls the certificate and key the HTTP API is served with over TLS; null or absent for
 *     plain HTTP, which only a loopback {@code httpHost} or {@code behindTlsProxy} allows (see
 *     docs/operations.md, "TLS")
 * @param behindTlsProxy true when a TLS proxy in front of the node terminates HTTPS for it: the
 *     node may then serve plain HTTP on any address, and trusts the proxy's {@code
 *     X-Forwarded-Proto}; null or absent for false
 */
public record NodeConfig(
    @JsonProperty(required = true) String org,
    @JsonProperty(required = true) String nodeId,
    @JsonProperty(required = true) List<RaftNode.Peer> peers,
    @JsonProperty(required = true) String httpHost,
    int httpPort,
    int maxBlockTransactions,
    long maxBlockDelayMillis,
    String vaultKeyFile,
    List<Long> raftElectionTimeoutMillis,
    RaftLog raftLog,
    Long checkpointIntervalMillis,
    HttpTls httpTls,
    Boolean behindTlsProxy) {
  public static final String FILE_NAME = "node.json";

  /**
   * The {@code httpTls} object of {@code node.json}: PEM files, each path absolute or relative to
   * the data directory.
   *
   * @param certificateFile the node's certificate, then the chain to its authority if any
   * @param keyFile its unencrypted private key, readable by the node's user only
   */
  public record HttpTls(
      @JsonProperty(required = true) String certificateFile,
      @JsonProperty(required = true) String keyFile) {}

  /** A node that serves plain HTTP and is not behind a TLS proxy: on loopback only. */
  public NodeConfig(
      String org,
      String nodeId,
      List<RaftNode.Peer> peers,
      String httpHost,
      int httpPort,
      int maxBlockTransactions,
      long maxBlockDelayMillis,
      String vaultKeyFile,
      List<Long> raftElectionTimeoutMillis,
      RaftLog raftLog,
      Long checkpointIntervalMillis) {
    this(
        org,
        nodeId,
        peers,
        httpHost,
        httpPort,
        maxBlockTransactions,
        maxBlockDelayMillis,
        vaultKeyFile,
        raftElectionTimeoutMillis,
        raftLog,
        checkpointIntervalMillis,
        null,
        null);
  }

  /**
   * The {@code raftLog} object of {@code node.json}; each field null or absent for its default.
   *
   * @param snapshotEveryEntries Raft entries (blocks) between snapshots
   * @param purgeUpToSnapshot whether the log is deleted up to the latest snapshot, so that a member
   *     that fell further behind installs the snapshot
   * @param segmentBytes the largest Raft log segment file; the log is purged whole segments at a
   *     time
   * @param snapshotChunkBytes the largest chunk of a snapshot sent to a member in one message
   * @param messageMaxBytes the largest gRPC message between members
   */
  public record RaftLog(
      Long snapshotEveryEntries,
      Boolean purgeUpToSnapshot,
      Long segmentBytes,
      Long snapshotChunkBytes,
      Long messageMaxBytes) {
    /** Every field at its default, stated: what {@code haven init} writes. */
    public static final RaftLog DEFAULTS = of(RaftNode.LogRetention.DEFAULT);

    /** The {@code raftLog} object stating {@code retention}. */
    public static RaftLog of(RaftNode.LogRetention retention) {
      return new RaftLog(
          retention.snapshotEveryEntries(),
          retention.purgeUpToSnapshot(),
          retention.segmentBytes(),
          retention.snapshotChunkBytes(),
          retention.messageMaxBytes());
    }

    RaftNode.LogRetention retention() {
      RaftNode.LogRetention defaults = RaftNode.LogRetention.DEFAULT;
      try {
        return new RaftNode.LogRetention(
            snapshotEveryEntries == null ? defaults.snapshotEveryEntries() : snapshotEveryEntries,
            purgeUpToSnapshot == null ? defaults.purgeUpToSnapshot() : purgeUpToSnapshot,
            segmentBytes == null ? defaults.segmentBytes() : segmentBytes,
            snapshotChunkBytes == null ? defaults.snapshotChunkBytes() : snapshotChunkBytes,
            messageMaxBytes == null ? defaults.messageMaxBytes() : messageMaxBytes);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "raftLog in " + FILE_NAME + ": " + e.getMessage() + "; remove it for the defaults", e);
      }
    }
  }

  public static final int DEFAULT_MAX_BLOCK_TRANSACTIONS = 2000;
  public static final long DEFAULT_MAX_BLOCK_DELAY_MILLIS = 5;
  public static final long DEFAULT_CHECKPOINT_INTERVAL_MILLIS = 1000;

  public NodeConfig {
    peers = List.copyOf(peers);
    raftElectionTimeoutMillis =
        raftElectionTimeoutMillis == null ? List.of() : List.copyOf(raftElectionTimeoutMillis);
    if (!raftElectionTimeoutMillis.isEmpty() && raftElectionTimeoutMillis.size() != 2) {
      throw new IllegalArgumentException(
          "raftElectionTimeoutMillis: give two numbers, the minimum and the maximum");
    }
    if (maxBlockTransactions <= 0) {
      maxBlockTransactions = DEFAULT_MAX_BLOCK_TRANSACTIONS;
    }
    if (maxBlockDelayMillis <= 0) {
      maxBlockDelayMillis = DEFAULT_MAX_BLOCK_DELAY_MILLIS;
    }
    if (checkpointIntervalMillis == null || checkpointIntervalMillis <= 0) {
      checkpointIntervalMillis = DEFAULT_CHECKPOINT_INTERVAL_MILLIS;
    }
    if (behindTlsProxy == null) {
      behindTlsProxy = false;
    }
  }

  /** This configuration, serving its HTTP API over TLS with {@code tls}. */
  public NodeConfig withHttpTls(HttpTls tls) {
    return new NodeConfig(
        org,
        nodeId,
        peers,
        httpHost,
        httpPort,
        maxBlockTransactions,
        maxBlockDelayMillis,
        vaultKeyFile,
        raftElectionTimeoutMillis,
        raftLog,
        checkpointIntervalMillis,
        tls,
        behindTlsProxy);
  }

  /**
   * This configuration with {@code raftLog} and {@code raftElectionTimeoutMillis} (empty for the
   * default) instead of its own.
   */
  public NodeConfig withRaft(RaftLog raftLog, List<Long> raftElectionTimeoutMillis) {
    return new NodeConfig(
        org,
        nodeId,
        peers,
        httpHost,
        httpPort,
        maxBlockTransactions,
        maxBlockDelayMillis,
        vaultKeyFile,
        raftElectionTimeoutMillis,
        raftLog,
        checkpointIntervalMillis);
  }

  /** How much Raft log this node keeps. */
  public RaftNode.LogRetention raftLogRetention() {
    return raftLog == null ? RaftNode.LogRetention.DEFAULT : raftLog.retention();
  }

  /** The Raft election timeouts this node uses. */
  public RaftNode.Timeouts raftTimeouts() {
    return raftElectionTimeoutMillis.isEmpty()
        ? RaftNode.Timeouts.WIDE_AREA
        : new RaftNode.Timeouts(
            Duration.ofMillis(raftElectionTimeoutMillis.get(0)),
            Duration.ofMillis(raftElectionTimeoutMillis.get(1)));
  }

  public void write(Path dataDir) throws IOException {
    Files.writeString(dataDir.resolve(FILE_NAME), GenesisFile.JSON.writeValueAsString(this));
  }

  /**
   * Reads {@code node.json} from a data directory.
   *
   * @throws ConfigException naming the file and the problem
   */
  public static NodeConfig read(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          "No node configuration at "
              + file
              + ". Run 'haven init --data-dir "
              + dataDir
              + "' first.");
    }
    try {
      return GenesisFile.JSON.readValue(file.toFile(), NodeConfig.class);
    } catch (IOException e) {
      throw new ConfigException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
