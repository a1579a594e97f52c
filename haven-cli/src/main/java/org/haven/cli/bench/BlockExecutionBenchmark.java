package org.haven.cli.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.haven.core.ledger.Block;
import org.haven.core.ledger.BlockExecutor;
import org.haven.core.ledger.Genesis;
import org.haven.core.state.InMemoryState;
import org.haven.core.state.PendingWrites;
import org.haven.core.tx.EnrolOfficer;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.TxSigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Executing a block of signed enrolments in memory: decoding, every signature and rule, state
 * writes and the Merkle log. The ledger's work per transaction without Raft, disk or HTTP.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BlockExecutionBenchmark {
  static final int BLOCK = 1000;

  private Genesis genesis;
  private List<Bytes> proposal;
  private InMemoryState base;
  private Block genesisBlock;

  @Setup(Level.Trial)
  public void setUp() {
    SecureRandom random = new SecureRandom();
    Ed25519PrivateKey adminKey = Ed25519PrivateKey.generate(random);
    OrgId org = new OrgId("bench-org");
    Jurisdiction ke = new Jurisdiction("KE");
    OfficerId admin = new OfficerId("bench-org.admin");
    genesis =
        new Genesis(
            "haven.example/bench",
            0,
            List.of(
                new Organisation(
                    org,
                    "Benchmark Registry",
                    ke,
                    Ed25519PrivateKey.generate(random).publicKey(),
                    Ed25519PrivateKey.generate(random).publicKey(),
                    true)),
            List.of(new Officer(admin, org, Role.ORG_ADMIN, ke, adminKey.publicKey(), true)),
            0);
    base = new InMemoryState();
    PendingWrites genesisWrites = new PendingWrites(base);
    genesisBlock = BlockExecutor.genesisBlock(genesis, genesisWrites);
    base.commit(genesisWrites);
    proposal = new ArrayList<>(BLOCK);
    for (int i = 0; i < BLOCK; i++) {
      Officer officer =
          new Officer(
              new OfficerId("officer." + i),
              org,
              Role.FIELD_AGENT,
              ke,
              Ed25519PrivateKey.generate(random).publicKey(),
              true);
      byte[] nonce = new byte[TxBody.NONCE_SIZE];
      random.nextBytes(nonce);
      TxBody body = new TxBody(admin, 1, Bytes.of(nonce), new EnrolOfficer(officer));
      proposal.add(
          Transaction.sign(body, genesis.hash(), List.of(new TxSigner(admin, adminKey))).encoded());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BLOCK)
  public Hash executeBlock() {
    BlockExecutor executor = new BlockExecutor(genesis.hash());
    return executor
        .execute(genesisBlock.header(), 2, proposal, new PendingWrites(base))
        .block()
        .orElseThrow()
        .header()
        .logRoot();
  }
}
