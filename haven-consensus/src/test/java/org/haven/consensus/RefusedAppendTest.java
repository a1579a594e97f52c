package org.haven.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.haven.core.testing.TestConsortium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members over gRPC. A follower's append chain is left failed exactly as Ratis 3.2.0 leaves
 * it when two threads clash on its segmented log (the clash itself is a race, seen about once in
 * three 28 s freezes of a leader under load): with the refusal the log gives, the member is
 * repaired and takes the leader's entries again; with any other failure Ratis keeps refusing every
 * AppendEntries, and the member stays behind, which is what the repair prevents.
 */
class RefusedAppendTest {
  /** The refusal as the frozen leader of the fault runs logged it. */
  private static final IllegalStateException RUNNER_CLASH =
      new IllegalStateException(
          "m1@group-1-SegmentedRaftLog: "
              + FollowerAppendRepair.RUNNER_CLASH
              + " Thread[grpc-default-executor-47,5,main], current=Thread[grpc-default-executor-52,5,main]");

  @TempDir Path dir;

  private TestGroup group;
  private final List<RaftNode> nodes = new ArrayList<>();

  @BeforeEach
  void startThreeMembers() throws Exception {
    group = new TestGroup(TestConsortium.withMembers(3), dir);
    List<RaftNode.Peer> peers = TestGroup.loopbackPeers(3);
    for (int i = 0; i < 3; i++) {
      nodes.add(group.start("m" + i, i, peers, Optional.empty()));
    }
    group.replicateEnrolments(3, 2);
    group.assertIdenticalLedgers(3, 10);
  }

  @AfterEach
  void stop() throws IOException {
    group.close();
  }

  @Test
  void aFollowerWhoseAppendTheLogRefused_isRepaired_andConverges() throws Exception {
    int follower = aFollower();

    failChain(follower, RUNNER_CLASH);
    group.replicateEnrolments(3, 4);

    group.assertIdenticalLedgers(3, 30);
    assertThat(nodes.get(follower).status().appendRepairs()).isEqualTo(1);
  }

  @Test
  void aFollowerWhoseAppendFailedOtherwise_isLeftAlone_andRatisKeepsItBehind() throws Exception {
    int follower = aFollower();

    failChain(follower, new IllegalStateException("the disk went away"));
    group.replicateEnrolments(3, 4);
    TimeUnit.MILLISECONDS.sleep(10 * RaftNode.APPEND_REPAIR_PERIOD.toMillis());

    assertThat(group.store(follower).head().orElseThrow().treeSize()).isEqualTo(10);
    assertThat(group.store((follower + 1) % 3).head().orElseThrow().treeSize()).isEqualTo(30);
    assertThat(nodes.get(follower).status().appendRepairs()).isZero();
  }

  private int aFollower() throws IOException {
    for (int i = 0; i < nodes.size(); i++) {
      if (!nodes.get(i).isLeader()) {
        return i;
      }
    }
    throw new AssertionError("every member leads");
  }

  private void failChain(int member, RuntimeException failure) throws IOException {
    FollowerAppendRepair.chainOf(nodes.get(member).division())
        .set(CompletableFuture.failedFuture(new CompletionException(failure)));
  }
}
