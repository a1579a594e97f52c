package org.haven.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.KeyPurpose;
import org.haven.core.merkle.InMemoryMerkleNodes;
import org.haven.core.merkle.MerkleTree;
import org.haven.core.merkle.Rfc6962;
import org.haven.core.state.LedgerState;
import org.haven.core.state.PendingWrites;
import org.haven.core.testing.TestConsortium;
import org.haven.core.testing.TestConsortium.BlockRun;
import org.haven.core.testing.TestConsortium.NewMember;
import org.haven.core.testing.TestOfficer;
import org.haven.core.tx.EnrolOfficer;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.RevokeOfficer;
import org.haven.core.tx.RotateMemberKey;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.TxBody;
import org.haven.core.tx.Validation;
import org.junit.jupiter.api.Test;

class BlockExecutorTest {
  private final TestConsortium ledger = TestConsortium.withMembers(3);

  @Test
  void sameProposalOnTwoFreshStatesGivesTheSameBlockAndWrites() {
    TestConsortium twin = TestConsortium.withMembers(3);
    assertThat(twin.chainId()).isEqualTo(ledger.chainId());
    List<Bytes> proposal =
        List.of(
            enrolmentBy(ledger.admin(0)).encoded(),
            enrolmentBy(ledger.admin(1)).encoded(),
            ledger.governance(rotationOf(2), 2).encoded(),
            ledger.governance(rotationOf(1), 1).encoded());

    BlockRun first = ledger.propose(proposal);
    BlockRun second = twin.propose(proposal);

    BlockHeader header = first.block().orElseThrow().header();
    assertThat(header.txCount()).isEqualTo(3);
    assertThat(second.block()).isEqualTo(first.block());
    assertThat(second.block().orElseThrow().header().hash()).isEqualTo(header.hash());
    assertThat(second.block().orElseThrow().header().stateHash()).isEqualTo(header.stateHash());
    assertThat(second.block().orElseThrow().header().logRoot()).isEqualTo(header.logRoot());
    assertThat(second.results()).isEqualTo(first.results());
    assertThat(second.writes()).isEqualTo(first.writes());
  }

  /**
   * The executor reads every transaction's replay keys (id, actor's nonce) ahead, before the block
   * runs; a nonce used earlier in the same block, or in an earlier block, is still refused.
   */
  @Test
  void nonceUsedEarlierInTheBlockOrInAnEarlierBlock_isRefusedDespiteTheReadAhead() {
    TestOfficer admin = ledger.admin(0);
    TxBody committed = ledger.body(admin, enrolmentOf(admin));
    assertThat(
            ledger.commit(Transaction.sign(committed, ledger.chainId(), List.of(admin.signer()))))
        .singleElement()
        .matches(TxResult::accepted);
    TxBody first = ledger.body(admin, enrolmentOf(admin));
    TxBody retry =
        new TxBody(admin.id(), first.createdAtMillis() + 1, first.nonce(), enrolmentOf(admin));
    TxBody replayed =
        new TxBody(admin.id(), first.createdAtMillis() + 2, committed.nonce(), enrolmentOf(admin));

    BlockRun run =
        ledger.propose(
            List.of(
                Transaction.sign(first, ledger.chainId(), List.of(admin.signer())).encoded(),
                Transaction.sign(retry, ledger.chainId(), List.of(admin.signer())).encoded(),
                Transaction.sign(replayed, ledger.chainId(), List.of(admin.signer())).encoded()));

    assertThat(run.results().get(0).accepted()).isTrue();
    assertThat(reasonOf(run.results().get(1))).isEqualTo(RejectReason.DUPLICATE_ID);
    assertThat(reasonOf(run.results().get(2))).isEqualTo(RejectReason.DUPLICATE_ID);
    assertThat(run.block().orElseThrow().header().txCount()).isEqualTo(1);
  }

  @Test
  void blockOfAcceptedAndRejectedTransactionsLogsOnlyTheAccepted() {
    TestOfficer registrar = ledger.aRegistrar().enrolled();
    BlockHeader previous = ledger.head();
    Transaction first = enrolmentBy(ledger.admin(0));
    Transaction byRegistrar = enrolmentBy(registrar);
    Transaction second = enrolmentBy(ledger.admin(1));
    Bytes garbage = Bytes.fromHex("00");

    BlockRun run =
        ledger.propose(List.of(first.encoded(), byRegistrar.encoded(), garbage, second.encoded()));

    Block block = run.block().orElseThrow();
    assertThat(block.transactions()).containsExactly(first, second);
    assertThat(block.header().firstLogIndex()).isEqualTo(previous.treeSize());
    assertThat(block.header().txCount()).isEqualTo(2);
    assertThat(run.results()).extracting(TxResult::logIndex).containsExactly(1L, -1L, -1L, 2L);
    assertThat(reasonOf(run.results().get(1))).isEqualTo(RejectReason.ROLE_NOT_PERMITTED);
    assertThat(reasonOf(run.results().get(2))).isEqualTo(RejectReason.MALFORMED);
    assertThat(block.header().logRoot()).isEqualTo(logRootOf(ledger.blocks().get(1), block));
    assertThat(block.header().stateHash())
        .isEqualTo(run.pending().chainStateHash(previous.stateHash()));
    LedgerState state = new LedgerState(run.pending());
    assertThat(state.transactionIndex(first.id())).contains(1L);
    assertThat(state.transactionIndex(second.id())).contains(2L);
    assertThat(state.transactionIndex(byRegistrar.id())).isEmpty();
  }

