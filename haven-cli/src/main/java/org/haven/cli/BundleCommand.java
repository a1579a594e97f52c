package org.haven.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.haven.card.bundle.BundleException;
import org.haven.card.bundle.BundleStore;
import org.haven.card.bundle.VerifierBundle;
import org.haven.node.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The verifier bundle a border checkpoint keeps for offline checks. */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    description = "Download the verifier bundle a checkpoint uses for offline border checks.",
    subcommands = {BundleCommand.Export.class, BundleCommand.Update.class})
final class BundleCommand {
  private BundleCommand() {}

  /** Options shared by the bundle commands. */
  static final class DeviceOption {
    @Option(
        names = {"--dir", "--bundle"},
        required = true,
        paramLabel = "DIR",
        description = "The checkpoint device's directory (bundle, credential, queue).")
    Path dir;
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Prepare a checkpoint device while online: save the ledger's genesis (whose member nodes"
            + " sign bundles), your sealed officer credential (to sign checks offline) and the"
            + " full verifier bundle into DIR."
      })
  static final class Export implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Mixin DeviceOption device;

    @Option(
        names = "--genesis",
        paramLabel = "FILE",
        description =
            "The ledger's genesis.json from a trusted source (default: the one the node serves).")
    Path genesis;

    @Override
    public Integer call() throws InterruptedException, IOException {
      NodeClient client = node.client();
      BorderDevice border = new BorderDevice(device.dir);
      OwnerOnlyFiles.createDirectories(device.dir);
      byte[] genesisBytes =
          genesis != null
              ? Files.readAllBytes(genesis)
              : client.download(NodeClient.Route.of("genesis"), "Content-Type").body();
      Files.write(border.genesisFile(), genesisBytes);
      border.saveCredential(
          client.download(NodeClient.Route.of("session", "credential"), "Content-Type").body());
      byte[] file = client.download(NodeClient.Route.of("bundle"), "Haven-Bundle").body();
      VerifierBundle bundle = keep(() -> border.bundles().replace(file));
      node.out()
          .printf(
              "Device ready in %s: bundle version %d (%d bytes), made %s.%n",
              device.dir, bundle.version(), file.length, bundle.createdAt());
      return 0;
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description =
          "Bring a device's bundle up to date, downloading only what changed when the node still"
              + " has the device's version.")
  static final class Update implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Mixin DeviceOption device;

    @Override
    public Integer call() throws InterruptedException, IOException {
      BorderDevice border = new BorderDevice(device.dir);
      BundleStore store = border.bundles();
      Optional<VerifierBundle> held = keep(store::current);
      NodeClient.Route route =
          held.map(b -> NodeClient.Route.of("bundle").query("since", b.version()))
              .orElse(NodeClient.Route.of("bundle"));
      NodeClient.Download download = node.client().download(route, "Haven-Bundle");
      boolean delta = download.header().filter("delta"::equals).isPresent();
      VerifierBundle bundle =
          keep(() -> delta ? store.apply(download.body()) : store.replace(download.body()));
      node.out()
          .printf(
              "Bundle version %d (%s of %d bytes), made %s.%n",
              bundle.version(),
              delta ? "a change" : "a full download",
              download.body().length,
              bundle.createdAt());
      return 0;
    }
  }

  /** A bundle step whose refusal is the user's to fix, not a fault. */
  interface BundleStep<T> {
    T run() throws BundleException, IOException;
  }

  static <T> T keep(BundleStep<T> step) throws IOException {
    try {
      return step.run();
    } catch (BundleException e) {
      throw new ConfigException("The bundle was not kept: " + e.getMessage());
    }
  }
}
