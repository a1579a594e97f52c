package org.haven.node.border;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.haven.card.bundle.ActiveAlert;
import org.haven.card.bundle.BundleDelta;
import org.haven.card.bundle.BundleException;
import org.haven.card.bundle.BundleFile;
import org.haven.card.bundle.LedgerTrust;
import org.haven.card.bundle.TrustEntry;
import org.haven.card.bundle.VerifierBundle;
import org.haven.consensus.NodeBusyException;
import org.haven.consensus.Receipt;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.IssuerKey;
import org.haven.core.identity.OrgId;
import org.haven.core.ledger.Block;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.registry.ChildStatus;
import org.haven.core.state.BundleAttestations;
import org.haven.core.state.LedgerState;
import org.haven.core.state.RegistryListing;
import org.haven.core.state.RegistryState;
import org.haven.core.tx.AttestBundle;
import org.haven.core.tx.CosignCheckpoint;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.node.LedgerQueries;
import org.haven.node.api.ApiProblem;
import org.haven.storage.RocksLedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the verifier bundles this node hands to border checkpoints, and attests other members'
 * bundles: the ledger reduced to what an offline check needs, whose content a quorum of members
 * attested (see {@link AttestBundle}), anchored to the latest final checkpoint.
 *
 * <p>A bundle's content is a function of the ledger alone: the series salt comes from the chain id,
 * the version is the ledger's size up to its newest record (cosignatures and attestations aside),
 * and the time is the proposer's, which the others accept within {@link #CLOCK_SKEW}. So every
 * member whose replica holds the same records builds the same bytes. This node attests a bundle it
 * builds, and, when another member's attestation is applied, builds its own at that version and
 * time and attests the same digest only if it is equal. A bundle is served only once a quorum
 * attested it and the final checkpoint covers its version. Every bundle served is kept, so a
 * checkpoint holding an older one downloads only the change.
 */