  /**
   * Signatures of a block are verified together in batches; forged ones among hundreds of valid
   * ones are refused, each on its own, and every other transaction is accepted, the same on a twin.
   */
  @Test
  void largeBlockWithForgedSignatures_refusesExactlyTheForgedOnes() throws DecodeException {
    TestConsortium twin = TestConsortium.withMembers(3);
    List<Bytes> proposal = new ArrayList<>();
    Set<Integer> forged = Set.of(7, 150, 151, 299);
    for (int i = 0; i < 300; i++) {
      TestOfficer admin = ledger.admin(i % 3);
      Transaction tx =
          i == 42 ? enrolmentBy(admin.signingWith(ledger.newKey())) : enrolmentBy(admin);
      byte[] bytes = tx.encoded().toArray();
      if (forged.contains(i)) {
        bytes[bytes.length - 1 - i % 32] ^= 0x10;
      }
      proposal.add(Transaction.decode(Bytes.of(bytes)).encoded());
    }

    BlockRun run = ledger.propose(proposal);
    BlockRun again = twin.propose(proposal);

    for (int i = 0; i < proposal.size(); i++) {
      boolean bad = forged.contains(i) || i == 42;
      assertThat(run.results().get(i).accepted()).as("transaction %d", i).isEqualTo(!bad);
      if (bad) {
        assertThat(reasonOf(run.results().get(i))).isEqualTo(RejectReason.BAD_SIGNATURE);
      }
    }
    assertThat(run.block().orElseThrow().header().txCount()).isEqualTo(295);
    assertThat(again.results()).isEqualTo(run.results());
    assertThat(again.block()).isEqualTo(run.block());
  }

  @Test
  void proposalWhoseTransactionsAreAllRejectedMakesNoBlockAndNoWrites() {
    TestOfficer registrar = ledger.aRegistrar().enrolled();

    BlockRun run =
        ledger.propose(
            List.of(
                enrolmentBy(registrar).encoded(),
                Bytes.EMPTY,
                ledger.governance(rotationOf(2), 1).encoded()));

    assertThat(run.block()).isEmpty();
    assertThat(run.results()).noneMatch(TxResult::accepted);
    assertThat(run.results()).extracting(TxResult::logIndex).containsOnly(-1L);
    assertThat(run.writes()).isEmpty();
  }

  @Test
  void emptyProposalMakesNoBlock() {
    BlockRun run = ledger.propose(List.of());

    assertThat(run.block()).isEmpty();
    assertThat(run.results()).isEmpty();
    assertThat(run.writes()).isEmpty();
  }

  @Test
  void genesisBlockLinksToTheGenesisHash() {
    Block genesisBlock = ledger.blocks().get(0);

    BlockHeader header = genesisBlock.header();
    assertThat(header.height()).isZero();
    assertThat(header.previous()).isEqualTo(ledger.genesis().hash());
    assertThat(header.timestampMillis()).isEqualTo(ledger.genesis().createdAtMillis());
    assertThat(header.treeSize()).isZero();
    assertThat(header.logRoot()).isEqualTo(Hash.EMPTY);
    assertThat(genesisBlock.transactions()).isEmpty();
    PendingWrites replay = new PendingWrites(key -> Optional.empty());
    assertThat(BlockExecutor.genesisBlock(ledger.genesis(), replay)).isEqualTo(genesisBlock);
    assertThat(header.stateHash()).isEqualTo(replay.chainStateHash(Hash.ZERO));
  }

  @Test
  void eachBlockLinksToTheHashOfTheOneBefore() {
    ledger.commit(enrolmentBy(ledger.admin(0)));
    ledger.commit(enrolmentBy(ledger.admin(1)), enrolmentBy(ledger.admin(2)));
    ledger.commit(enrolmentBy(ledger.admin(0)));

    List<Block> blocks = ledger.blocks();
    assertThat(blocks).hasSize(4);
    for (int height = 1; height < blocks.size(); height++) {
      BlockHeader header = blocks.get(height).header();
      BlockHeader before = blocks.get(height - 1).header();
      assertThat(header.height()).isEqualTo(height);
      assertThat(header.previous()).isEqualTo(before.hash());
      assertThat(header.firstLogIndex()).isEqualTo(before.treeSize());
      assertThat(header.timestampMillis()).isGreaterThan(before.timestampMillis());
    }
    assertThat(ledger.head().treeSize()).isEqualTo(4);
  }

