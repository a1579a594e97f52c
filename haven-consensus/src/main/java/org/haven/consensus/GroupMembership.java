package org.haven.consensus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.haven.core.identity.MemberNode;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.ledger.Block;
import org.haven.core.state.LedgerState;
import org.haven.core.state.StateReader;
import org.haven.core.tx.Kind;
import org.haven.core.tx.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Raft group in step with the ledger's members. Once a governance change that admits or
 * removes a member has committed, the leader changes the group's configuration to match: an
 * admitted member's node (at the Raft address its admission names) is added, after the leader has
 * brought it up to date, and a removed member's node is dropped. A leader that is itself removed
 * first passes the leadership on, and its successor makes the change.
 *
 * <p>The leader also checks every few seconds, so that a change interrupted by a leader change or a
 * peer that could not be reached yet is made by whoever leads next; making it twice changes
 * nothing.
 */
public final class GroupMembership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupMembership.class);

  /** How often the leader compares the group with the ledger's members. */
  static final Duration CHECK_EVERY = Duration.ofSeconds(3);

  private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<Kind> MEMBERSHIP_CHANGES =
      Set.of(Kind.ADMIT_MEMBER, Kind.REMOVE_MEMBER, Kind.ENDORSE_PROPOSAL, Kind.PROPOSE_GOVERNANCE);

  private final RaftNode raft;
  private final StateReader committed;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "group-membership");
            thread.setDaemon(true);
            return thread;
          });

  private GroupMembership(RaftNode raft, StateReader committed) {
    this.raft = raft;
    this.committed = committed;
  }

  /**
   * Starts keeping {@code raft}'s group in step with the members in {@code committed}, the
   * committed ledger state.
   */
  public static GroupMembership start(RaftNode raft, StateReader committed) {
    GroupMembership membership = new GroupMembership(raft, committed);
    membership.worker.scheduleWithFixedDelay(
        membership::reconcile,
        CHECK_EVERY.toMillis(),
        CHECK_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    return membership;
  }

  /** Told of each committed block: a governance change may have changed the members. */
  public void onBlock(Block block) {
    if (block.transactions().stream()
        .map(Transaction::kind)
        .anyMatch(MEMBERSHIP_CHANGES::contains)) {
      worker.execute(this::reconcile);
    }
  }

  /**
   * The group the ledger's members call for, given the {@code current} one: a peer whose member the
   * ledger has removed is dropped, and an active member whose node has a Raft address (one admitted
   * through governance) is added. Founding members' nodes, whose addresses genesis does not hold,
   * are peers from the start; peers that name no member are left alone.
   */
  static List<RaftNode.Peer> desired(List<RaftNode.Peer> current, LedgerState state) {
    Map<String, RaftNode.Peer> peers = new TreeMap<>();
    for (RaftNode.Peer peer : current) {
      if (memberOf(peer.id(), state).map(Organisation::active).orElse(true)) {
        peers.put(peer.id(), peer);
      }
    }
    for (MemberNode node : state.memberNodes().values()) {
      boolean active = state.organisation(node.member()).map(Organisation::active).orElse(false);
      if (active && node.raftAddress().isPresent()) {
        peers.putIfAbsent(
            node.member().value(),
            new RaftNode.Peer(node.member().value(), node.raftAddress().get()));
      }
    }
    return new ArrayList<>(peers.values());
  }

  private static Optional<Organisation> memberOf(String peerId, LedgerState state) {
    try {
      return state.organisation(new OrgId(peerId));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void reconcile() {
    try {
      if (!raft.isLeader()) {
        return;
      }
      List<RaftNode.Peer> current = raft.configuration();
      List<RaftNode.Peer> desired = desired(current, LedgerState.readOnly(committed));
      Set<String> now = ids(current);
      Set<String> wanted = ids(desired);
      if (now.equals(wanted)) {
        return;
      }
      if (!wanted.contains(raft.id())) {
        String successor = desired.get(0).id();
        LOG.info(
            "The ledger removed this member ({}); passing the Raft leadership to {}, which will"
                + " take it out of the group",
            raft.id(),
            successor);
        raft.transferLeadership(successor, TRANSFER_TIMEOUT);
        return;
      }
      LOG.info(
          "Changing the Raft group to match the ledger's members: adding {}, removing {}",
          desired.stream().filter(peer -> !now.contains(peer.id())).toList(),
          now.stream().filter(id -> !wanted.contains(id)).toList());
      raft.setConfiguration(desired);
      LOG.info("The Raft group is now {}", wanted);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "The Raft group does not match the ledger's members yet; trying again in {} s: {}",
          CHECK_EVERY.toSeconds(),
          e.toString());
    }
  }

  private static Set<String> ids(List<RaftNode.Peer> peers) {
    return peers.stream().map(RaftNode.Peer::id).collect(Collectors.toCollection(TreeSet::new));
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
