package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.haven.consensus.RaftNode;
import org.haven.core.tx.Transaction;
import org.haven.node.NodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member cut off from the other two by severed links (a TCP proxy on every link between members
 * drops its connections) makes no progress and acknowledges nothing, while the majority elects a
 * leader and keeps writing; once the links heal it converges on the majority's ledger, and the
 * write it was sent while cut off is on every member or on none.
 */
class PartitionTest {
  @TempDir Path temp;

  /** By dialling member, then dialled member. */
  private final Map<String, Map<String, LinkProxy>> links = new HashMap<>();

  private InProcessNetwork network;

  @AfterEach
  void stopAll() throws IOException {
    if (network != null) {
      network.close();
    }
    links.values().forEach(to -> to.values().forEach(LinkProxy::close));
  }

  @Test
  void cutOffLeader_makesNoProgressAndConvergesWhenHealed() throws Exception {
    network = InProcessNetwork.start(temp, this::throughProxies);
    String minority = network.awaitLeader(network.members());
    List<String> majority = network.others(minority);
    network.writeOneBlockEach(minority, 3);
    long before = network.awaitConverged(3).get(minority).get("recordTreeSize").asLong();

    cutOff(minority);
    Transaction attempted = network.nextEnrolment();
    NodeHttp minorityHttp = new NodeHttp(network.node(minority).httpPort());
    CompletableFuture<String> minorityAnswer =
        CompletableFuture.supplyAsync(() -> answer(minorityHttp, attempted));
    String newLeader = network.awaitLeader(majority);
    network.writeOneBlockEach(newLeader, 5);
    String answered = minorityAnswer.get(InProcessNetwork.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(answered)
        .as("the cut-off member's answer: outcome unknown, or none in time")
        .satisfiesAnyOf(
            a -> assertThat(a).startsWith("504 "), a -> assertThat(a).startsWith("no answer"));
    assertThat(network.status(minority).get("recordTreeSize").asLong())
        .as("the cut-off member made no progress")
        .isEqualTo(before);

    heal(minority);
    // The cut-off member's Raft client may still be retrying the attempted write, which can then
    // commit: it was never acknowledged, so that is allowed. Its proposals are ordered, so once a
    // later one through the same member commits, the attempted one has been settled either way.
    network.writeOneBlockEach(minority, 1);
    network.awaitConverged(network.status(minority).get("recordTreeSize").asLong());
    List<Integer> found = new ArrayList<>();
    for (String member : network.members()) {
      found.add(new NodeHttp(network.node(member).httpPort()).inclusion(attempted).statusCode());
    }
    assertThat(found).as("the cut-off member's write, on each member").containsOnly(found.get(0));
  }

  /**
   * Points each member's peers at a proxy per link: member {@code a} reaches member {@code b}
   * through {@code links[a][b]}.
   */
  private NodeConfig throughProxies(NodeConfig config) {
    List<RaftNode.Peer> peers = new ArrayList<>();
    for (RaftNode.Peer peer : config.peers()) {
      if (peer.id().equals(config.nodeId())) {
        peers.add(peer);
        continue;
      }
      String host = peer.address().substring(0, peer.address().lastIndexOf(':'));
      int port = Integer.parseInt(peer.address().substring(peer.address().lastIndexOf(':') + 1));
      LinkProxy proxy;
      try {
        proxy = new LinkProxy(new InetSocketAddress(host, port));
      } catch (IOException e) {
        throw new AssertionError("cannot start a link proxy", e);
      }
      links.computeIfAbsent(config.nodeId(), from -> new HashMap<>()).put(peer.id(), proxy);
      peers.add(new RaftNode.Peer(peer.id(), proxy.address()));
    }
    return InProcessNetwork.reconfigured(config, peers, config.raftLog());
  }

  private void cutOff(String member) {
    linksOf(member).forEach(LinkProxy::cut);
  }

  private void heal(String member) {
    linksOf(member).forEach(LinkProxy::heal);
  }

  /** Every link from or to {@code member}. */
  private List<LinkProxy> linksOf(String member) {
    List<LinkProxy> touching = new ArrayList<>(links.get(member).values());
    links.forEach(
        (from, to) -> {
          if (!from.equals(member)) {
            touching.add(to.get(member));
          }
        });
    return touching;
  }

  /** The status code and body the member answered, or why it did not answer. */
  private static String answer(NodeHttp member, Transaction tx) {
    try {
      HttpResponse<String> response = member.submit(tx);
      return response.statusCode() + " " + response.body();
    } catch (IOException e) {
      return "no answer: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
