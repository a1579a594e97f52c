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
}
