package org.haven.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.haven.consensus.BlockProposer;
import org.haven.consensus.CheckpointWitness;
import org.haven.consensus.GroupMembership;
import org.haven.consensus.LedgerStateMachine;
import org.haven.consensus.MemberTls;
import org.haven.consensus.RaftNode;
import org.haven.consensus.Receipt;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteSigner;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.ledger.Block;
import org.haven.core.ledger.BlockExecutor;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.ledger.Genesis;
import org.haven.core.registry.identity.LinkageKey;
import org.haven.core.state.LedgerState;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.Validation;
import org.haven.node.auth.Argon2Params;
import org.haven.node.auth.Authenticator;
import org.haven.node.auth.CredentialStore;
import org.haven.node.auth.LoginThrottle;
import org.haven.node.auth.Sessions;
import org.haven.node.border.BundleService;
import org.haven.node.border.CardService;
import org.haven.node.registry.LedgerGateway;
import org.haven.node.registry.LedgerWriter;
import org.haven.node.registry.RegistryService;
import org.haven.node.report.ExpectedBirths;
import org.haven.node.web.WebApp;
import org.haven.storage.RocksLedgerStore;
import org.haven.storage.StorageException;
import org.haven.vault.MasterKey;
import org.haven.vault.Vault;
import org.haven.vault.VaultException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Haven node: its RocksDB ledger, its Raft server and block proposer, and its HTTP
 * endpoint. Built from a data directory made by {@code haven init}.
 */
