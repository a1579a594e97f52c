package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.haven.consensus.Receipt;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Role;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.Evidence;
import org.haven.core.registry.GuardianLink;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.LinkageInput;
import org.haven.core.registry.identity.LinkageKey;
import org.haven.core.registry.identity.LinkageToken;
import org.haven.core.registry.identity.LinkageTokens;
import org.haven.core.registry.identity.Sex;
import org.haven.core.state.RegistryState;
import org.haven.core.tx.ChangeChildStatus;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.DeclareChild;
import org.haven.core.tx.LinkGuardian;
import org.haven.core.tx.Payload;
import org.haven.core.tx.RecordAccess;
import org.haven.core.tx.ResolveDuplicate;
import org.haven.core.tx.SetAlert;
import org.haven.core.tx.Transaction;
import org.haven.storage.RocksLedgerStore;
import org.haven.vault.Commitment;
import org.haven.vault.Guardian;
import org.haven.vault.MasterKey;
import org.haven.vault.PersonalData;
import org.haven.vault.ReadResult;
import org.haven.vault.Vault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child registry end to end on a real node (Raft, RocksDB) with a real vault beside it: the
 * node's own API for the registry comes with officer sessions (a later issue), so this test plays
 * the part of that API, computing linkage tokens and commitments and keeping the data in the vault.
 */
class RegistryScenarioTest {
  private static final String[] PERSONAL = {
    "Mohammed",
    "Muhammad",
    "Wanjiru",
    "Zawadi",
    "Achieng",
    "Otieno",
    "2019-03-14",
    "2020-07-02",
    "A7654321",
    "Kakamega"
  };

  @TempDir Path dir;

  private final SecureRandom random = new SecureRandom();
  private final LinkageKey linkageKey = LinkageKey.generate(random);
  private SingleNodeLedger ledger;
  private HavenNode node;

  @Test
  void declareRegisterFindDuplicateLinkAlertAuditEraseAndVerify() throws Exception {
    ledger = SingleNodeLedger.writeTo(dir);
    SingleNodeLedger.Actor agent = ledger.newOfficer("ke.agent.wanjiku", Role.FIELD_AGENT);
    SingleNodeLedger.Actor registrar = ledger.newOfficer("ke.registrar.otieno", Role.REGISTRAR);
    SingleNodeLedger.Actor caseWorker = ledger.newOfficer("ke.caseworker.akinyi", Role.CASE_WORKER);
    Random numbers = new Random(11);
    ChildNumber mohammed = ChildNumber.generate(numbers);
    ChildNumber achieng = ChildNumber.generate(numbers);
    ChildNumber muhammad = ChildNumber.generate(numbers);
    PersonalData first = child("Mohammed", "Wanjiru", LocalDate.of(2019, 3, 14), Sex.MALE);
    PersonalData second = child("Achieng", "Otieno", LocalDate.of(2020, 7, 2), Sex.FEMALE);
    PersonalData variant = child("Muhammad", "Wanjiru", LocalDate.of(2019, 3, 14), Sex.MALE);

    node = HavenNode.start(dir);
    try (Vault vault = Vault.open(dir.resolve("vault"), MasterKey.generate(random))) {
      commit(agent.enrolment(), registrar.enrolment(), caseWorker.enrolment());

      // 1. Declare and register two children.
      commit(declare(agent, vault, mohammed, first), declare(agent, vault, achieng, second));
      commit(
          ledger.sign(registrar.id(), registrar.key(), register(mohammed)),
          ledger.sign(registrar.id(), registrar.key(), register(achieng)));

      // 2. A spelling variant of the first child is flagged; the registrar confirms it.
      commit(declare(agent, vault, muhammad, variant));
      assertThat(registry().openDuplicateReviews(muhammad)).containsExactly(mohammed);
      commit(
          ledger.sign(
              registrar.id(), registrar.key(), new ResolveDuplicate(muhammad, mohammed, true)));

      // 3. Link the mother.
      GuardianLink mother =
          new GuardianLink(
              Relationship.MOTHER,
              Hash.sha256("NATIONAL_ID|A7654321|KE".getBytes(StandardCharsets.UTF_8)),
              true,
              "birth notification 2019/0314");
      commit(
          ledger.sign(registrar.id(), registrar.key(), new LinkGuardian(mohammed, mother, true)));

      // 4. Raise and resolve an alert.
      commit(alert(caseWorker, mohammed, SetAlert.Action.RAISE));
      assertThat(registry().alert(mohammed).orElseThrow().open()).isTrue();
      commit(alert(caseWorker, mohammed, SetAlert.Action.RESOLVE));

      // 5. Read the personal data, record the read, find it in the access log.
      ReadResult.Found read = (ReadResult.Found) vault.read(mohammed);
      assertThat(read.data()).isEqualTo(first);
      assertThat(
              Commitment.opens(
                  registry().child(mohammed).orElseThrow().commitment(), read.data(), read.salt()))
          .isTrue();
      commit(
          ledger.sign(
              registrar.id(),
              registrar.key(),
              new RecordAccess(List.of(new RecordAccess.Read(mohammed, "printing the card")))));
      assertThat(registry().accessLog(mohammed))
          .singleElement()
          .satisfies(entry -> assertThat(entry.reader()).isEqualTo(registrar.id()));

      // 6. Erase the second child: the ledger says so, the data is gone for good.
      commit(
          ledger.sign(
              registrar.id(),
              registrar.key(),
              new ChangeChildStatus(achieng, ChildStatus.ERASED, "the family asked")));
      vault.erase(achieng);
      assertThat(vault.read(achieng)).isInstanceOf(ReadResult.Erased.class);
      assertThat(registry().child(achieng).orElseThrow().status()).isEqualTo(ChildStatus.ERASED);
    } finally {
      node.close();
    }

    // 7. The whole ledger still verifies, and no personal data is in clear anywhere on disk.
    try (RocksLedgerStore store =
        RocksLedgerStore.openReadOnly(dir.resolve(HavenNode.LEDGER_DIR))) {
      LedgerVerifier.Report report =
          new LedgerVerifier(store, ledger.genesis(), SingleNodeLedger.ORG).verify((h, l) -> {});
      assertThat(report.ok()).as(report.problem()).isTrue();
    }
    assertNoPersonalDataUnder(dir);
  }

