package org.haven.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.haven.card.bundle.BundleException;
import org.haven.card.bundle.BundleStore;
import org.haven.card.bundle.VerifierBundle;
import org.haven.core.ledger.Genesis;
import org.haven.core.ledger.GenesisFingerprint;
import org.haven.node.ConfigException;
import org.haven.node.GenesisFile;
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
        "Prepare a checkpoint device while online: pin the ledger's genesis (whose member nodes"
            + " attest bundles), save your sealed officer credential (to sign checks offline) and"
            + " the full verifier bundle into DIR.",
        "The genesis is pinned by its fingerprint, which 'haven init' and 'haven demo' print: a"
            + " genesis fetched over plain HTTP is refused without one."
      })
  static final class Export implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Mixin DeviceOption device;

    @Option(
        names = "--genesis",
        paramLabel = "FILE",
        description =
            "The ledger's genesis.json from a trusted source (default: the one the device already"
                + " pinned, else the one the node serves).")
    Path genesis;

    @Option(
        names = "--genesis-fingerprint",
        paramLabel = "FINGERPRINT",
        defaultValue = "${env:HAVEN_GENESIS_FINGERPRINT}",
        description =
            "The fingerprint of the genesis to trust, as 'haven init' and 'haven demo' print it"
                + " (default: $HAVEN_GENESIS_FINGERPRINT). Required to fetch the genesis over"
                + " plain HTTP.")
    String fingerprint;

    @Override
    public Integer call() throws InterruptedException, IOException {
      NodeClient client = node.client();
      BorderDevice border = new BorderDevice(device.dir);
      OwnerOnlyFiles.createDirectories(device.dir);
      Genesis pinned = pin(client, border);
      border.saveCredential(
          client.download(NodeClient.Route.of("session", "credential"), "Content-Type").body());
      byte[] file = client.download(NodeClient.Route.of("bundle"), "Haven-Bundle").body();
      VerifierBundle bundle = keep(() -> border.bundles().replace(file));
      node.out()
          .printf(
              "Device ready in %s: bundle version %d (%d bytes), made %s, attested by a quorum of"
                  + " members of the genesis %s.%n",
              device.dir,
              bundle.version(),
              file.length,
              bundle.createdAt(),
              GenesisFingerprint.of(pinned));
      return 0;
    }

    private Optional<GenesisFingerprint> expectedFingerprint() {
      if (fingerprint == null || fingerprint.isBlank()) {
        return Optional.empty();
      }
      try {
        return Optional.of(GenesisFingerprint.parse(fingerprint));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--genesis-fingerprint: " + e.getMessage() + ".");
      }
    }

    /**
     * Pins the genesis: from {@code --genesis}, else the one the device pinned before, else the
     * node's, which must match the fingerprint given (required over plain HTTP).
     */
    private Genesis pin(NodeClient client, BorderDevice border)
        throws InterruptedException, IOException {
      Optional<GenesisFingerprint> expected = expectedFingerprint();
      byte[] bytes;
      String source;
      if (genesis != null) {
        bytes = Files.readAllBytes(genesis);
        source = genesis.toString();
      } else if (Files.exists(border.genesisFile())) {
        bytes = Files.readAllBytes(border.genesisFile());
        source = "the genesis this device pinned before";
      } else {
        if (expected.isEmpty() && "http".equalsIgnoreCase(client.node().getScheme())) {
          throw new ConfigException(
              "Refusing to trust a genesis fetched over plain HTTP from "
                  + client.node()
                  + ": anyone on the way could replace it. Pass --genesis-fingerprint (printed by"
                  + " 'haven init' and 'haven demo') or --genesis FILE from a trusted source.");
        }
        bytes = client.download(NodeClient.Route.of("genesis"), "Content-Type").body();
        source = "the genesis served by " + client.node();
      }
      Path candidate = Files.createTempFile(device.dir, "genesis-", ".json");
      try {
        Files.write(candidate, bytes);
        Genesis read = GenesisFile.read(candidate);
        if (expected.isPresent() && !expected.get().pins(read)) {
          throw new ConfigException(
              "The fingerprint of "
                  + source
                  + " is "
                  + GenesisFingerprint.of(read)
                  + ", not the "
                  + expected.get()
                  + " given: it is another ledger's genesis, or it was replaced. Nothing was"
                  + " saved.");
        }
        Files.move(candidate, border.genesisFile(), StandardCopyOption.REPLACE_EXISTING);
        return read;
      } finally {
        Files.deleteIfExists(candidate);
      }
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
