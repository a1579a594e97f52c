package org.haven.node.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.haven.consensus.NodeBusyException;
import org.haven.consensus.Receipt;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.core.ledger.TxResult;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.LinkageKey;
import org.haven.core.registry.identity.Sex;
import org.haven.core.state.InMemoryState;
import org.haven.core.state.LedgerState;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.Validation;
import org.haven.node.api.ApiProblem;
import org.haven.vault.Commitment;
import org.haven.vault.MasterKey;
import org.haven.vault.PersonalData;
import org.haven.vault.ReadResult;
import org.haven.vault.Vault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An erasure destroys the child's data key only once the ledger has committed it: an erasure the
 * ledger does not take must leave the data where it was, since the ledger still says the child
 * exists. The ledger here is a fake gateway, the vault a real one.
 */
class ErasureOrderTest {
  private static final OrgId ORG = new OrgId("ke-crs");
  private static final Jurisdiction KENYA = new Jurisdiction("KE");

  @TempDir Path temp;

  private final SecureRandom random = new SecureRandom();
  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
  private final Actor registrar =
      new Actor(
          new Officer(
              new OfficerId("ke-crs.registrar"), ORG, Role.REGISTRAR, KENYA, key.publicKey(), true),
          key);
  private final ChildNumber child = ChildNumber.generate(random);
  private final InMemoryState state = new InMemoryState();

  @Test
  void anErasureTheLedgerDoesNotTake_leavesTheDataInTheVault() {
    try (Vault vault = vaultHoldingTheChild()) {
      RegistryService registry =
          registry(vault, tx -> CompletableFuture.failedFuture(NodeBusyException.full(1)));

      assertThatThrownBy(() -> registry.erase(registrar, child, "requested by the guardian"))
          .isInstanceOf(ApiProblem.class)
          .hasMessageContaining("nothing was changed");

      assertThat(vault.read(child)).isInstanceOf(ReadResult.Found.class);
    }
  }

  @Test
  void anErasureTheLedgerCommits_destroysTheData() {
    try (Vault vault = vaultHoldingTheChild()) {
      RegistryService registry =
          registry(
              vault,
              tx ->
                  CompletableFuture.completedFuture(
                      new Receipt(
                          new TxResult(Optional.of(tx.id()), Validation.accepted(), 7), 3)));

      RegistryService.Committed erased = registry.erase(registrar, child, "requested");

      assertThat(erased.blockHeight()).isEqualTo(3);
      assertThat(vault.read(child)).isInstanceOf(ReadResult.Erased.class);
    }
  }

  @Test
  void aChildTheLedgerErased_readsAsErased_evenWhileTheVaultStillHoldsIt() {
    try (Vault vault = vaultHoldingTheChild()) {
      new LedgerState(state)
          .registry()
          .updateChild(
              child,
              record ->
                  new ChildRecord(
                      record.number(),
                      record.issuer(),
                      record.jurisdiction(),
                      ChildStatus.ERASED,
                      record.commitment(),
                      record.linkageTokens(),
                      record.version() + 1,
                      record.declaration()));
      RegistryService registry =
          registry(vault, tx -> CompletableFuture.failedFuture(new AssertionError("no write")));

      assertThatThrownBy(() -> registry.erase(registrar, child, "again"))
          .isInstanceOf(ApiProblem.class)
          .hasMessageContaining("was erased");
      assertThat(vault.read(child)).isInstanceOf(ReadResult.Found.class);
    }
  }

  private Vault vaultHoldingTheChild() {
    Vault vault = Vault.open(temp.resolve("vault"), MasterKey.generate(random));
    PersonalData data =
        new PersonalData(
            "Amani",
            "Otieno",
            LocalDate.of(2021, 2, 3),
            "Kisumu",
            Sex.FEMALE,
            List.of(),
            Optional.empty(),
            "");
    vault.put(child, data, Commitment.newSalt(random));
    new LedgerState(state)
        .registry()
        .putChild(
            new ChildRecord(
                child,
                ORG,
                KENYA,
                ChildStatus.REGISTERED,
                Hash.ZERO,
                List.of(),
                1,
                Optional.empty()));
    return vault;
  }

  private RegistryService registry(
      Vault vault, Function<Transaction, CompletableFuture<Receipt>> submit) {
    LedgerGateway gateway =
        new LedgerGateway() {
          @Override
          public Validation check(Transaction tx) {
            return Validation.accepted();
          }

          @Override
          public CompletableFuture<Receipt> submit(Transaction tx) {
            return submit.apply(tx);
          }
        };
    return new RegistryService(
        ORG,
        LinkageKey.generate(random),
        vault,
        state,
        state,
        index -> Optional.empty(),
        new LedgerWriter(Hash.ZERO, gateway, random, Clock.systemUTC()),
        random);
  }
}