  private RegistryState registry() {
    return node.queries().registry();
  }

  private static PersonalData child(String given, String family, LocalDate born, Sex sex) {
    return new PersonalData(
        given,
        family,
        born,
        "Kakamega",
        sex,
        List.of(new Guardian(Relationship.MOTHER, "Zawadi Wanjiru", Optional.empty())),
        Optional.empty(),
        "");
  }

  private Transaction declare(
      SingleNodeLedger.Actor agent, Vault vault, ChildNumber number, PersonalData data) {
    Bytes salt = Commitment.newSalt(random);
    vault.put(number, data, salt);
    List<LinkageToken> tokens =
        LinkageTokens.compute(
            linkageKey,
            new LinkageInput(
                data.givenNames(),
                data.familyNames(),
                data.sex(),
                data.dateOfBirth(),
                "Zawadi",
                "Wanjiru"));
    Payload declaration =
        new DeclareChild(
            number,
            SingleNodeLedger.KENYA,
            Commitment.commit(data, salt),
            tokens,
            false,
            Evidence.BIRTH_NOTIFICATION,
            List.of());
    return ledger.sign(agent.id(), agent.key(), declaration);
  }

  private static DecideDeclaration register(ChildNumber child) {
    return new DecideDeclaration(child, DecideDeclaration.Decision.REGISTER, "notification seen");
  }

  private Transaction alert(
      SingleNodeLedger.Actor caseWorker, ChildNumber child, SetAlert.Action action) {
    return ledger.sign(
        caseWorker.id(),
        caseWorker.key(),
        new SetAlert(child, action, AlertPriority.HIGH, "Child Helpline 116"));
  }

  private void commit(Transaction... txs) throws Exception {
    for (Transaction tx : txs) {
      Receipt receipt = node.submit(tx.encoded()).get(30, TimeUnit.SECONDS);
      assertThat(receipt.result().validation()).as(tx.toString()).matches(v -> v.isAccepted());
    }
  }

  private static void assertNoPersonalDataUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        for (String personal : PERSONAL) {
          assertThat(text).as("%s holds %s in clear", file, personal).doesNotContain(personal);
        }
      }
    }
  }
}
