package org.haven.consensus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.haven.core.testing.TestConsortium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members in one Ratis group over plain gRPC on loopback: every member executes every block
 * itself and reaches the same headers, Merkle roots and state hashes.
 */
class ThreeMemberGroupTest {
  @TempDir Path dir;

  private TestGroup group;

  @AfterEach
  void stop() throws IOException {
    group.close();
  }

  @Test
  void everyMemberExecutesTheSameBlocksToTheSameRoots() throws Exception {
    group = new TestGroup(TestConsortium.withMembers(3), dir);
    List<RaftNode.Peer> peers = TestGroup.loopbackPeers(3);
    for (int i = 0; i < 3; i++) {
      group.start("m" + i, i, peers, Optional.empty());
    }

    group.replicateEnrolments(3, 10);

    group.assertIdenticalLedgers(3, 50);
  }
}
