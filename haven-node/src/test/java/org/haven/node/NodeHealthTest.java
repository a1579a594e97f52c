package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.haven.consensus.RaftNode;
import org.junit.jupiter.api.Test;

/**
 * A member says when it cannot serve or cosign: stuck behind the leader, cut off from it, without
 * one, damaged or not cosigning; and how far behind it is, in entries and seconds. The Raft view is
 * given by hand; the clock is a counter.
 */
class NodeHealthTest {
  private static final Duration ELECTION_MAX = Duration.ofSeconds(2);

  private final AtomicLong now = new AtomicLong(1_000_000);
  private RaftNode.Status raft = follower(100, 100, 50);
  private Optional<String> damage = Optional.empty();
  private Optional<String> notCosigning = Optional.empty();

  private final NodeHealth health =
      new NodeHealth(
          new NodeHealth.Sources() {
            @Override
            public RaftNode.Status raft() {
              return raft;
            }

            @Override
            public Optional<String> damage() {
              return damage;
            }

            @Override
            public Optional<String> notCosigning() {
              return notCosigning;
            }
          },
          ELECTION_MAX,
          now::get);

  /** A follower of leader "b" that applied {@code applied}; the leader committed {@code commit}. */
  private static RaftNode.Status follower(long applied, long commit, long leaderContactMillis) {
    return new RaftNode.Status(
        "a",
        "FOLLOWER",
        3,
        Optional.of("b"),
        applied,
        Map.of("a", applied, "b", commit),
        OptionalLong.of(leaderContactMillis),
        0);
  }

  @Test
  void caughtUpFollower_isReady_withNoLag() {
    NodeHealth.Health sample = health.sample();

    assertThat(sample.ready()).isTrue();
    assertThat(sample.problems()).isEmpty();
    assertThat(sample.lagEntries()).isZero();
    assertThat(sample.lagSeconds()).isZero();
    assertThat(health.health()).isEqualTo(sample);
  }

  @Test
  void followerBehindThatStillApplies_isReady_andSaysHowFarBehind() {
    raft = follower(100, 160, 50);
    health.sample();
    now.addAndGet(5_000);
    raft = follower(140, 180, 50);

    NodeHealth.Health sample = health.sample();

    assertThat(sample.ready()).as("%s", sample).isTrue();
    assertThat(sample.lagEntries()).isEqualTo(40);
    assertThat(sample.lagSeconds())
        .as("the oldest commit it lacks (161..180, first seen 5 s ago)")
        .isEqualTo(5);
  }

  @Test
  void followerThatAppliesNothingWhileBehind_isStuck() {
    raft = follower(100, 160, 50);
    health.sample();
    now.addAndGet(NodeHealth.STUCK_MILLIS + 1_000);

    NodeHealth.Health sample = health.sample();

    assertThat(sample.ready()).isFalse();
    assertThat(sample.problems())
        .singleElement()
        .asString()
        .startsWith(
            "not applying: 60 entries behind the leader's commit, and none applied for 11 s");
    assertThat(sample.lagSeconds()).isEqualTo(11);
  }

  @Test
  void followerThatCatchesUp_isReadyAgain() {
    raft = follower(100, 160, 50);
    health.sample();
    now.addAndGet(NodeHealth.STUCK_MILLIS + 1_000);
    assertThat(health.sample().ready()).isFalse();

    raft = follower(160, 160, 50);

    NodeHealth.Health sample = health.sample();
    assertThat(sample.ready()).as("%s", sample).isTrue();
    assertThat(sample.lagSeconds()).isZero();
  }

  @Test
  void followerBehindForLongerThanTheLimit_isNotReady_evenWhileItApplies() {
    long applied = 100;
    for (int second = 0; second <= NodeHealth.LAG_LIMIT_SECONDS + 1; second++) {
      raft = follower(applied, applied + 1_000, 50);
      health.sample();
      applied++;
      now.addAndGet(1_000);
    }

    NodeHealth.Health sample = health.sample();

    assertThat(sample.ready()).isFalse();
    assertThat(sample.problems())
        .singleElement()
        .asString()
        .startsWith("behind the leader's commit");
  }

  @Test
  void followerTheLeaderHasNotReached_isNotReady() {
    raft = follower(100, 100, 2 * ELECTION_MAX.toMillis() + 1);

    NodeHealth.Health sample = health.sample();

    assertThat(sample.ready()).isFalse();
    assertThat(sample.problems())
        .singleElement()
        .asString()
        .isEqualTo("the leader b has not reached this member for 4 s (limit 4 s)");
    assertThat(sample.leaderContactMillis()).hasValue(2 * ELECTION_MAX.toMillis() + 1);
  }

  /** The frozen leader of issue 18 said FOLLOWER with no leader, and nothing flagged it. */
  @Test
  void followerWithoutLeader_isNotReady() {
    raft =
        new RaftNode.Status(
            "a", "FOLLOWER", 3, Optional.empty(), 100, Map.of("a", 100L), OptionalLong.empty(), 0);

    NodeHealth.Health sample = health.sample();

    assertThat(sample.ready()).isFalse();
    assertThat(sample.problems()).singleElement().asString().startsWith("no leader is known");
  }

  /**
   * A member rebuilt by {@code haven repair} hears the leader's heartbeats, but the leader still
   * holds its old match index and appends nothing until its next entry: the lag is unknown.
   */
  @Test
  void followerTheLeaderHasNotAppendedTo_isNotReady() {
    raft =
        new RaftNode.Status(
            "a", "FOLLOWER", 3, Optional.of("b"), -1, Map.of("a", -1L), OptionalLong.of(200), 0);

    NodeHealth.Health sample = health.sample();

    assertThat(sample.ready()).isFalse();
    assertThat(sample.problems())
        .containsExactly(
            "the leader b has not yet appended to this member's log, so its lag is unknown");
  }

  @Test
  void leader_isReady_withoutLeaderContact() {
    raft =
        new RaftNode.Status(
            "a",
            "LEADER",
            3,
            Optional.of("a"),
            100,
            Map.of("a", 100L, "b", 90L),
            OptionalLong.empty(),
            0);

    NodeHealth.Health sample = health.sample();

    assertThat(sample.ready()).isTrue();
    assertThat(sample.leaderContactMillis()).isEmpty();
  }

  @Test
  void staleSample_isNotReady_namingHowOld() {
    assertThat(health.sample().ready()).isTrue();
    now.addAndGet(NodeHealth.STALE_MILLIS + 2_000);

    NodeHealth.Health stale = health.health();

    assertThat(stale.ready()).isFalse();
    assertThat(stale.problems()).containsExactly("the node has not sampled its own health for 7 s");
    assertThat(health.sample().ready()).as("a fresh sample").isTrue();
  }

  @Test
  void damagedMember_thatDoesNotCosign_namesBothProblems() {
    damage = Optional.of("block 3: log entry 7 does not match");
    notCosigning = Optional.of("this member's ledger is damaged: block 3");

    NodeHealth.Health sample = health.sample();

    assertThat(sample.ready()).isFalse();
    assertThat(sample.problems())
        .containsExactly(
            "the ledger is damaged: block 3: log entry 7 does not match",
            "not cosigning: this member's ledger is damaged: block 3");
  }
}
