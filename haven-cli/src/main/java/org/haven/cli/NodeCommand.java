package org.haven.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.haven.node.HavenNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs a node until it is stopped. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a node from a data directory made by 'haven init'. Stop it with Ctrl-C.")
final class NodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data-dir", required = true, description = "The node's data directory.")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    HavenNode node = HavenNode.start(dataDir);
    StopOnSignal stopped = new StopOnSignal(node);
    spec.commandLine()
        .getOut()
        .printf("Haven node running: data %s, HTTP %s/api/v1/status%n", dataDir, node.httpUrl());
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
