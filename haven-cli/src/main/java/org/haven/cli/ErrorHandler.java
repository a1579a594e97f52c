package org.haven.cli;

import org.haven.node.ConfigException;
import org.haven.storage.StorageException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the errors a user can fix into one clear line on stderr and an exit code, instead of a
 * stack trace. Anything else is a bug and keeps its stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed)
      throws Exception {
    if (e instanceof ConfigException || e instanceof StorageException) {
      cmd.getErr().println("haven: " + e.getMessage());
      return HavenCli.EXIT_CONFIG;
    }
    if (e instanceof NodeException) {
      cmd.getErr().println("haven: " + e.getMessage());
      return HavenCli.EXIT_NODE;
    }
    throw e;
  }
}
