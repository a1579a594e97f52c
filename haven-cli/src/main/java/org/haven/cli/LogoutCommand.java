package org.haven.cli;

import java.util.concurrent.Callable;
import org.haven.node.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Ends the saved session on its node and forgets it. */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    description = "End the saved session on the node and remove the session file.")
final class LogoutCommand implements Callable<Integer> {
  private static final int UNAUTHENTICATED = 401;

  @Mixin NodeOptions node;

  @Override
  public Integer call() throws InterruptedException {
    SessionFile file = node.sessionFile();
    Session session = file.read().orElseThrow(() -> new ConfigException(NodeOptions.NOT_LOGGED_IN));
    String ended = "Logged out: the session had expired.";
    if (!session.expired(System.currentTimeMillis())) {
      NodeClient client = node.client(session);
      ended = "Logged out of " + client.node() + ".";
      try {
        client.delete(NodeClient.Route.of("session"));
      } catch (NodeProblemException e) {
        // The node no longer knows the token (the session expired or was ended): so much the
        // better. Any other refusal keeps the file, so that the officer can try again.
        if (e.status() != UNAUTHENTICATED) {
          throw e;
        }
      }
    }
    file.delete();
    if (!node.json) {
      node.out().println(ended);
    }
    return 0;
  }
}
