package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.haven.node.AdminSocket;
import org.haven.node.ConfigException;
import org.haven.node.MasterKeyFiles;
import org.haven.node.NodeConfig;
import org.haven.vault.MasterKey;
import org.haven.vault.VaultException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Administration of a node's vault. */
@Command(
    name = "vault",
    mixinStandardHelpOptions = true,
    description = "Administer a node's vault.",
    subcommands = {VaultCommand.RotateMasterKey.class})
final class VaultCommand {
  /** Re-wraps every record of a running node's vault under a new master key. */
  @Command(
      name = "rotate-master-key",
      mixinStandardHelpOptions = true,
      description = {
        "Rotate the vault master key of a running node: write a new key beside the key file"
            + " (<key file>.next), re-wrap every child's data key under it, then make it the key"
            + " file and move the old key to <key file>.old.",
        "Online, crash-safe and resumable: the node goes on serving, and if it stops in the"
            + " middle it finishes the rotation when it starts again (or run this again).",
        "Backups made before the rotation open with the old key only: destroy it when you no"
            + " longer keep any of them."
      })
  static final class RotateMasterKey implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data-dir", required = true, description = "The node's data directory.")
    Path dataDir;

    @Option(names = "--no-progress", description = "Do not show progress.")
    boolean noProgress;

    @Override
    public Integer call() {
      MasterKeyFiles keys = MasterKeyFiles.of(dataDir, NodeConfig.read(dataDir), System.getenv());
      PrintWriter out = spec.commandLine().getOut();
      Path next = keys.nextKeyFile();
      if (Files.exists(next)) {
        out.println("Resuming the rotation to the new key already in " + next);
      } else {
        try {
          MasterKey.generate(new SecureRandom()).writeTo(next);
        } catch (VaultException e) {
          throw new ConfigException(e.getMessage(), e);
        }
        out.println("Wrote a new master key to " + next);
      }
      out.flush();
      ProgressBar bar =
          ProgressBar.on(spec.commandLine().getErr(), noProgress, "re-wrapping", "records");
      JsonNode answer = AdminClient.call(dataDir, AdminSocket.ROTATE_MASTER_KEY, bar::update);
      bar.finish();
      out.printf(
          "Every record of the vault is re-wrapped under master key %s, now in %s.%n"
              + "Copy that key to your offline key store now. The old key is in %s: destroy it"
              + " (shred -u) once you keep no backup made before this rotation.%n",
          answer.get("masterKeyId").asText(),
          answer.get("keyFile").asText(),
          answer.get("oldKeyFile").asText());
      return 0;
    }
  }
}
