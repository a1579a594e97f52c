package org.haven.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.haven.node.LedgerRepair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Rebuilds a damaged member's ledger from the other members. */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description = {
      "Rebuild a stopped member's damaged ledger from the other members of its network.",
      "Sets the ledger and the Raft log aside under DIR/repair/ (kept for forensics); the vault,"
          + " keys, credentials and the last cosigned checkpoint stay. At its next start the node"
          + " receives the ledger from the leader (snapshot and log), verifies it, and only then"
          + " serves and cosigns; GET /ready says when.",
      "Exit 0 once set aside; exit 2 if the node is running, the directory is not a member's, or"
          + " the network has no other member."
    })
final class RepairCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data-dir", required = true, description = "The member's data directory.")
  Path dataDir;

  @Override
  public Integer call() throws IOException {
    Path aside = LedgerRepair.setAside(dataDir, Clock.systemUTC());
    spec.commandLine()
        .getOut()
        .printf(
            "Set the ledger and Raft log aside in %s.%n"
                + "Start the node: it receives the ledger from the other members and serves and"
                + " cosigns again once it has verified it (GET /ready answers 200).%n",
            aside);
    return 0;
  }
}
