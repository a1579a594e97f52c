package org.haven.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code haven} command line. */
@Command(
    name = "haven",
    mixinStandardHelpOptions = true,
    version = "haven 0.1.0",
    description =
        "Haven: a permissioned ledger that gives every child a safe, verifiable identity.",
    subcommands = {
      InitCommand.class,
      NodeCommand.class,
      DemoCommand.class,
      VerifyCommand.class,
      ProofCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class HavenCli {
  /** The ledger on disk failed verification. */
  static final int EXIT_LEDGER_INVALID = 1;

  /** A configuration, key, genesis or proof file is missing or wrong. */
  static final int EXIT_CONFIG = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; used by tests. */
  public static int run(String... args) {
    return new CommandLine(new HavenCli())
        .setExecutionExceptionHandler(new ErrorHandler())
        .execute(args);
  }
}
