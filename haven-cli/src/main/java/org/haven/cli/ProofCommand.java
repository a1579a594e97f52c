package org.haven.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteVerifier;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Hash;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.ledger.Genesis;
import org.haven.core.merkle.ConsistencyProof;
import org.haven.core.merkle.InclusionProof;
import org.haven.core.merkle.InvalidProofException;
import org.haven.core.merkle.MerkleVerifier;
import org.haven.core.merkle.Rfc6962;
import org.haven.node.ConfigException;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.haven.node.LedgerQueries;
import org.haven.storage.RocksLedgerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints inclusion and consistency proofs as JSON, and verifies them offline. */
@Command(
    name = "proof",
    mixinStandardHelpOptions = true,
    description = "Print or verify Merkle inclusion and consistency proofs (RFC 9162).",
    subcommands = {
      ProofCommand.Inclusion.class,
      ProofCommand.Consistency.class,
      ProofCommand.Verify.class
    })
final class ProofCommand {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * A proof file. {@code type} is "inclusion" or "consistency". An inclusion proof carries the leaf
   * (the transaction bytes) so the verifier hashes it itself; each proof carries the signed
   * checkpoint(s) it is checked against.
   */
  record ProofJson(
      String type,
      Long leafIndex,
      String leaf,
      Long size1,
      Long treeSize,
      List<String> path,
      String checkpoint1,
      String checkpoint) {}

  @Command(
      name = "inclusion",
      mixinStandardHelpOptions = true,
      description = "Print an inclusion proof for one log entry as JSON.")
  static final class Inclusion implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data-dir", required = true, description = "The node's data directory.")
    Path dataDir;

    @Option(names = "--index", description = "Log index of the entry.")
    Long index;

    @Option(names = "--tx", description = "Transaction id (64 hex characters), instead of --index.")
    String txId;

    @Option(
        names = "--size",
        description = "Tree size of the checkpoint to prove against (default: the latest).")
    Long size;

    @Override
    public Integer call() throws IOException {
      try (RocksLedgerStore store =
          RocksLedgerStore.openReadOnly(dataDir.resolve(HavenNode.LEDGER_DIR))) {
        LedgerQueries queries = new LedgerQueries(store);
        long leafIndex = resolveIndex(queries);
        BlockHeader at = checkpointBlock(queries, size);
        if (leafIndex >= at.treeSize()) {
          throw new ConfigException(
              "log index " + leafIndex + " is not in a tree of size " + at.treeSize());
        }
        InclusionProof proof = queries.inclusionProof(leafIndex, at.treeSize());
        ProofJson json =
            new ProofJson(
                "inclusion",
                leafIndex,
                queries.transaction(leafIndex).orElseThrow().toBase64(),
                null,
                at.treeSize(),
                base64(proof.path()),
                null,
                queries.checkpoint(at.height()).orElseThrow());
        spec.commandLine().getOut().println(JSON.writeValueAsString(json));
        return 0;
      }
    }

