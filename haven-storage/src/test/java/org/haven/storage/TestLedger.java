package org.haven.storage;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.haven.core.ledger.Block;
import org.haven.core.ledger.BlockExecutor;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.ledger.Genesis;
import org.haven.core.state.PendingWrites;
import org.haven.core.tx.EnrolOfficer;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.TxSigner;

/**
 * A ledger of one member whose admin enrols officers, for storage tests. Blocks are executed by the
 * core's {@link BlockExecutor}, so they carry real transactions, state writes and links.
 */
final class TestLedger {
  private static final Jurisdiction KENYA = new Jurisdiction("KE");
  private static final long GENESIS_MILLIS = 1_700_000_000_000L;

  private final SecureRandom random = new SecureRandom();
  private final OrgId member = new OrgId("unhcr");
  private final TxSigner admin =
      new TxSigner(new OfficerId("admin.unhcr"), Ed25519PrivateKey.generate(random));
  private final Genesis genesis =
      new Genesis(
          "haven.example/storage-test",
          GENESIS_MILLIS,
          List.of(new Organisation(member, "UNHCR", KENYA, newKey(), newKey(), true)),
          List.of(officer(admin.officer(), Role.ORG_ADMIN, admin.key())),
          0);
  private final BlockExecutor executor = new BlockExecutor(genesis.hash());
  private int enrolled;

  /** Block 0, writing the genesis state into {@code pending}. */
  Block genesisBlock(PendingWrites pending) {
    return BlockExecutor.genesisBlock(genesis, pending);
  }

  /** The block after {@code previous} in which the admin enrols {@code officers} new officers. */
  Block nextBlock(BlockHeader previous, PendingWrites pending, int officers) {
    List<Bytes> proposal = new ArrayList<>();
    for (int i = 0; i < officers; i++) {
      OfficerId id = new OfficerId("registrar-" + enrolled++);
      TxBody body =
          new TxBody(
              admin.officer(),
              GENESIS_MILLIS + enrolled,
              nonce(),
              new EnrolOfficer(officer(id, Role.REGISTRAR, Ed25519PrivateKey.generate(random))));
      proposal.add(Transaction.sign(body, genesis.hash(), List.of(admin)).encoded());
    }
    BlockExecutor.Outcome outcome =
        executor.execute(previous, previous.timestampMillis() + 1, proposal, pending);
    return outcome.block().orElseThrow(() -> new AssertionError(outcome.results()));
  }

  /**
   * A checkpoint note for {@code header}, shaped like a C2SP signed note; the store treats it as
   * text.
   */
  static String note(BlockHeader header) {
    return "haven.example/storage-test\n"
        + header.treeSize()
        + "\n"
        + header.logRoot().toBase64()
        + "\n\n— node-1 "
        + header.hash().toBase64()
        + "\n";
  }

  private Officer officer(OfficerId id, Role role, Ed25519PrivateKey key) {
    return new Officer(id, member, role, KENYA, key.publicKey(), true);
  }

  private Ed25519PublicKey newKey() {
    return Ed25519PrivateKey.generate(random).publicKey();
  }

  private Bytes nonce() {
    byte[] nonce = new byte[TxBody.NONCE_SIZE];
    random.nextBytes(nonce);
    return Bytes.of(nonce);
  }
}
