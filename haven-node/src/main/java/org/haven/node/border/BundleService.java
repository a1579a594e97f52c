package org.haven.node.border;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.haven.card.bundle.BundleDelta;
import org.haven.card.bundle.BundleException;
import org.haven.card.bundle.BundleFile;
import org.haven.card.bundle.TrustEntry;
import org.haven.card.bundle.VerifierBundle;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.identity.IssuerKey;
import org.haven.core.identity.OrgId;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.registry.ChildStatus;
import org.haven.core.state.LedgerState;
import org.haven.core.state.RegistryListing;
import org.haven.core.state.RegistryState;
import org.haven.node.KeyFile;
import org.haven.node.LedgerQueries;
import org.haven.node.api.ApiProblem;
import org.haven.storage.RocksLedgerStore;

/**
 * Makes the verifier bundles this node hands to border checkpoints: the ledger reduced to what an
 * offline check needs, signed with the node's key and anchored to the latest final checkpoint,
 * which a quorum of members cosigned. A bundle is made only once that checkpoint covers every
 * record on the ledger (everything but the members' cosignatures themselves). The version is the
 * final checkpoint's tree size, so versions grow with the ledger. Every bundle made is kept, so a
 * checkpoint holding an older one downloads only the change.
 */
public final class BundleService {
  /** A record not in force: its card must not pass. */
  static final Set<ChildStatus> NOT_IN_FORCE =
      EnumSet.of(
          ChildStatus.SUSPENDED,
          ChildStatus.REVOKED,
          ChildStatus.DECEASED,
          ChildStatus.ERASED,
          ChildStatus.DUPLICATE);

  private static final String SERIES_FILE = "series.salt";

  /** How long a request waits for the newest records to become final. */
  private static final Duration FINALITY_WAIT = Duration.ofSeconds(20);

  private final RocksLedgerStore store;
  private final LedgerQueries queries;
  private final OrgId organisation;
  private final Ed25519PrivateKey nodeKey;
  private final Path directory;
  private final Bytes seriesSalt;
  private final Clock clock;

  private BundleService(
      RocksLedgerStore store,
      OrgId organisation,
      Ed25519PrivateKey nodeKey,
      Path directory,
      Bytes seriesSalt,
      Clock clock) {
    this.store = store;
    this.queries = new LedgerQueries(store);
    this.organisation = organisation;
    this.nodeKey = nodeKey;
    this.directory = directory;
    this.seriesSalt = seriesSalt;
    this.clock = clock;
  }

  /** Opens the node's bundle directory, drawing the series salt on first use. */
  public static BundleService open(
      RocksLedgerStore store,
      OrgId organisation,
      Ed25519PrivateKey nodeKey,
      Path directory,
      Clock clock)
      throws IOException {
    Files.createDirectories(directory);
    Path saltFile = directory.resolve(SERIES_FILE);
    if (!Files.exists(saltFile)) {
      KeyFile.writeSecret(saltFile, VerifierBundle.newSeriesSalt(new SecureRandom()));
    }
    Bytes salt = Bytes.fromBase64(Files.readString(saltFile).strip());
    return new BundleService(store, organisation, nodeKey, directory, salt, clock);
  }

  /** The signed bundle of the ledger as it stands: built once per ledger version. */
  public synchronized byte[] latest() throws IOException {
    BlockCheckpoint anchor = finalCheckpointCoveringEveryRecord();
    Path file = fileOf(anchor.treeSize());
    if (Files.exists(file)) {
      return Files.readAllBytes(file);
    }
    byte[] signed = BundleFile.write(build(anchor), organisation, nodeKey);
    Path temp = Files.createTempFile(directory, "bundle-", ".tmp");
    Files.write(temp, signed);
    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return signed;
  }

  /**
   * The signed change from version {@code from} to the latest bundle, if this node still holds
   * version {@code from}; otherwise the client downloads the whole bundle.
   */
  public synchronized Optional<byte[]> deltaFrom(long from) throws IOException {
    byte[] latest = latest();
    Path base = fileOf(from);
    if (!Files.exists(base)) {
      return Optional.empty();
    }
    VerifierBundle to = readBack(latest);
    VerifierBundle was = readBack(Files.readAllBytes(base));
    if (was.version() > to.version()) {
      throw ApiProblem.invalidField("since", "is newer than this node's latest bundle");
    }
    return Optional.of(BundleFile.writeDelta(BundleDelta.between(was, to), organisation, nodeKey));
  }

