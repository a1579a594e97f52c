package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.haven.consensus.Receipt;
import org.haven.core.identity.Role;
import org.haven.storage.RocksLedgerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child registry end to end through the node's HTTP API, as officers use it: a real node (Raft,
 * RocksDB, vault), real logins, every step a signed ledger transaction; then {@code verify} and a
 * search of every file for the children's personal data.
 */
class RegistryScenarioTest {
  static final String PASSWORD = "correct horse battery";

  /** Every personal value sent below; none may reach the data directory in clear. */
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
    "Kakamega",
    "Kisumu"
  };

  @TempDir Path root;

  @Test
  void declareRegisterFindDuplicateLinkAlertAuditEraseAndVerify() throws Exception {
    SingleNodeLedger ledger = SingleNodeLedger.writeTo(root);
    List<SingleNodeLedger.Actor> officers = new ArrayList<>();
    for (Object[] officer :
        new Object[][] {
          {"ke.agent.wanjiku", Role.FIELD_AGENT},
          {"ke.registrar.otieno", Role.REGISTRAR},
          {"ke.caseworker.akinyi", Role.CASE_WORKER},
          {"ke.auditor.mwangi", Role.AUDITOR},
          {"ke.border.kamau", Role.BORDER_OFFICER}
        }) {
      SingleNodeLedger.Actor actor = ledger.newOfficer((String) officer[0], (Role) officer[1]);
      ledger.saveCredential(actor.id(), actor.key(), PASSWORD);
      officers.add(actor);
    }
    try (HavenNode node = HavenNode.start(ledger.dataDir())) {
      for (SingleNodeLedger.Actor officer : officers) {
        Receipt receipt = node.submit(officer.enrolment().encoded()).get(30, TimeUnit.SECONDS);
        assertThat(receipt.result().accepted()).isTrue();
      }
      ApiClient agent = login(node, "ke.agent.wanjiku");
      ApiClient registrar = login(node, "ke.registrar.otieno");
      ApiClient caseWorker = login(node, "ke.caseworker.akinyi");
      ApiClient auditor = login(node, "ke.auditor.mwangi");
      ApiClient border = login(node, "ke.border.kamau");

      // 1. Declare and register two children.
      String mohammed = declare(agent, "Mohammed", "2019-03-14", "MALE", "Kakamega");
      String achieng = declare(agent, "Achieng", "2020-07-02", "FEMALE", "Kisumu");
      assertThat(childNumbers(registrar.get("/declarations").body().get("items")))
          .containsExactlyInAnyOrder(mohammed, achieng);
      for (String child : List.of(mohammed, achieng)) {
        ApiClient.Answer registered =
            registrar.post(
                "/children/" + child + "/decision",
                Map.of("decision", "REGISTER", "reason", "birth notification seen"));
        assertThat(registered.status()).as("%s", registered).isEqualTo(200);
        assertThat(registered.body().get("status").asText()).isEqualTo("REGISTERED");
      }

      // 2. A spelling variant is flagged as a possible duplicate; the registrar confirms it.
      ApiClient.Answer variant =
          agent.post("/children", declaration("Muhammad", "2019-03-14", "MALE", "Kakamega"));
      assertThat(variant.status()).as("%s", variant).isEqualTo(201);
      String muhammad = variant.body().get("childNumber").asText();
      assertThat(texts(variant.body().get("duplicateCandidates"))).containsExactly(mohammed);
      assertThat(childNumbers(registrar.get("/duplicate-reviews").body().get("items")))
          .containsExactly(muhammad);
      ApiClient.Answer refused =
          registrar.post(
              "/children/" + muhammad + "/decision",
              Map.of("decision", "REGISTER", "reason", "seen"));
      assertThat(refused.status()).as("%s", refused).isEqualTo(409);
      ApiClient.Answer resolved =
          registrar.post(
              "/children/" + muhammad + "/duplicate-review",
              Map.of("candidate", mohammed, "duplicate", true));
      assertThat(resolved.body().get("status").asText()).isEqualTo("DUPLICATE");
      assertThat(registrar.get("/duplicate-reviews").body().get("items").size()).isZero();

      // 3. Link the mother, who may consent to travel.
      ApiClient.Answer linked =
          registrar.post(
              "/children/" + mohammed + "/guardians",
              Map.of(
                  "relationship",
                  "MOTHER",
                  "document",
                  Map.of("type", "NATIONAL_ID", "number", "A7654321", "country", "KE"),
                  "mayConsentToTravel",
                  true,
                  "reference",
                  "birth notification 2019/0314"));
      assertThat(linked.status()).as("%s", linked).isEqualTo(200);
      assertThat(linked.body().get("guardians").get(0).get("mayConsentToTravel").asBoolean())
          .isTrue();

      // 4. Raise and resolve an alert; it shows in the open alerts while open.
      ApiClient.Answer raised =
          caseWorker.post(
              "/children/" + mohammed + "/alert",
              Map.of("action", "RAISE", "priority", "HIGH", "contactPoint", "Child Helpline 116"));
      assertThat(raised.status()).as("%s", raised).isEqualTo(200);
      assertThat(border.get("/alerts").body().get("items").get(0).get("childNumber").asText())
          .isEqualTo(mohammed);
      assertThat(
              caseWorker
                  .post(
                      "/children/" + mohammed + "/alert",
                      Map.of("action", "RESOLVE", "reason", "found safe at home"))
                  .status())
          .isEqualTo(200);
      assertThat(border.get("/alerts").body().get("items").size()).isZero();

      // 5. Read the personal data with a purpose; the read is in the access log.
      ApiClient.Answer read =
          registrar.get("/children/" + mohammed + "/personal-data?purpose=printing+the+card");
      assertThat(read.status()).as("%s", read).isEqualTo(200);
      assertThat(read.body().get("child").get("givenNames").asText()).isEqualTo("Mohammed");
      assertThat(read.body().get("guardians").get(0).get("document").get("number").asText())
          .isEqualTo("A7654321");
      ApiClient.Answer log = auditor.get("/children/" + mohammed + "/access-log");
      JsonNode reads = log.body().get("items");
      assertThat(reads.size()).isEqualTo(1);
      assertThat(reads.get(0).get("reader").asText()).isEqualTo("ke.registrar.otieno");
      assertThat(reads.get(0).get("purpose").asText()).isEqualTo("printing the card");
      assertThat(border.get("/children/" + mohammed + "/personal-data?purpose=curious").status())
          .isEqualTo(403);
      assertThat(auditor.get("/children/" + mohammed + "/access-log").body().get("items").size())
          .as("the refused read is not recorded")
          .isEqualTo(1);

      // 6. Erase the second child: the ledger says so, the data is gone for good.
      ApiClient.Answer erased =
          registrar.post("/children/" + achieng + "/erasure", Map.of("reason", "family request"));
      assertThat(erased.status()).as("%s", erased).isEqualTo(200);
      assertThat(erased.body().get("status").asText()).isEqualTo("ERASED");
      ApiClient.Answer afterErasure =
          registrar.get("/children/" + achieng + "/personal-data?purpose=check");
      assertThat(afterErasure.status()).isEqualTo(200);
      assertThat(afterErasure.body().get("erased").asBoolean()).isTrue();
      assertThat(afterErasure.body().has("child")).isFalse();
    }

    // 7. The whole ledger still verifies, and no personal data is in clear anywhere on disk.
    try (RocksLedgerStore store =
        RocksLedgerStore.openReadOnly(ledger.dataDir().resolve(HavenNode.LEDGER_DIR))) {
      LedgerVerifier.Report report =
          new LedgerVerifier(store, ledger.genesis())
              .verify(root.resolve("verify-scratch"), (h, l) -> {});
      assertThat(report.ok()).as(report.problem()).isTrue();
    }
    assertNoPersonalDataUnder(root);
  }

  private static ApiClient login(HavenNode node, String officer) throws Exception {
    return new ApiClient(node.httpPort()).loggedIn(officer, PASSWORD);
  }

  static Map<String, Object> declaration(String given, String born, String sex, String place) {
    return Map.of(
        "evidence", "BIRTH_NOTIFICATION",
        "child",
            Map.of(
                "givenNames", given,
                "familyNames", "Wanjiru",
                "dateOfBirth", born,
                "placeOfBirth", place,
                "sex", sex),
        "guardians",
            List.of(
                Map.of(
                    "relationship", "MOTHER",
                    "names", "Zawadi Wanjiru",
                    "document",
                        Map.of("type", "NATIONAL_ID", "number", "A7654321", "country", "KE"))));
  }

  private static String declare(
      ApiClient agent, String given, String born, String sex, String place) throws Exception {
    ApiClient.Answer answer = agent.post("/children", declaration(given, born, sex, place));
    assertThat(answer.status()).as("%s", answer).isEqualTo(201);
    assertThat(answer.body().get("status").asText()).isEqualTo("DECLARED");
    return answer.body().get("childNumber").asText();
  }

  private static List<String> childNumbers(JsonNode items) {
    List<String> numbers = new ArrayList<>();
    items.forEach(item -> numbers.add(item.get("childNumber").asText()));
    return numbers;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static void assertNoPersonalDataUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String personal : PERSONAL) {
          assertThat(text).as("%s holds %s in clear", file, personal).doesNotContain(personal);
        }
      }
    }
  }
}
