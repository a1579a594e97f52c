package org.haven.node.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.haven.consensus.Receipt;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.core.ledger.TxResult;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.RecordAccess;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.Validation;
import org.haven.node.api.ApiProblem;
import org.junit.jupiter.api.Test;

/** Reads are batched per officer into one signed RECORD_ACCESS, and wait for its block. */
class AccessRecorderTest {
  private final SecureRandom random = new SecureRandom();
  private final List<Transaction> submitted = new CopyOnWriteArrayList<>();
  private Validation verdict = Validation.accepted();

  private final LedgerGateway gateway =
      new LedgerGateway() {
        @Override
        public Validation check(Transaction tx) {
          return Validation.accepted();
        }

        @Override
        public CompletableFuture<Receipt> submit(Transaction tx) {
          submitted.add(tx);
          return CompletableFuture.completedFuture(
              new Receipt(new TxResult(Optional.of(tx.id()), verdict, 0), 1));
        }
      };

  private final LedgerWriter writer =
      new LedgerWriter(Hash.sha256(new byte[] {1}), gateway, random, Clock.systemUTC());

  private Actor officer(String id) {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
    return new Actor(
        new Officer(
            new OfficerId(id),
            new OrgId("ke-civil-registry"),
            Role.REGISTRAR,
            new Jurisdiction("KE"),
            key.publicKey(),
            true),
        key);
  }

  @Test
  void readsWithinTheWindow_shareOneTransactionPerOfficer() throws Exception {
    Actor registrar = officer("ke.registrar.a");
    Actor other = officer("ke.registrar.b");
    Random numbers = new Random(5);
    List<CompletableFuture<Receipt>> waiting = new ArrayList<>();
    try (AccessRecorder recorder = new AccessRecorder(writer, 500)) {
      for (int i = 0; i < 10; i++) {
        waiting.add(recorder.record(registrar, ChildNumber.generate(numbers), "review " + i));
      }
      ChildNumber twice = ChildNumber.generate(numbers);
      waiting.add(recorder.record(other, twice, "card"));
      waiting.add(recorder.record(other, twice, "card"));
      for (CompletableFuture<Receipt> read : waiting) {
        assertThat(read.get(5, TimeUnit.SECONDS).result().accepted()).isTrue();
      }
    }
    assertThat(submitted).hasSize(2);
    assertThat(submitted)
        .extracting(tx -> ((RecordAccess) tx.payload()).reads().size())
        .as("two reads of one child for one purpose are two reads")
        .containsExactlyInAnyOrder(10, 2);
    assertThat(submitted)
        .extracting(tx -> tx.body().actor().value())
        .containsExactlyInAnyOrder("ke.registrar.a", "ke.registrar.b");
  }

  @Test
  void aFullBatch_goesAtOnce() throws Exception {
    Actor registrar = officer("ke.registrar.a");
    Random numbers = new Random(6);
    try (AccessRecorder recorder = new AccessRecorder(writer, 60_000)) {
      CompletableFuture<Receipt> last = null;
      for (int i = 0; i < RecordAccess.MAX_READS; i++) {
        last = recorder.record(registrar, ChildNumber.generate(numbers), "audit sample");
      }
      assertThat(last.get(5, TimeUnit.SECONDS).result().accepted()).isTrue();
    }
    assertThat(submitted).hasSize(1);
  }

  @Test
  void aRefusedBatch_failsEveryReadInIt() {
    verdict = new Validation.Rejected(RejectReason.ROLE_NOT_PERMITTED, "may not read");
    Actor registrar = officer("ke.registrar.a");
    try (AccessRecorder recorder = new AccessRecorder(writer, 1)) {
      CompletableFuture<Receipt> read =
          recorder.record(registrar, ChildNumber.generate(new Random(7)), "curious");
      assertThatThrownBy(() -> LedgerWriter.accepted(read, null))
          .isInstanceOf(ApiProblem.class)
          .hasMessage("may not read");
    }
  }
}
