package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A node's health: its ledger head and its view of the consensus group. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show a node's ledger head, its Raft role, term, leader and the peers' commit progress,",
      "the last final checkpoint (cosigned by a quorum of members), the last one this member",
      "cosigned, and any divergence or equivocation this node detected.",
      "Needs no login. The node is --node, else $HAVEN_NODE, else port 8080 of this machine."
    })
final class StatusCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Override
  public Integer call() throws InterruptedException {
    JsonNode answer =
        NodeClient.anonymous(node.loginNode(), node.trust()).get(NodeClient.Route.of("status"));
    node.print(answer, out -> PlainText.fields(out, answer));
    return 0;
  }
}