    private long resolveIndex(LedgerQueries queries) {
      if ((index == null) == (txId == null)) {
        throw new ConfigException("give exactly one of --index or --tx");
      }
      if (index != null) {
        return index;
      }
      try {
        Hash id = Hash.fromHex(txId);
        return queries
            .logIndexOf(id)
            .orElseThrow(() -> new ConfigException("no transaction " + txId + " on this ledger"));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--tx must be 64 hex characters");
      }
    }
  }

  @Command(
      name = "consistency",
      mixinStandardHelpOptions = true,
      description = "Print a consistency proof between two checkpoints as JSON.")
  static final class Consistency implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data-dir", required = true, description = "The node's data directory.")
    Path dataDir;

    @Option(names = "--from", required = true, description = "Tree size of the older checkpoint.")
    long from;

    @Option(
        names = "--size",
        description = "Tree size of the newer checkpoint (default: the latest).")
    Long size;

    @Override
    public Integer call() throws IOException {
      try (RocksLedgerStore store =
          RocksLedgerStore.openReadOnly(dataDir.resolve(HavenNode.LEDGER_DIR))) {
        LedgerQueries queries = new LedgerQueries(store);
        BlockHeader older = checkpointBlock(queries, from);
        BlockHeader newer = checkpointBlock(queries, size);
        if (older.treeSize() == 0 || older.treeSize() > newer.treeSize()) {
          throw new ConfigException(
              "--from must be a checkpointed size between 1 and " + newer.treeSize());
        }
        ConsistencyProof proof = queries.consistencyProof(older.treeSize(), newer.treeSize());
        ProofJson json =
            new ProofJson(
                "consistency",
                null,
                null,
                older.treeSize(),
                newer.treeSize(),
                base64(proof.path()),
                queries.checkpoint(older.height()).orElseThrow(),
                queries.checkpoint(newer.height()).orElseThrow());
        spec.commandLine().getOut().println(JSON.writeValueAsString(json));
        return 0;
      }
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verify a proof file offline against the checkpoint(s) it carries.",
        "Each checkpoint must be signed by the node key of a member named in the genesis file."
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--proof",
        required = true,
        description = "Proof file printed by 'haven proof inclusion|consistency'.")
    Path proofFile;

    @Option(
        names = "--genesis",
        required = true,
        description = "The ledger's genesis.json: whose checkpoint signatures to trust.")
    Path genesisFile;

    @Override
    public Integer call() {
      Genesis genesis = GenesisFile.read(genesisFile);
      ProofJson proof;
      try {
        proof = JSON.readValue(proofFile.toFile(), ProofJson.class);
      } catch (IOException e) {
        throw new ConfigException("Cannot read proof file " + proofFile + ": " + e.getMessage());
      }
      try {
        String result = verify(proof, genesis);
        spec.commandLine().getOut().println("Proof OK: " + result);
        return 0;
      } catch (InvalidProofException | IllegalArgumentException | NullPointerException e) {
        spec.commandLine().getErr().println("haven proof verify: INVALID: " + e.getMessage());
        return HavenCli.EXIT_LEDGER_INVALID;
      }
    }

    private static String verify(ProofJson proof, Genesis genesis) throws InvalidProofException {
      Checkpoint newer = trusted(proof.checkpoint(), genesis);
      List<Hash> path = proof.path().stream().map(Hash::fromBase64).collect(Collectors.toList());
      if ("inclusion".equals(proof.type())) {
        Hash leafHash = Rfc6962.leafHash(Bytes.fromBase64(proof.leaf()).toArray());
        MerkleVerifier.verifyInclusion(
            proof.leafIndex(), newer.treeSize(), leafHash, path, newer.rootHash());
        return "log entry "
            + proof.leafIndex()
            + " is included in the checkpoint of size "
            + newer.treeSize();
      }
      if ("consistency".equals(proof.type())) {
        Checkpoint older = trusted(proof.checkpoint1(), genesis);
        MerkleVerifier.verifyConsistency(
            older.treeSize(), newer.treeSize(), path, older.rootHash(), newer.rootHash());
        return "the checkpoint of size "
            + newer.treeSize()
            + " extends the one of size "
            + older.treeSize();
      }
      throw new IllegalArgumentException("unknown proof type '" + proof.type() + "'");
    }

    private static Checkpoint trusted(String noteText, Genesis genesis)
        throws InvalidProofException {
      if (noteText == null) {
        throw new IllegalArgumentException("the proof file carries no checkpoint");
      }
      SignedNote note = SignedNote.parse(noteText);
      Checkpoint checkpoint = Checkpoint.parseBody(note.text());
      if (!checkpoint.origin().equals(genesis.origin())) {
        throw new IllegalArgumentException(
            "the checkpoint is for ledger '"
                + checkpoint.origin()
                + "', not '"
                + genesis.origin()
                + "'");
      }
      Set<NoteVerifier> members =
          genesis.members().stream()
              .map(m -> new NoteVerifier(m.id().value(), m.nodeKey()))
              .collect(Collectors.toSet());
      if (note.verifiedSigners(members).isEmpty()) {
        throw new IllegalArgumentException("the checkpoint is not signed by any member's node key");
      }
      return checkpoint;
    }
  }

  private static BlockHeader checkpointBlock(LedgerQueries queries, Long size) {
    if (size == null) {
      return queries.head();
    }
    return queries
        .blockEndingAt(size)
        .orElseThrow(
            () ->
                new ConfigException(
                    "no checkpoint has tree size "
                        + size
                        + "; checkpoints exist at block boundaries"));
  }

  private static List<String> base64(List<Hash> hashes) {
    return hashes.stream().map(Hash::toBase64).collect(Collectors.toList());
  }
}
