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
      RepairCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      VaultCommand.class,
      StatusCommand.class,
      CardCommand.class,
      BundleCommand.class,
      CheckCommand.class,
      SyncCommand.class,
      NetworkCommand.class,
      ProofCommand.class,
      BenchCommand.class,
      LoginCommand.class,
      LogoutCommand.class,
      PasswordCommand.class,
      ChildCommand.class,
      ImportCommand.class,
      QueueCommand.Declarations.class,
      QueueCommand.Duplicates.class,
      QueueCommand.Alerts.class,
      OfficerCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class HavenCli {
  /** The ledger on disk failed verification. */
  static final int EXIT_LEDGER_INVALID = 1;

  /**
   * A configuration, key, genesis, proof, session or input file is missing or wrong, or something
   * the command needs locally is: a password, a confirmation.
   */
  static final int EXIT_CONFIG = 2;

  /** The node refused the request, or could not be reached. */
  static final int EXIT_NODE = 3;

  /** The log's format: {@code text} (the default) or {@code json}; see {@link LogSetup}. */
  static final String LOG_FORMAT_VARIABLE = "HAVEN_LOG_FORMAT";

  public static void main(String[] args) {
    String logFormat = System.getenv(LOG_FORMAT_VARIABLE);
    if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
      System.err.println(
          "haven: "
              + LOG_FORMAT_VARIABLE
              + " is '"
              + logFormat
              + "'; set it to 'text' (the default) or 'json', or unset it.");
      System.exit(EXIT_CONFIG);
    }
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; used by tests. */
  public static int run(String... args) {
    return new CommandLine(new HavenCli())
        .setExecutionExceptionHandler(new ErrorHandler())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .execute(args);
  }
}