public final class BundleService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BundleService.class);

  /** A record not in force: its card must not pass. */
  static final Set<ChildStatus> NOT_IN_FORCE =
      EnumSet.of(
          ChildStatus.SUSPENDED,
          ChildStatus.REVOKED,
          ChildStatus.DECEASED,
          ChildStatus.ERASED,
          ChildStatus.DUPLICATE);

  /**
   * The newest bundle this node handed out since it started, for the metrics.
   *
   * @param version its version
   * @param createdAt the time it carries
   */
  public record Served(long version, Instant createdAt) {}

  /** How far another member's bundle time may be from this node's clock for it to attest. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** How long a request waits for the newest records to become final and attested. */
  private static final Duration FINALITY_WAIT = Duration.ofSeconds(20);

  private static final byte[] SERIES_DOMAIN =
      "haven-verifier-bundle-series\n".getBytes(StandardCharsets.US_ASCII);

  private final RocksLedgerStore store;
  private final LedgerQueries queries;
  private final OrgId organisation;
  private final Ed25519PrivateKey nodeKey;
  private final Hash chainId;
  private final Path directory;
  private final Bytes seriesSalt;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService attester =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "bundle-attester");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Function<Bytes, CompletableFuture<Receipt>> submit;
  private volatile Supplier<Optional<String>> held = Optional::empty;

  /**
   * The newest version this node attested since it started. It joins no round at that version or
   * below, so a member that floods the ledger with attestations of old versions cannot make it
   * rebuild its bundle for each.
   */
  private final AtomicLong newestAttested = new AtomicLong(-1);

  private volatile Optional<Served> served = Optional.empty();

  private BundleService(
      RocksLedgerStore store,
      OrgId organisation,
      Ed25519PrivateKey nodeKey,
      Hash chainId,
      Path directory,
      Clock clock) {
    this.store = store;
    this.queries = new LedgerQueries(store);
    this.organisation = organisation;
    this.nodeKey = nodeKey;
    this.chainId = chainId;
    this.directory = directory;
    this.seriesSalt = Bytes.of(Hash.sha256(SERIES_DOMAIN, chainId.toArray()).toArray());
    this.clock = clock;
  }

  /**
   * Opens the node's bundle directory. It attests nothing until {@link #start}ed.
   *
   * @param chainId the ledger's chain id, from which the series salt is drawn
   */
  public static BundleService open(
      RocksLedgerStore store,
      OrgId organisation,
      Ed25519PrivateKey nodeKey,
      Hash chainId,
      Path directory,
      Clock clock)
      throws IOException {
    Files.createDirectories(directory);
    return new BundleService(store, organisation, nodeKey, chainId, directory, clock);
  }

  /**
   * Starts attesting.
   *
   * @param submit submits an encoded transaction to the ledger
   * @param held why this member must not vouch for the ledger now (a member admitted after genesis
   *     that has not verified the ledger it received), or empty; the witness's own answer, so that
   *     a member attests bundles exactly when it cosigns checkpoints
   */
  public void start(
      Function<Bytes, CompletableFuture<Receipt>> submit, Supplier<Optional<String>> held) {
    this.held = held;
    this.submit = submit;
  }

  /**
   * Joins the attestation of each other member's bundle in {@code block}, on a worker thread: this
   * node builds its own bundle at that version and time and attests it if the digest is the same.
   */
  public void onBlock(Block block) {
    if (submit == null) {
      return;
    }
    for (Transaction tx : block.transactions()) {
      if (tx.payload() instanceof AttestBundle attestation) {
        OrgId proposer = CosignCheckpoint.memberOf(tx.body());
        if (!proposer.equals(organisation)) {
          attester.execute(() -> join(proposer, attestation));
        }
      }
    }
  }

  /** The attested bundle of the ledger as it stands: built and attested once per version. */
  public synchronized byte[] latest() throws IOException {
    long deadline = System.nanoTime() + FINALITY_WAIT.toNanos();
    long version = queries.sizeWithEveryRecord();
    Path file = fileOf(version);
    if (Files.exists(file)) {
      byte[] kept = Files.readAllBytes(file);
      if (served.map(newest -> newest.version() != version).orElse(true)) {
        served = Optional.of(new Served(version, readBack(kept).createdAt()));
      }
      return kept;
    }
    awaitFinalCheckpoint(version, deadline);
    SignedNote note = queries.finalCheckpoint().orElseThrow();
    VerifierBundle bundle = ownAttestation(version, note);
    List<BundleAttestations.Signed> attestations = awaitQuorum(bundle, deadline);
    byte[] signed = BundleFile.write(bundle, attestations);
    Path temp = Files.createTempFile(directory, "bundle-", ".tmp");
    Files.write(temp, signed);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    served = Optional.of(new Served(version, bundle.createdAt()));
    return signed;
  }

  /**
   * The attested change from version {@code from} to the latest bundle, if this node still holds
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
    return Optional.of(
        BundleFile.writeDelta(
            BundleDelta.between(was, to),
            queries.bundleAttestations().signatures(to.version(), to.contentDigest())));
  }

  /** The newest bundle this node handed out since it started, if it handed out any. */
  public Optional<Served> newestServed() {
    return served;
  }

  /** The latest bundle, as a border device would read it: what an online check is decided on. */
  public VerifierBundle current() throws IOException {
    return readBack(latest());
  }

  @Override
  public void close() {
    attester.shutdownNow();
    try {
      // A bundle being built reads the store, which the node closes next.
      attester.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * This node's bundle at {@code version}, attested: the one it attested before if it did (its
   * digest must not change), else built now, joining another member's time at that version if one
   * attested first so that all attest the same bytes.
   */
  private VerifierBundle ownAttestation(long version, SignedNote note) {
    LedgerState state = LedgerState.readOnly(store);
    BundleAttestations attestations = state.bundleAttestations();
    Optional<BundleAttestations.Attested> mine = attestations.attestedBy(organisation, version);
    if (mine.isPresent()) {
      return buildStable(version, Instant.ofEpochSecond(mine.get().createdAtSeconds()), note)
          .filter(bundle -> bundle.contentDigest().equals(mine.get().digest()))
          .orElseThrow(BundleService::notYetAttested);
    }
    Instant now = clock.instant();
    Optional<Instant> joined =
        state.memberNodes().keySet().stream()
            .map(member -> attestations.attestedBy(member, version))
            .flatMap(Optional::stream)
            .map(other -> Instant.ofEpochSecond(other.createdAtSeconds()))
            .filter(at -> withinSkew(at, now))
            .findFirst();
    VerifierBundle bundle =
        buildStable(version, joined.orElse(now), note).orElseThrow(BundleService::notYetAttested);
    attest(bundle);
    return bundle;
  }

  /**
   * Waits, until {@code deadline}, for a quorum of members to attest {@code bundle}'s content.
   *
   * @throws ApiProblem 503 if they do not in time
   */
  private List<BundleAttestations.Signed> awaitQuorum(VerifierBundle bundle, long deadline) {
    while (true) {
      LedgerState state = LedgerState.readOnly(store);
      List<BundleAttestations.Signed> attestations =
          state.bundleAttestations().signatures(bundle.version(), bundle.contentDigest());
      if (attestations.size() >= state.checkpointQuorum()) {
        return attestations;
      }
      if (System.nanoTime() > deadline) {
        throw notYetAttested();
      }
      pause();
    }
  }

  private void join(OrgId proposer, AttestBundle attestation) {
    long version = attestation.version();
    if (version <= newestAttested.get()
        || queries.bundleAttestations().attestedBy(organisation, version).isPresent()) {
      return;
    }
    Instant at = Instant.ofEpochSecond(attestation.createdAtSeconds());
    if (!withinSkew(at, clock.instant())) {
      LOG.warn(
          "Not attesting the bundle {} attested at version {}: made at {}, more than {} from this"
              + " node's clock",
          proposer,
          version,
          at,
          CLOCK_SKEW);
      return;
    }
    Optional<SignedNote> note = queries.finalCheckpoint();
    long records = queries.sizeWithEveryRecord();
    if (note.isEmpty() || records < version) {
      LOG.info(
          "Not attesting the bundle {} attested at version {}: this node's ledger holds {} records",
          proposer,
          version,
          records);
      return;
    }
    Optional<VerifierBundle> own = buildStable(version, at, note.get());
    if (own.isEmpty()) {
      return;
    }
    if (!own.get().contentDigest().equals(attestation.digest())) {
      if (records == version) {
        LOG.error(
            "Refusing to attest the bundle {} attested at version {}: its digest {} is not this"
                + " node's {}; its content is not the ledger's",
            proposer,
            version,
            attestation.digest().toHex(),
            own.get().contentDigest().toHex());
      } else {
        LOG.info(
            "Not attesting the bundle {} attested at version {}: the ledger has moved on",
            proposer,
            version);
      }
      return;
    }
    attest(own.get());
  }

  private void attest(VerifierBundle bundle) {
    Optional<String> holding = held.get();
    if (holding.isPresent()) {
      LOG.info("Not attesting the bundle at version {}: {}", bundle.version(), holding.get());
      return;
    }
    Transaction tx =
        AttestBundle.transaction(
            organisation,
            nodeKey,
            LedgerState.readOnly(store).checkpointOrigin(),
            bundle.version(),
            bundle.createdAt().getEpochSecond(),
            bundle.contentDigest(),
            chainId,
            clock.millis(),
            Bytes.of(nonce()));
    newestAttested.accumulateAndGet(bundle.version(), Math::max);
    LOG.info("Attesting the bundle at version {}", bundle.version());
    submit
        .apply(tx.encoded())
        .whenComplete(
            (receipt, failure) -> {
              if (NodeBusyException.isShutdown(failure)) {
                LOG.info("The bundle attestation was dropped: the node is stopping");
              } else if (failure != null) {
                LOG.warn("The bundle attestation was not submitted: {}", failure.toString());
              } else if (!receipt.result().accepted()) {
                LOG.info(
                    "The ledger did not take the bundle attestation: {}",
                    receipt.result().validation());
              }
            });
  }

  private byte[] nonce() {
    byte[] nonce = new byte[TxBody.NONCE_SIZE];
    random.nextBytes(nonce);
    return nonce;
  }

  /**
   * The bundle of this node's state, labelled {@code version}, or empty if the state holds fewer
   * records than that, or a record was added while it was built. The state may hold later records:
   * the bundle is then the ledger's content at a later size, which a member may still attest under
   * the earlier version when it is byte for byte the proposer's, so attesting keeps up under load.
   */
  private Optional<VerifierBundle> buildStable(long version, Instant createdAt, SignedNote note) {
    long before = queries.sizeWithEveryRecord();
    if (before < version) {
      return Optional.empty();
    }
    VerifierBundle bundle = build(version, createdAt, note);
    return queries.sizeWithEveryRecord() == before ? Optional.of(bundle) : Optional.empty();
  }

  private static boolean withinSkew(Instant at, Instant now) {
    return Duration.between(at, now).abs().compareTo(CLOCK_SKEW) <= 0;
  }

  private static ApiProblem notYetAttested() {
    return ApiProblem.unavailable(
        "The newest records are not yet in a bundle that enough members attested and a checkpoint"
            + " that enough members cosigned; retry in a minute, and if this lasts, check 'haven"
            + " status' for divergences and unreachable members.");
  }

  private VerifierBundle readBack(byte[] signed) throws IOException {
    Map<OrgId, Ed25519PublicKey> members = new HashMap<>();
    new RegistryListing(store).forEachOrganisation(org -> members.put(org.id(), org.nodeKey()));
    LedgerState state = LedgerState.readOnly(store);
    try {
      return BundleFile.read(
          signed, new LedgerTrust(state.checkpointOrigin(), members, state.checkpointQuorum()));
    } catch (BundleException e) {
      throw new IOException("A stored bundle of " + directory + " does not read back: " + e, e);
    }
  }

  private Path fileOf(long version) {
    return directory.resolve("bundle-" + version + ".cbor");
  }

  /**
   * Waits, until {@code deadline}, for the final checkpoint to cover {@code version}.
   *
   * @throws ApiProblem 503 if it does not in time
   */
  private void awaitFinalCheckpoint(long version, long deadline) {
    while (queries.finalCheckpointOf().map(BlockCheckpoint::treeSize).orElse(0L) < version) {
      if (System.nanoTime() > deadline) {
        throw notYetAttested();
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the bundle's quorum", e);
    }
  }

  private VerifierBundle build(long version, Instant createdAt, SignedNote note) {
    VerifierBundle.Builder bundle = VerifierBundle.builder(seriesSalt, version, createdAt, note);
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
                  bundle.alert(
                      open.child(),
                      new ActiveAlert(
                          open.alert().priority(),
                          open.alert().contactPoint(),
                          open.alert().photoHash())));
      after = page.next();
    } while (after.isPresent());
    LocalDate today = LocalDate.ofInstant(createdAt, ZoneOffset.UTC);
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
