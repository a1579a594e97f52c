package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.haven.consensus.RaftNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node.json: Raft timeouts default to distant links, and can be set for a LAN. */
class NodeConfigTest {
  @TempDir Path dir;

  private static final String BASE =
      "{\"org\":\"ke\",\"nodeId\":\"ke\",\"peers\":[{\"id\":\"ke\",\"address\":\"127.0.0.1:9860\"}],"
          + "\"httpHost\":\"127.0.0.1\",\"httpPort\":0,\"maxBlockTransactions\":0,"
          + "\"maxBlockDelayMillis\":0,\"vaultKeyFile\":null";

  @Test
  void withoutTimeouts_aNodeIsTunedForDistantLinks() throws Exception {
    Files.writeString(dir.resolve(NodeConfig.FILE_NAME), BASE + "}");

    assertThat(NodeConfig.read(dir).raftTimeouts()).isEqualTo(RaftNode.Timeouts.WIDE_AREA);
    assertThat(RaftNode.Timeouts.WIDE_AREA.electionMin()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void timeoutsInTheFile_areUsed_andRoundTrip() throws Exception {
    Files.writeString(
        dir.resolve(NodeConfig.FILE_NAME), BASE + ",\"raftElectionTimeoutMillis\":[1000,2000]}");

    NodeConfig config = NodeConfig.read(dir);

    assertThat(config.raftTimeouts())
        .isEqualTo(new RaftNode.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    config.write(dir);
    assertThat(NodeConfig.read(dir)).isEqualTo(config);
  }

  @Test
  void badTimeouts_areAConfigurationErrorNamingTheField() throws Exception {
    Files.writeString(
        dir.resolve(NodeConfig.FILE_NAME), BASE + ",\"raftElectionTimeoutMillis\":[1000]}");
    assertThatThrownBy(() -> NodeConfig.read(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("raftElectionTimeoutMillis");
  }

  @Test
  void snapshotsTravelIn4MiBChunks_underA16MiBMessageLimit_byDefault() throws Exception {
    Files.writeString(dir.resolve(NodeConfig.FILE_NAME), BASE + "}");

    RaftNode.LogRetention retention = NodeConfig.read(dir).raftLogRetention();

    assertThat(retention.snapshotChunkBytes()).isEqualTo(4L << 20);
    assertThat(retention.messageMaxBytes()).isEqualTo(16L << 20);
    assertThat(NodeConfig.RaftLog.DEFAULTS.retention()).isEqualTo(retention);
  }

  @Test
  void aChunkSizeAndMessageLimitInTheFile_areUsed() throws Exception {
    Files.writeString(
        dir.resolve(NodeConfig.FILE_NAME),
        BASE + ",\"raftLog\":{\"snapshotChunkBytes\":65536,\"messageMaxBytes\":33554432}}");

    RaftNode.LogRetention retention = NodeConfig.read(dir).raftLogRetention();

    assertThat(retention.snapshotChunkBytes()).isEqualTo(65_536);
    assertThat(retention.messageMaxBytes()).isEqualTo(32L << 20);
    assertThat(retention.snapshotEveryEntries())
        .isEqualTo(RaftNode.LogRetention.DEFAULT.snapshotEveryEntries());
  }

  @Test
  void aChunkThatWouldNotFitInAMessage_isAConfigurationErrorNamingTheField() throws Exception {
    Files.writeString(
        dir.resolve(NodeConfig.FILE_NAME),
        BASE + ",\"raftLog\":{\"snapshotChunkBytes\":16777216}}");

    assertThatThrownBy(() -> NodeConfig.read(dir).raftLogRetention())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("raftLog in node.json")
        .hasMessageContaining("at most half the gRPC message limit (8388608 bytes)");
  }

  @Test
  void aMessageLimitBelowABatchOfEntries_isAConfigurationError() throws Exception {
    Files.writeString(
        dir.resolve(NodeConfig.FILE_NAME), BASE + ",\"raftLog\":{\"messageMaxBytes\":1048576}}");

    assertThatThrownBy(() -> NodeConfig.read(dir).raftLogRetention())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the gRPC message limit must be at least 16777216 bytes");
  }
}