  /** The latest bundle, as a border device would read it: what an online check is decided on. */
  public VerifierBundle current() throws IOException {
    return readBack(latest());
  }

  private VerifierBundle readBack(byte[] signed) throws IOException {
    Map<OrgId, Ed25519PublicKey> members = new HashMap<>();
    new RegistryListing(store).forEachOrganisation(org -> members.put(org.id(), org.nodeKey()));
    int quorum = LedgerState.readOnly(store).checkpointQuorum();
    try {
      return BundleFile.read(signed, members, quorum);
    } catch (BundleException e) {
      throw new IOException("A stored bundle of " + directory + " does not read back: " + e, e);
    }
  }

  private Path fileOf(long version) {
    return directory.resolve("bundle-" + version + ".cbor");
  }

  /**
   * Waits, for at most {@link #FINALITY_WAIT}, until the final checkpoint covers every record.
   *
   * @throws ApiProblem 503 if it does not in time
   */
  private BlockCheckpoint finalCheckpointCoveringEveryRecord() {
    long records = queries.sizeWithEveryRecord();
    long deadline = System.nanoTime() + FINALITY_WAIT.toNanos();
    while (true) {
      Optional<BlockCheckpoint> anchor = queries.finalCheckpointOf();
      if (anchor.isPresent() && anchor.get().treeSize() >= records) {
        return anchor.get();
      }
      if (System.nanoTime() > deadline) {
        throw ApiProblem.unavailable(
            "The newest records are not yet in a checkpoint that enough members cosigned, so no"
                + " bundle can be anchored to them; retry in a minute, and if this lasts, check"
                + " 'haven status' for divergences and unreachable members.");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for a final checkpoint", e);
      }
    }
  }

  private VerifierBundle build(BlockCheckpoint anchor) {
    SignedNote note = queries.finalCheckpoint().orElseThrow();
    VerifierBundle.Builder bundle =
        VerifierBundle.builder(seriesSalt, anchor.treeSize(), clock.instant(), note);
    RegistryListing listing = new RegistryListing(store);
    LedgerState state = LedgerState.readOnly(store);
    Set<Ed25519PublicKey> compromised = new HashSet<>();
    listing.forEachOrganisation(
        org -> {
          if (org.active()) {
            for (IssuerKey key : state.issuerKeys(org.id())) {
              bundle.issuer(trustEntry(org.id(), key));
              if (key.compromised()) {
                compromised.add(key.key());
              }
            }
          }
        });
    listing.forEachCard(
        card -> {
          if (card.revoked()) {
            bundle.revokedCard(card.hash());
          } else if (compromised.contains(card.issuerKey())) {
            bundle.recordedBeforeCompromise(card.hash());
          }
        });
    RegistryState registry = state.registry();
    listing.forEachChild(
        child -> {
          if (NOT_IN_FORCE.contains(child.status())) {
            registry
                .statusIndex(child.number())
                .ifPresent(index -> bundle.revoked(child.issuer(), index));
          }
        });
    Optional<String> after = Optional.empty();
    do {
      RegistryListing.Page<RegistryListing.OpenAlert> page =
          listing.openAlerts(after, RegistryListing.MAX_PAGE);
      page.items()
          .forEach(
              open ->
                  bundle.alert(open.child(), open.alert().priority(), open.alert().contactPoint()));
      after = page.next();
    } while (after.isPresent());
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    listing.forEachConsent(
        consent -> {
          if (consent.active() && !consent.validUntil().isBefore(today)) {
            bundle.consent(consent.id(), consent.validUntil());
          }
        });
    return bundle.build();
  }

  /**
   * A member's issuer key as the bundle trusts it. Ledger time is in milliseconds and the bundle's
   * in seconds: the interval is widened to whole seconds (start down, end up), so no key loses a
   * second it was current and none is left with an empty interval.
   */
  static TrustEntry trustEntry(OrgId org, IssuerKey key) {
    Instant from = Instant.ofEpochMilli(key.validFromMillis()).truncatedTo(ChronoUnit.SECONDS);
    Optional<Instant> until =
        key.validUntilMillis()
            .map(millis -> Instant.ofEpochMilli(millis + 999).truncatedTo(ChronoUnit.SECONDS));
    return new TrustEntry(org, key.key(), from, until, key.compromised());
  }
}
