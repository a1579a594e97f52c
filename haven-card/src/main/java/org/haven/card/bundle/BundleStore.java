package org.haven.card.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The bundle a checkpoint device keeps: the last full bundle as a quorum of member nodes attested
 * it, and the attested deltas applied since, each file kept as it came so that every byte the
 * device trusts is attested. Loading replays the deltas. A bundle or delta older than the one held
 * is refused, so nobody can roll the device back to a time before a child was reported missing.
 */
public final class BundleStore {
  static final String FULL_FILE = "bundle.cbor";
  private static final String DELTA_PREFIX = "delta-";

  private final Path directory;
  private final LedgerTrust trust;

  private BundleStore(Path directory, LedgerTrust trust) {
    this.directory = directory;
    this.trust = trust;
  }

  /**
   * Opens (or starts) a device's bundle directory; a bundle is kept only if a quorum of the member
   * nodes {@code trust} names attested its content.
   */
  public static BundleStore open(Path directory, LedgerTrust trust) throws IOException {
    Files.createDirectories(directory);
    return new BundleStore(directory, trust);
  }

  /**
   * The bundle held: the full file with every delta applied in order, or empty before the first
   * download.
   *
   * @throws BundleException if a stored file was damaged or does not apply
   */
  public Optional<VerifierBundle> current() throws BundleException, IOException {
    Path full = directory.resolve(FULL_FILE);
    if (!Files.exists(full)) {
      return Optional.empty();
    }
    VerifierBundle bundle = BundleFile.read(full, trust);
    for (Path delta : deltas()) {
      bundle = BundleDelta.apply(bundle, BundleFile.readDelta(delta, trust));
    }
    return Optional.of(bundle);
  }

  /**
   * Keeps a newly downloaded full bundle in place of what was held.
   *
   * @throws BundleException if the file is not a bundle a quorum of trusted member nodes attested,
   *     or is older than the bundle held
   */
  public VerifierBundle replace(byte[] file) throws BundleException, IOException {
    VerifierBundle bundle = BundleFile.read(file, trust);
    Optional<VerifierBundle> held = current();
    if (held.isPresent() && bundle.version() < held.get().version()) {
      throw olderThanHeld(bundle.version(), held.get().version());
    }
    write(FULL_FILE, file);
    for (Path delta : deltas()) {
      Files.delete(delta);
    }
    return bundle;
  }

  /**
   * Applies a downloaded delta to the bundle held and keeps it.
   *
   * @throws BundleException if there is no bundle yet, a quorum of trusted member nodes did not
   *     attest the delta's result, or it does not apply to the bundle held
   */
  public VerifierBundle apply(byte[] file) throws BundleException, IOException {
    BundleDelta delta = BundleFile.readDelta(file, trust);
    VerifierBundle held =
        current()
            .orElseThrow(
                () ->
                    new BundleException(
                        BundleException.Problem.WRONG_BASE,
                        "This device holds no bundle yet to apply a delta to: download the full"
                            + " bundle."));
    if (delta.toVersion() < held.version()) {
      throw olderThanHeld(delta.toVersion(), held.version());
    }
    VerifierBundle next = BundleDelta.apply(held, delta);
    write(String.format("%s%020d.cbor", DELTA_PREFIX, delta.toVersion()), file);
    return next;
  }

  private static BundleException olderThanHeld(long offered, long held) {
    return new BundleException(
        BundleException.Problem.OLDER_THAN_HELD,
        "The bundle offered is version "
            + offered
            + ", older than version "
            + held
            + " held here; a device never goes back to an older bundle.");
  }

  private List<Path> deltas() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> deltas =
          new ArrayList<>(
              files
                  .filter(file -> file.getFileName().toString().startsWith(DELTA_PREFIX))
                  .toList());
      deltas.sort(null);
      return deltas;
    }
  }

  private void write(String name, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(directory, "download-", ".tmp");
    Files.write(temp, bytes);
    Files.move(temp, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }
}
