package org.haven.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.ledger.TxResult;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.Validation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlockProposerTest {
  private final List<Proposal> proposals = new CopyOnWriteArrayList<>();
  private BlockProposer proposer;

  /** Answers each proposal as a state machine would: accepts even bytes, rejects odd ones. */
  private CompletableFuture<byte[]> replicate(byte[] encoded) {
    Proposal proposal;
    try {
      proposal = Proposal.decode(encoded);
    } catch (DecodeException e) {
      return CompletableFuture.failedFuture(e);
    }
    proposals.add(proposal);
    List<TxResult> results = new ArrayList<>();
    for (int i = 0; i < proposal.transactions().size(); i++) {
      Bytes tx = proposal.transactions().get(i);
      Optional<Hash> id = Optional.of(Hash.sha256(tx));
      results.add(
          tx.get(0) % 2 == 0
              ? new TxResult(id, Validation.accepted(), i)
              : new TxResult(id, Validation.reject(RejectReason.CONFLICT, "odd"), -1));
    }
    return CompletableFuture.completedFuture(Receipt.encodeAll(results, 7));
  }

  @AfterEach
  void stop() {
    if (proposer != null) {
      proposer.close();
    }
  }

  @Test
  void closesBatchAtMaxTransactionsAndMatchesReceiptsToSubmissions() throws Exception {
    proposer = new BlockProposer(this::replicate, 10, 10_000, 1000, () -> 42);
    List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      receipts.add(proposer.submit(Bytes.of(new byte[] {(byte) i})));
    }
    for (int i = 0; i < 30; i++) {
      Receipt receipt = receipts.get(i).get(10, TimeUnit.SECONDS);
      assertThat(receipt.result().id()).contains(Hash.sha256(new byte[] {(byte) i}));
      assertThat(receipt.result().accepted()).isEqualTo(i % 2 == 0);
      assertThat(receipt.blockHeight()).isEqualTo(i % 2 == 0 ? 7 : -1);
    }
    assertThat(proposals)
        .allSatisfy(p -> assertThat(p.transactions()).hasSizeLessThanOrEqualTo(10));
    assertThat(proposals.stream().mapToInt(p -> p.transactions().size()).sum()).isEqualTo(30);
    assertThat(proposals).allSatisfy(p -> assertThat(p.timestampMillis()).isEqualTo(42));
  }

  @Test
  void closesBatchAfterDelayWhenFewTransactionsArrive() throws Exception {
    proposer = new BlockProposer(this::replicate, 1000, 20, 1000, () -> 1);
    Receipt receipt = proposer.submit(Bytes.of(new byte[] {2})).get(10, TimeUnit.SECONDS);
    assertThat(receipt.result().accepted()).isTrue();
    assertThat(proposals).hasSize(1);
    assertThat(proposals.get(0).transactions()).containsExactly(Bytes.of(new byte[] {2}));
  }

  @Test
  void refusesSubmissionsBeyondQueueCapacityAsBusy() throws Exception {
    CompletableFuture<byte[]> never = new CompletableFuture<>();
    proposer = new BlockProposer(encoded -> never, 1, 1, 2, () -> 1);
    List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      receipts.add(proposer.submit(Bytes.of(new byte[] {0})));
    }
    // At most four proposals in flight, one batch waiting and two queued: the last is refused.
    assertThatThrownBy(() -> receipts.get(49).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(NodeBusyException.class)
        .hasMessageContaining("retry");
  }

  @Test
  void failsEveryReceiptOfAProposalRaftRefused() {
    proposer =
        new BlockProposer(
            encoded -> CompletableFuture.failedFuture(new IllegalStateException("no leader")),
            10,
            1,
            100,
            () -> 1);
    CompletableFuture<Receipt> receipt = proposer.submit(Bytes.of(new byte[] {0}));
    assertThatThrownBy(() -> receipt.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("no leader");
  }

  @Test
  void proposalRoundTripsAndRejectsTrailingBytes() throws Exception {
    Proposal proposal = new Proposal(123, List.of(Bytes.of(new byte[] {1, 2}), Bytes.EMPTY));
    byte[] encoded = proposal.encode();
    assertThat(Proposal.decode(encoded)).isEqualTo(proposal);
    byte[] padded = java.util.Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> Proposal.decode(padded))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("trailing");
  }
}