  @Test
  void blockTimestampNeverGoesBackwards() {
    ledger.commit(enrolmentBy(ledger.admin(0)));
    BlockHeader previous = ledger.head();

    BlockRun run =
        ledger.proposeAt(
            previous.timestampMillis() - 5_000, List.of(enrolmentBy(ledger.admin(0)).encoded()));

    assertThat(run.block().orElseThrow().header().timestampMillis())
        .isEqualTo(previous.timestampMillis());
  }

  @Test
  void officerEnrolledEarlierInABlockCanActLaterInIt() {
    TestOfficer deputy = ledger.anAdmin().unenrolled();
    TestOfficer registrar = ledger.aRegistrar().unenrolled();
    Transaction enrolDeputy = ledger.sign(ledger.admin(0), new EnrolOfficer(deputy.officer()));
    Transaction deputyEnrols = ledger.sign(deputy, new EnrolOfficer(registrar.officer()));
    Transaction registrarRevoked =
        ledger.sign(deputy, new RevokeOfficer(registrar.id(), "enrolled in error"));

    List<TxResult> results = ledger.commit(enrolDeputy, deputyEnrols, registrarRevoked);

    assertThat(results).hasSize(3).allMatch(TxResult::accepted);
    assertThat(ledger.state().officer(registrar.id()).orElseThrow().active()).isFalse();
  }

  @Test
  void memberAdmittedEarlierInABlockCanEnrolOfficersLaterInIt() {
    NewMember candidate = ledger.aNewMember("org-new");
    TestOfficer registrar =
        ledger.aRegistrar().of(candidate.organisation().id()).in("KE").unenrolled();
    Transaction admission = ledger.governance(candidate.admission(), 2);
    Transaction enrolment = ledger.sign(candidate.admin(), new EnrolOfficer(registrar.officer()));

    List<TxResult> results = ledger.commit(admission, enrolment);

    assertThat(results).hasSize(2).allMatch(TxResult::accepted);
    assertThat(ledger.state().officer(registrar.id())).contains(registrar.officer());
  }

  @Test
  void officerEnrolledLaterInABlockCannotActEarlierInIt() {
    TestOfficer deputy = ledger.anAdmin().unenrolled();
    Transaction enrolDeputy = ledger.sign(ledger.admin(0), new EnrolOfficer(deputy.officer()));
    Transaction deputyEnrols = enrolmentBy(deputy);

    BlockRun run = ledger.propose(deputyEnrols, enrolDeputy);

    assertThat(reasonOf(run.results().get(0))).isEqualTo(RejectReason.UNKNOWN_SIGNER);
    assertThat(run.block().orElseThrow().transactions()).containsExactly(enrolDeputy);
  }

  @Test
  void acceptedTransactionsAreIndexedAtTheirLogPosition() {
    Transaction tx = enrolmentBy(ledger.admin(0));

    List<TxResult> results = ledger.commit(tx);

    assertThat(results).singleElement().satisfies(r -> assertThat(r.id()).contains(tx.id()));
    assertThat(ledger.state().transactionIndex(tx.id())).contains(results.get(0).logIndex());
    assertThat(ledger.head().treeSize()).isEqualTo(results.get(0).logIndex() + 1);
  }

  @Test
  void laterTransactionsInABlockSeeTheWritesOfEarlierOnes() {
    TestOfficer registrar = ledger.aRegistrar().enrolled();
    Transaction revocation =
        ledger.sign(ledger.admin(0), new RevokeOfficer(registrar.id(), "left the service"));
    Transaction secondRevocation =
        ledger.sign(ledger.admin(0), new RevokeOfficer(registrar.id(), "left, really"));

    BlockRun run = ledger.propose(revocation, secondRevocation);

    assertThat(run.results().get(0).accepted()).isTrue();
    assertThat(reasonOf(run.results().get(1))).isEqualTo(RejectReason.CONFLICT);
    assertThat(new LedgerState(run.pending()).officer(registrar.id()).orElseThrow().active())
        .isFalse();
  }

  private Transaction enrolmentBy(TestOfficer admin) {
    return ledger.sign(admin, enrolmentOf(admin));
  }

  private EnrolOfficer enrolmentOf(TestOfficer admin) {
    return new EnrolOfficer(ledger.aRegistrar().of(admin.org()).unenrolled().officer());
  }

  private RotateMemberKey rotationOf(int member) {
    return new RotateMemberKey(ledger.member(member), KeyPurpose.NODE, ledger.newKey().publicKey());
  }

  /** The RFC 6962 root over every transaction in {@code blocks}, computed afresh. */
  private static Hash logRootOf(Block... blocks) {
    MerkleTree tree = new MerkleTree(new InMemoryMerkleNodes(), 0);
    for (Block block : blocks) {
      for (Transaction tx : block.transactions()) {
        tree.append(Rfc6962.leafHash(tx.encoded().toArray()));
      }
    }
    return tree.root();
  }

  private static RejectReason reasonOf(TxResult result) {
    assertThat(result.validation()).isInstanceOf(Validation.Rejected.class);
    return ((Validation.Rejected) result.validation()).reason();
  }
}