public final class HavenNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HavenNode.class);

  /**
   * How long a stop waits for requests whose transactions were already proposed: their blocks apply
   * in milliseconds unless consensus is stuck, and a stop must end within 10 s.
   */
  private static final Duration REQUESTS_DRAIN = Duration.ofSeconds(3);

  /** How long a stop waits for Raft to close; see {@link #closeRaft}. */
  private static final Duration RAFT_CLOSE = Duration.ofSeconds(4);

  public static final String GENESIS_FILE = "genesis.json";
  public static final String NODE_KEY_FILE = "keys/node.key";
  public static final String ISSUER_KEY_FILE = "keys/issuer.key";
  public static final String TLS_KEY_FILE = "keys/tls.key";
  public static final String TLS_CERTIFICATE_FILE = "keys/tls.crt";
  public static final String LEDGER_DIR = "ledger";
  public static final String RAFT_DIR = "raft";
  public static final String LINKAGE_KEY_FILE = "keys/linkage.key";
  public static final String VAULT_DIR = "vault";
  public static final String CREDENTIALS_DIR = "credentials";
  public static final String SESSIONS_DIR = "sessions";
  public static final String BUNDLES_DIR = "bundles";
  public static final String LAST_COSIGNED_FILE = "witness/last-cosigned.note";

  /**
   * Written by {@code haven repair} beside the ledger it set aside: until the ledger received from
   * the others is verified, this member neither cosigns nor serves ledger data.
   */
  public static final String REPAIR_FILE = "repair/pending";

  /**
   * Written by {@code haven restore}: at its next start the node applies every erasure on its
   * ledger to its vault again (see {@link ErasureSync}), then deletes the file.
   */
  public static final String RESTORED_FILE = "restore/erasures-pending";

  /**
   * Where the node copies its databases for {@code haven backup}, which archives them and deletes
   * the directory. The next backup, or the next start, deletes what a failed one left: hard links
   * to files that may hold data erased since.
   */
  public static final String BACKUP_STAGING_DIR = "backup-staging";

  private static final int QUEUE_CAPACITY = 100_000;
  private static final String CORRUPT_FILES = "its files are corrupt: ";

  /** A node that applied a block this recently is busy: the scrub waits. */
  private static final long BUSY_MILLIS = 1_000;

  private final RocksLedgerStore store;
  private final Vault vault;
  private final RaftNode raft;
  private final BlockProposer proposer;
  private final Submitter submitter;
  private final CheckpointWitness witness;
  private final GroupMembership membership;
  private final Optional<JoinVerification> joining;
  private final RegistryService registry;
  private final BundleService bundles;
  private final NodeApi api;
  private final LedgerScrub scrub;
  private final NodeHealth health;
  private final LedgerStateMachine machine;
  private final NodeMetrics metrics;
  private final ErasureSync erasures;
  private final AdminSocket admin;

  private HavenNode(
      RocksLedgerStore store,
      Vault vault,
      LedgerStateMachine machine,
      RaftNode raft,
      BlockProposer proposer,
      Submitter submitter,
      CheckpointWitness witness,
      GroupMembership membership,
      Optional<JoinVerification> joining,
      RegistryService registry,
      BundleService bundles,
      NodeApi api,
      LedgerScrub scrub,
      NodeHealth health,
      ErasureSync erasures,
      AdminSocket admin,
      NodeMetrics metrics) {
    this.store = store;
    this.vault = vault;
    this.machine = machine;
    this.raft = raft;
    this.proposer = proposer;
    this.submitter = submitter;
    this.witness = witness;
    this.membership = membership;
    this.joining = joining;
    this.registry = registry;
    this.bundles = bundles;
    this.api = api;
    this.scrub = scrub;
    this.health = health;
    this.metrics = metrics;
    this.erasures = erasures;
    this.admin = admin;
  }

  /**
   * Opens the data directory and starts the node.
   *
   * @throws ConfigException if the configuration, keys or genesis are missing or do not match the
   *     ledger on disk
   * @throws IOException if a port cannot be bound
   */
  public static HavenNode start(Path dataDir) throws IOException {
    NodeConfig config = NodeConfig.read(dataDir);
    HttpEndpoint endpoint = HttpEndpoint.of(dataDir, config, Instant.now());
    Genesis genesis = GenesisFile.read(dataDir.resolve(GENESIS_FILE));
    Ed25519PrivateKey nodeKey = KeyFile.read(dataDir.resolve(NODE_KEY_FILE));
    NoteSigner noteSigner = new NoteSigner(config.org(), nodeKey);
    Function<Checkpoint, String> signer = checkpoint -> noteSigner.sign(checkpoint.body()).format();
    MetricsAccess metricsAccess = MetricsAccess.read(dataDir, config.behindTlsProxy());
    RocksLedgerStore store = openLedger(dataDir.resolve(LEDGER_DIR));
    Vault vault = null;
    CheckpointWitness witness = null;
    NodeMetrics metrics = new NodeMetrics();
    AdminSocket adminSocket = null;
    try {
      ensureGenesis(store, genesis, signer);
      MasterKeyFiles masterKeys = MasterKeyFiles.of(dataDir, config, System.getenv());
      // Open before Raft starts: blocks applied from then on may carry erasures for the vault.
      vault = Vault.open(dataDir.resolve(VAULT_DIR), masterKeys.candidates());
      ErasureSync erasures =
          new ErasureSync(
              new OrgId(config.org()),
              vault,
              masterKeys.keyFileIfAny().map(ErasureJournal::besideKeyFile),
              store,
              store);
      boolean founder =
          genesis.members().stream().anyMatch(member -> member.id().value().equals(config.org()));
      // A member admitted after genesis holds only the genesis block it wrote itself (signed by a
      // key genesis does not know) until the leader sends it the ledger: nothing to check yet.
      if (founder || store.head().map(BlockHeader::height).orElse(0L) > 0) {
        checkAtStart(store, genesis, dataDir.resolve(LEDGER_DIR));
      }
      Hash chainId = genesis.hash();
      DecodedTransactions decoded = new DecodedTransactions(2 * QUEUE_CAPACITY);
      AppliedHeight applied = new AppliedHeight(store.head().map(BlockHeader::height).orElse(0L));
      witness =
          CheckpointWitness.open(
              store,
              new OrgId(config.org()),
              nodeKey,
              chainId,
              dataDir.resolve(LAST_COSIGNED_FILE),
              config.checkpointIntervalMillis(),
              Clock.systemUTC());
      CheckpointWitness cosigner = witness;
      LedgerDamage damage = new LedgerDamage(cosigner::stopForDamage);
      Path repairFile = dataDir.resolve(REPAIR_FILE);
      boolean repairing = Files.exists(repairFile);
      Optional<JoinVerification> joining =
          !repairing && (founder || Files.exists(dataDir.resolve(LAST_COSIGNED_FILE)))
              ? Optional.empty()
              : Optional.of(
                  new JoinVerification(
                      store,
                      new LedgerVerifier(store, genesis),
                      new OrgId(config.org()),
                      witness,
                      repairing ? JoinVerification.REBUILDING : JoinVerification.WAITING,
                      () -> repaired(repairFile)));
      AtomicLong lastBlockMillis = new AtomicLong();
      AtomicReference<GroupMembership> membership = new AtomicReference<>();
      AtomicReference<BundleService> attester = new AtomicReference<>();
      LedgerHead ledgerHead = new LedgerHead(new LedgerQueries(store));
      LedgerStateMachine machine =
          new LedgerStateMachine(
              store,
              new BlockExecutor(chainId, decoded),
              genesis.origin(),
              signer,
              new LedgerStateMachine.Listener() {
                @Override
                public void onBlock(Block block) {
                  lastBlockMillis.set(System.currentTimeMillis());
                  logBlock(block);
                  ledgerHead.refresh();
                  applied.advance(block.header().height());
                  cosigner.onBlock(block);
                  erasures.onBlock(block);
                  Optional.ofNullable(membership.get()).ifPresent(group -> group.onBlock(block));
                  Optional.ofNullable(attester.get()).ifPresent(bundles -> bundles.onBlock(block));
                  joining.ifPresent(JoinVerification::ledgerMoved);
                }

                @Override
                public void onRejected(Bytes transaction, Validation.Rejected rejection) {
                  cosigner.onRejected(transaction, rejection);
                }

                @Override
                public void onSnapshotRefused(String reason) {
                  cosigner.hold(reason);
                }

                @Override
                public void onFault(String problem) {
                  damage.report("consensus", problem);
                }
              },
              head -> {
                erasures.reapplyAllLater();
                ledgerHead.refresh();
                lastBlockMillis.set(System.currentTimeMillis());
                applied.advance(head.height());
                joining.ifPresent(JoinVerification::ledgerMoved);
              },
              received -> new LedgerVerifier(received, genesis).verifyReceived());
      Files.createDirectories(dataDir.resolve(RAFT_DIR));
      Optional<MemberTls> tls =
          memberTls(dataDir, config, genesis, currentMembers(dataDir, config, store));
      RaftNode raft =
          RaftNode.start(
              config.nodeId(),
              config.peers(),
              chainId,
              dataDir.resolve(RAFT_DIR),
              machine,
              config.raftTimeouts(),
              config.raftLogRetention(),
              tls,
              !founder);
      membership.set(GroupMembership.start(raft, store));
      BlockProposer proposer =
          new BlockProposer(
              raft::replicate,
              config.maxBlockTransactions(),
              config.maxBlockDelayMillis(),
              QUEUE_CAPACITY,
              System::currentTimeMillis);
      Submitter submitter = new Submitter(chainId, store, proposer, decoded, applied, metrics);
      witness.start(submitter::submit);
      NodeAdmin nodeAdmin = new NodeAdmin(dataDir, store, vault, masterKeys);
      nodeAdmin.deleteBackupLeftovers();
      applyLedgerErasures(dataDir.resolve(RESTORED_FILE), erasures);
      SecureRandom random = new SecureRandom();
      LedgerWriter writer =
          new LedgerWriter(
              chainId,
              new LedgerGateway() {
                @Override
                public Validation check(Transaction tx) {
                  return submitter.check(tx);
                }

                @Override
                public CompletableFuture<Receipt> submit(Transaction tx) {
                  return submitter.submit(tx.encoded());
                }
              },
              random,
              Clock.systemUTC());
      RegistryService registry =
          new RegistryService(
              new OrgId(config.org()),
              KeyFile.readLinkageKey(dataDir.resolve(LINKAGE_KEY_FILE)),
              vault,
              store,
              store,
              store::rawTransaction,
              writer,
              random);
      CredentialStore credentials = CredentialStore.open(dataDir.resolve(CREDENTIALS_DIR));
      Sessions sessions = Sessions.open(dataDir.resolve(SESSIONS_DIR), Clock.systemUTC(), random);
      OfficerAccess officers =
          new OfficerAccess(
              new Authenticator(
                  credentials,
                  sessions,
                  new LoginThrottle(Clock.systemUTC()),
                  Argon2Params.DEFAULT,
                  random),
              sessions,
              credentials,
              store,
              store,
              writer,
              random,
              metrics);
      OrgId organisation = new OrgId(config.org());
      CardService cards =
          new CardService(
              registry,
              store,
              organisation,
              KeyFile.read(dataDir.resolve(ISSUER_KEY_FILE)),
              random,
              Clock.systemUTC());
      BundleService bundles =
          BundleService.open(
              store,
              organisation,
              nodeKey,
              chainId,
              dataDir.resolve(BUNDLES_DIR),
              Clock.systemUTC());
      bundles.start(submitter::submit, witness::held);
      attester.set(bundles);
      LedgerScrub scrub =
          new LedgerScrub(
              store,
              new LedgerVerifier(store, genesis),
              () -> System.currentTimeMillis() - lastBlockMillis.get() < BUSY_MILLIS,
              problem -> damage.report("the scrub", problem),
              System::currentTimeMillis);
      NodeHealth health =
          new NodeHealth(
              new NodeHealth.Sources() {
                @Override
                public RaftNode.Status raft() throws IOException {
                  return raft.status();
                }

                @Override
                public Optional<String> damage() {
                  return damage.problem();
                }

                @Override
                public Optional<String> notCosigning() {
                  return cosigner.held();
                }
              },
              config.raftTimeouts().electionMax(),
              System::currentTimeMillis);
      NodeApi api =
          new NodeApi(
              submitter::submitAll,
              new LedgerQueries(store),
              ledgerHead,
              raft,
              machine::snapshotStatus,
              witness,
              officers,
              registry,
              cards,
              bundles,
              new WebApp(dataDir),
              store,
              writer,
              random,
              Files.readAllBytes(dataDir.resolve(GENESIS_FILE)),
              new HealthRoutes(
                  health,
                  damage,
                  scrub::progress,
                  () ->
                      repairing && !joining.get().verified()
                          ? Optional.of(JoinVerification.REBUILDING)
                          : Optional.empty()),
              endpoint,
              new RequestTelemetry(metrics, metricsAccess),
              ExpectedBirths.open(dataDir));
      CheckpointWitness watched = witness;
      metrics.watch(
          new NodeMetrics.Sources() {
            @Override
            public LedgerHead.Facts ledger() {
              return ledgerHead.facts();
            }

            @Override
            public RaftNode.Status raft() throws IOException {
              return raft.status();
            }

            @Override
            public int divergences() {
              return watched.divergences().size();
            }

            @Override
            public boolean ready() {
              return health.health().ready();
            }

            @Override
            public Optional<BundleService.Served> bundle() {
              return bundles.newestServed();
            }
          });
      HavenNode node =
          new HavenNode(
              store,
              vault,
              machine,
              raft,
              proposer,
              submitter,
              witness,
              membership.get(),
              joining,
              registry,
              bundles,
              api,
              scrub,
              health,
              erasures,
              adminSocket = AdminSocket.start(dataDir, nodeAdmin.commands()),
              metrics);
      api.start();
      finishRotationInBackground(nodeAdmin);
      health.start();
      scrub.start();
      return node;
    } catch (RuntimeException | IOException e) {
      if (adminSocket != null) {
        adminSocket.close();
      }
      if (witness != null) {
        witness.close();
      }
      if (vault != null) {
        vault.close();
      }
      store.close();
      metrics.close();
      throw e;
    }
  }

  /**
   * Where {@code haven init} and {@code haven demo} put a new node's vault master key: beside the
   * data directory, not in it ({@code /srv/haven/node} gets {@code /srv/haven/node.vault.key}).
   */
  public static Path defaultVaultKeyFile(Path dataDir) {
    Path absolute = dataDir.toAbsolutePath().normalize();
    return absolute.resolveSibling(absolute.getFileName() + ".vault.key");
  }

  /**
   * Writes a new node's secrets that are not signing keys: the consortium's linkage key into the
   * data directory, and a fresh vault master key to {@code vaultKeyFile}, outside it.
   *
   * @throws ConfigException if {@code vaultKeyFile} exists: replacing a master key would make a
   *     vault unreadable
   */
  public static void writeSecrets(
      Path dataDir, LinkageKey linkageKey, Path vaultKeyFile, SecureRandom random)
      throws IOException {
    KeyFile.writeSecret(dataDir.resolve(LINKAGE_KEY_FILE), linkageKey.secret());
    try {
      MasterKey.generate(random).writeTo(vaultKeyFile);
    } catch (VaultException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /**
   * After {@code haven restore}: applies every erasure on the restored ledger to the restored vault
   * before the node serves anything, so that no erased child comes back; erasures the ledger learns
   * while it catches up follow block by block. After any other start it does the same in the
   * background, for an erasure that a crash cut off between its commit and the purge of the vault
   * (the node already answers such a child as erased, from the ledger).
   */
  private static void applyLedgerErasures(Path marker, ErasureSync erasures) throws IOException {
    if (!Files.exists(marker)) {
      erasures.reapplyAllLater();
      return;
    }
    long erased = erasures.reapplyAll();
    LOG.info(
        "Restored from a backup: applied the ledger's erasures to the vault again ({} children"
            + " erased from it)",
        erased);
    Files.delete(marker);
  }

  /** Finishes, on a thread of its own, a rotation of the master key that a crash interrupted. */
  private static void finishRotationInBackground(NodeAdmin admin) {
    Thread thread =
        new Thread(
            () -> {
              try {
                admin.finishInterruptedRotation();
              } catch (RuntimeException e) {
                LOG.error(
                    "Could not finish the rotation of the vault's master key: {}. It goes on at the"
                        + " next start, or with 'haven vault rotate-master-key'.",
                    e.getMessage());
              }
            },
            "haven-key-rotation");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * This member's mutual TLS for the Raft port when genesis lists the members' certificates.
   *
   * @throws ConfigException naming the key file or genesis and what to do, if the key is missing or
   *     unreadable, genesis lists no certificate for this member or another key's, or this member's
   *     certificate is expired or not yet valid, or the node's Raft peer id is not its
   *     organisation's id (a certificate speaks for that peer id only)
   */
  static Optional<MemberTls> memberTls(
      Path dataDir, NodeConfig config, Genesis genesis, Supplier<Map<String, Bytes>> members) {
    if (genesis.tlsCertificates().isEmpty()) {
      if (config.peers().size() > 1) {
        LOG.warn(
            "Genesis lists no TLS certificates: this node talks to the other members over plain"
                + " gRPC, so the network must protect its Raft port (see docs/consensus.md).");
      }
      return Optional.empty();
    }
    if (!config.nodeId().equals(config.org())) {
      throw new ConfigException(
          "nodeId in "
              + dataDir.resolve(NodeConfig.FILE_NAME)
              + " is "
              + config.nodeId()
              + " but the organisation is "
              + config.org()
              + ": with mutual TLS a member's certificate speaks for the Raft peer id that is its"
              + " organisation id only. Set nodeId to "
              + config.org()
              + ", as 'haven init' does.");
    }
    Path keyFile = dataDir.resolve(TLS_KEY_FILE);
    Bytes key = KeyFile.readTlsKey(keyFile);
    try {
      return Optional.of(MemberTls.create(config.org(), key, members, Clock.systemUTC()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "Cannot start mutual TLS with the key "
              + keyFile
              + " and the certificates in "
              + dataDir.resolve(GENESIS_FILE)
              + ": "
              + e.getMessage()
              + ". The ledger must list this member's certificate as 'haven init' printed it (in"
              + " genesis, or in the member's admission; keys/tls.crt until the admission reaches"
              + " this node), and that certificate must be valid today; a member with a lost key or"
              + " an expired certificate makes a new one with 'haven init' and the consortium lists"
              + " it in genesis (replacing an admitted member's certificate has no transaction"
              + " yet).",
          e);
    }
  }

  /**
   * The current members' TLS certificates, by member id, read from the committed ledger state at
   * each call; with this member's own certificate from {@value #TLS_CERTIFICATE_FILE} while the
   * ledger does not list it yet (a member admitted after genesis that has not caught up).
   */
  private static Supplier<Map<String, Bytes>> currentMembers(
      Path dataDir, NodeConfig config, RocksLedgerStore store) {
    Optional<Bytes> own = KeyFile.readTlsCertificate(dataDir.resolve(TLS_CERTIFICATE_FILE));
    return () -> {
      Map<String, Bytes> certificates = new TreeMap<>();
      LedgerState.readOnly(store)
          .memberNodes()
          .forEach(
              (member, node) ->
                  node.tlsCertificate().ifPresent(der -> certificates.put(member.value(), der)));
      own.ifPresent(der -> certificates.putIfAbsent(config.org(), der));
      return certificates;
    };
  }

  private static void ensureGenesis(
      RocksLedgerStore store, Genesis genesis, Function<Checkpoint, String> signer) {
    Hash onDisk = LedgerStateMachine.ensureGenesis(store, genesis, signer);
    if (!onDisk.equals(genesis.hash())) {
      throw new ConfigException(
          "The ledger on disk belongs to genesis "
              + onDisk
              + " but genesis.json hashes to "
              + genesis.hash()
              + ". Use the genesis file this ledger was created with.");
    }
  }

  /**
   * Refuses to serve a damaged ledger: see {@link LedgerVerifier#checkAtStart} and
   * docs/consensus.md.
   */
  private static void checkAtStart(RocksLedgerStore store, Genesis genesis, Path ledgerDir) {
    Optional<String> problem;
    try {
      problem = new LedgerVerifier(store, genesis).checkAtStart();
    } catch (StorageException e) {
      problem = Optional.of(CORRUPT_FILES + e.getMessage());
    }
    if (problem.isPresent()) {
      throw damaged(ledgerDir, problem.get());
    }
  }

  private static RocksLedgerStore openLedger(Path ledgerDir) {
    try {
      return RocksLedgerStore.open(ledgerDir);
    } catch (StorageException e) {
      if (!e.corruption()) {
        throw e;
      }
      throw damaged(ledgerDir, CORRUPT_FILES + e.getMessage());
    }
  }

  private static ConfigException damaged(Path ledgerDir, String problem) {
    LOG.error("The ledger in {} is damaged: {}", ledgerDir, problem);
    return new ConfigException(
        "The ledger in "
            + ledgerDir
            + " is damaged and this node will not serve it: "
            + problem
            + ". Run 'haven verify' for a full check; restore the data directory from"
            + " a backup or another member's snapshot.");
  }

  /** The ledger rebuilt by {@code haven repair} is verified: the repair is over. */
  private static void repaired(Path repairFile) {
    try {
      Files.deleteIfExists(repairFile);
      LOG.info("The repair is complete: this member serves its ledger and cosigns again.");
    } catch (IOException e) {
      LOG.warn(
          "The ledger is repaired but {} could not be removed ({}); remove it by hand, or the next"
              + " start verifies the ledger again before serving it.",
          repairFile,
          e.toString());
    }
  }

  private static void logBlock(Block block) {
    if (LOG.isDebugEnabled()) {
      BlockHeader header = block.header();
      LOG.debug(
          "Block {} committed: {} transactions, log size {}",
          header.height(),
          header.txCount(),
          header.treeSize());
    }
  }

  /** Submits an encoded, signed transaction; see {@link Submitter#submit}. */
  public CompletableFuture<Receipt> submit(Bytes encoded) {
    return submitter.submit(encoded);
  }

  public LedgerQueries queries() {
    return new LedgerQueries(store);
  }

  /** The registry as this node serves it to its officers. */
  public RegistryService registry() {
    return registry;
  }

  /** The verifier bundles this node builds, attests and serves to border checkpoints. */
  public BundleService bundles() {
    return bundles;
  }

  /** The port the HTTP endpoint listens on. */
  /** Every route the HTTP API serves under /api/v1, as "METHOD /path", in order. */
  List<String> httpRoutes() {
    return api.routes();
  }

  public int httpPort() {
    return api.port();
  }

  /**
   * The API's base URL: {@code https://host:port}, or {@code http://} when it serves plain HTTP.
   */
  public String httpUrl() {
    return api.url();
  }

  /**
   * Stops the node in an order that loses nothing and logs no error: new requests are refused
   * (503), proposing stops, requests already proposed get their answers as their blocks apply, then
   * the HTTP server, applying, the witness and the other listeners of applied blocks, Raft and the
   * stores stop. Entries committed after applying stopped stay in the Raft log, which is synced,
   * and are applied at the next start.
   */
  @Override
  public void close() throws IOException {
    admin.close();
    api.refuseNewRequests();
    proposer.close();
    api.awaitIdle(REQUESTS_DRAIN);
    api.stop();
    health.close();
    scrub.close();
    machine.stopApplying();
    membership.close();
    joining.ifPresent(JoinVerification::close);
    witness.close();
    bundles.close();
    registry.close();
    erasures.close();
    try {
      closeRaft();
    } finally {
      vault.close();
      store.close();
      metrics.close();
    }
  }

  /**
   * Closes Raft, but gives up waiting after {@link #RAFT_CLOSE}: a Ratis server stuck in its own
   * close (seen in {@code RaftServerProxy.close} after a damaged snapshot) must not keep the
   * process alive. Nothing is lost by not waiting: applying has stopped and the Raft log is synced.
   */
  private void closeRaft() throws IOException {
    CompletableFuture<Void> closed =
        CompletableFuture.runAsync(
            () -> {
              try {
                raft.close();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      closed.get(RAFT_CLOSE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn(
          "Raft did not stop within {} s; stopping without waiting for it (its log is synced)",
          RAFT_CLOSE.toSeconds());
    } catch (ExecutionException e) {
      throw e.getCause() instanceof UncheckedIOException io
          ? io.getCause()
          : new IOException("Failed to stop Raft", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
