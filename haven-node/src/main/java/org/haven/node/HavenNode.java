package org.haven.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.haven.consensus.BlockProposer;
import org.haven.consensus.LedgerStateMachine;
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
import org.haven.storage.RocksLedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Haven node: its RocksDB ledger, its Raft server and block proposer, and its HTTP
 * endpoint. Built from a data directory made by {@code haven init}.
 */
public final class HavenNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HavenNode.class);
  public static final String GENESIS_FILE = "genesis.json";
  public static final String NODE_KEY_FILE = "keys/node.key";
  public static final String ISSUER_KEY_FILE = "keys/issuer.key";
  public static final String LEDGER_DIR = "ledger";
  public static final String RAFT_DIR = "raft";
  private static final int QUEUE_CAPACITY = 100_000;

  private final RocksLedgerStore store;
  private final RaftNode raft;
  private final BlockProposer proposer;
  private final Submitter submitter;
  private final NodeApi api;

  private HavenNode(
      RocksLedgerStore store,
      RaftNode raft,
      BlockProposer proposer,
      Submitter submitter,
      NodeApi api) {
    this.store = store;
    this.raft = raft;
    this.proposer = proposer;
    this.submitter = submitter;
    this.api = api;
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
    Genesis genesis = GenesisFile.read(dataDir.resolve(GENESIS_FILE));
    Ed25519PrivateKey nodeKey = KeyFile.read(dataDir.resolve(NODE_KEY_FILE));
    NoteSigner noteSigner = new NoteSigner(config.org(), nodeKey);
    Function<Checkpoint, String> signer = checkpoint -> noteSigner.sign(checkpoint.body()).format();
    RocksLedgerStore store = RocksLedgerStore.open(dataDir.resolve(LEDGER_DIR));
    try {
      ensureGenesis(store, genesis, signer);
      new LedgerVerifier(store, genesis, new OrgId(config.org()))
          .checkHead()
          .ifPresent(
              problem -> {
                throw new ConfigException(
                    "The ledger in "
                        + dataDir.resolve(LEDGER_DIR)
                        + " is damaged and this node will not serve it: "
                        + problem
                        + ". Run 'haven verify' for a full check; restore the data directory from"
                        + " a backup or another member's snapshot.");
              });
      Hash chainId = genesis.hash();
      DecodedTransactions decoded = new DecodedTransactions(2 * QUEUE_CAPACITY);
      LedgerStateMachine machine =
          new LedgerStateMachine(
              store,
              new BlockExecutor(chainId, decoded),
              genesis.origin(),
              signer,
              HavenNode::logBlock);
      Files.createDirectories(dataDir.resolve(RAFT_DIR));
      RaftNode raft =
          RaftNode.start(
              config.nodeId(), config.peers(), chainId, dataDir.resolve(RAFT_DIR), machine);
      BlockProposer proposer =
          new BlockProposer(
              raft::replicate,
              config.maxBlockTransactions(),
              config.maxBlockDelayMillis(),
              QUEUE_CAPACITY,
              System::currentTimeMillis);
      Submitter submitter = new Submitter(chainId, store, proposer, decoded);
      NodeApi api = new NodeApi(submitter::submit, new LedgerQueries(store), raft);
      HavenNode node = new HavenNode(store, raft, proposer, submitter, api);
      api.start(config.httpHost(), config.httpPort());
      return node;
    } catch (RuntimeException | IOException e) {
      store.close();
      throw e;
    }
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

  /** The port the HTTP endpoint listens on. */
  public int httpPort() {
    return api.port();
  }

  @Override
  public void close() throws IOException {
    api.stop();
    proposer.close();
    try {
      raft.close();
    } finally {
      store.close();
    }
  }
}
