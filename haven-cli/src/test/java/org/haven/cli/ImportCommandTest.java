package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haven import} against a started demo node, as its Kenyan registrar: the example register
 * goes in, every class of bad row is rejected with its line, field and reason while the good rows
 * go in, and an import killed with {@code kill -9} then run again puts each row on the ledger once.
 */
class ImportCommandTest {
  private static final Path TESTDATA = Path.of("..", "testdata", "import");
  private static final String REGISTRAR = "ke.registrar.otieno";
  private static final String AUDITOR = "unicef.auditor.mwangi";
  private static final String MOTHER_DOCUMENT_POLICY =
      "missing mother's document: the mapping's policy (motherDocumentRequired) needs the"
          + " mother's names and document";

  @TempDir static Path temp;

  private static DemoCommand.Running demo;
  private static NodeHttp http;
  private static String nodeUrl;
  private static Path session;
  private static String registrarToken;
  private static String auditorToken;

  @BeforeAll
  static void startDemo() throws Exception {
    demo = DemoCommand.start(Files.createDirectories(temp.resolve("node")), 0);
    http = new NodeHttp(demo.node().httpPort());
    nodeUrl = "http://127.0.0.1:" + demo.node().httpPort();
    session = temp.resolve("session.json");
    Path password = Files.writeString(temp.resolve("password"), DemoCommand.DEMO_PASSWORD);
    CliRun.succeed(
        "login",
        "--node",
        nodeUrl,
        "--officer",
        REGISTRAR,
        "--password-file",
        password.toString(),
        "--session-file",
        session.toString());
    registrarToken = http.login(REGISTRAR, DemoCommand.DEMO_PASSWORD);
    auditorToken = http.login(AUDITOR, DemoCommand.DEMO_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    demo.node().close();
  }

  @Test
  void theExampleRegister_isDeclaredAndRegistered_withItsPersonalDataInTheVault() throws Exception {
    Path csv = copy("registry.csv");

    CliRun run = importing(csv);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(
            "imported                 4",
            "duplicates for review    0",
            "rejected                 0");
    List<String> children = childNumbers(csv, "IMPORTED");
    assertThat(children).hasSize(4).doesNotHaveDuplicates();
    for (String child : children) {
      assertThat(record(child).path("status").asText()).isEqualTo("REGISTERED");
    }
    JsonNode first = personalData(childOf(csv, 2));
    assertThat(first.path("child").path("givenNames").asText()).isEqualTo("Tumaini");
    assertThat(first.path("child").path("dateOfBirth").asText()).isEqualTo("2021-02-03");
    assertThat(first.path("child").path("placeOfBirth").asText()).isEqualTo("Eldoret, Uasin Gishu");
    assertThat(first.path("guardians").get(0).path("relationship").asText()).isEqualTo("MOTHER");
    assertThat(Files.readAllLines(rejects(csv))).containsExactly("line,field,reason");
  }

  @Test
  void everyClassOfBadRow_isRejectedWithLineFieldAndReason_whileGoodRowsGoIn() throws Exception {
    Path csv = copy("bad-rows.csv");

    CliRun run =
        CliRun.run(
            arguments("--csv", csv, TESTDATA.resolve("mapping-policy.json"), "--parallel", "1"));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(
            "imported                 2",
            "duplicates for review    1",
            "rejected                 8");
    assertThat(Files.readAllLines(rejects(csv)))
        .containsExactly(
            "line,field,reason",
            "3,birth_date,invalid date: not a real date in the mapping's dateFormat",
            "4,birth_date,future birth: the date of birth is after today",
            "5,sex,unknown sex code: not one of the mapping's sexCodes",
            "6,,broken CSV quoting: Invalid character between encapsulated token and delimiter",
            "7,record_id,duplicate source id: the row at line 2 has the same one",
            "8,first_name,invalid UTF-8: the bytes of this value are not text",
            "9,surname,missing required field familyNames",
            "12,mother_id," + MOTHER_DOCUMENT_POLICY);
    String rejected = Files.readString(rejects(csv));
    assertThat(rejected).as("no personal value is repeated").doesNotContain("Ama", "Zuri", "X,");
    List<String> review = childNumbers(csv, "REVIEW");
    assertThat(review).hasSize(1);
    HttpResponse<String> queue = http.get("/duplicate-reviews", registrarToken);
    assertThat(queue.statusCode()).as(queue.body()).isEqualTo(200);
    assertThat(queue.body()).contains(review.get(0));
    assertThat(record(review.get(0)).path("status").asText()).isNotEqualTo("REGISTERED");
  }

  @Test
  void killedWithKillNine_thenRunAgain_putsEachRowOnTheLedgerOnce() throws Exception {
    Path csv = generatedRegister("generated.csv", "K", 40, LocalDate.of(2015, 1, 1));
    JsonNode before = today();

    try (HavenProcess killed =
        HavenProcess.start(temp.resolve("killed-stderr.log"), arguments(csv))) {
      Path progress = Path.of(csv + ".progress");
      long deadline = System.nanoTime() + HavenProcess.PATIENCE.toNanos();
      while (rowsIn(progress) < 5 && killed.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(killed.isAlive()).as("still importing when killed: " + killed.stderr()).isTrue();
      killed.killHard();
    }
    int finishedBefore = rowsIn(Path.of(csv + ".progress"));
    assertThat(finishedBefore).isBetween(5, 39);

    CliRun resumed = importing(csv);

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("imported                 40", "rejected                 0");
    List<String> children = childNumbers(csv, "IMPORTED");
    assertThat(children).hasSize(40).doesNotHaveDuplicates();
    JsonNode after = today();
    assertThat(after.path("declarations").asInt() - before.path("declarations").asInt())
        .as("declarations on the ledger")
        .isEqualTo(40);
    assertThat(after.path("registrations").asInt() - before.path("registrations").asInt())
        .as("registrations on the ledger")
        .isEqualTo(40);
  }

  @Test
  void aMappingThatTriesToChooseTheJurisdiction_isRefused_andNothingIsSent() throws Exception {
    Path csv =
        Files.writeString(
            temp.resolve("elsewhere.csv"),
            "record_id,first_name,surname,birth_date,sex,jurisdiction\n"
                + "U1,Nakato,Ssempala,04/04/2021,F,UG\n");
    Path mapping =
        Files.writeString(
            temp.resolve("elsewhere.json"),
            Files.readString(TESTDATA.resolve("mapping.json"))
                .replace(
                    "\"sourceId\": \"record_id\",",
                    "\"sourceId\": \"record_id\", \"jurisdiction\": \"jurisdiction\","));
    JsonNode before = today();

    CliRun run =
        CliRun.run(
            "import",
            "--csv",
            csv.toString(),
            "--mapping",
            mapping.toString(),
            "--no-progress",
            "--session-file",
            session.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(run.err()).contains("'jurisdiction', which is not a field");
    assertThat(today().path("declarations").asInt()).isEqualTo(before.path("declarations").asInt());
    assertThat(Path.of(csv + ".progress")).doesNotExist();
  }

  @Test
  void theSameRegisterImportedAgain_withItsProgressLost_addsNothingToTheLedger() throws Exception {
    Path csv = copy("registry.csv", "replayed.csv");
    CliRun first = importing(csv);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    List<String> children = childNumbers(csv, "IMPORTED");
    Files.delete(Path.of(csv + ".progress"));
    JsonNode before = today();

    CliRun replayed = importing(csv);

    assertThat(replayed.exitCode()).as(replayed.toString()).isZero();
    assertThat(childNumbers(csv, "IMPORTED")).containsExactlyInAnyOrderElementsOf(children);
    assertThat(today().path("declarations").asInt()).isEqualTo(before.path("declarations").asInt());
  }

  @Test
  void fhirBundles_areDeclaredAndRegistered_withTheirMotherFatherAndGuardianInTheVault()
      throws Exception {
    Path bundles = copyDirectory("fhir");

    CliRun run = CliRun.run(arguments("--fhir", bundles, TESTDATA.resolve("fhir-mapping.json")));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(
            "imported                 3",
            "duplicates for review    0",
            "rejected                 0");
    assertThat(childNumbers(bundles, "IMPORTED")).hasSize(3).doesNotHaveDuplicates();
    JsonNode first = personalData(childOf(bundles, 1));
    assertThat(first.path("child").path("givenNames").asText()).isEqualTo("Wanjiku");
    assertThat(first.path("child").path("familyNames").asText()).isEqualTo("Kariuki");
    assertThat(first.path("child").path("dateOfBirth").asText()).isEqualTo("2021-03-14");
    assertThat(first.path("child").path("sex").asText()).isEqualTo("FEMALE");
    assertThat(first.path("child").path("placeOfBirth").asText())
        .isEqualTo("Nakuru, Nakuru County");
    assertThat(first.path("guardians").findValuesAsText("relationship"))
        .containsExactly("MOTHER", "FATHER");
    assertThat(first.path("guardians").get(0).path("names").asText()).isEqualTo("Njeri Kariuki");
    assertThat(first.path("guardians").get(0).path("document").path("number").asText())
        .isEqualTo("28374651");
    JsonNode second = personalData(childOf(bundles, 2));
    assertThat(second.path("child").path("givenNames").asText()).isEqualTo("Otieno Baraka");
    assertThat(second.path("child").path("placeOfBirth").asText())
        .isEqualTo("Kisumu, Kisumu Central");
    JsonNode third = personalData(childOf(bundles, 3));
    assertThat(third.path("guardians").get(0).path("relationship").asText())
        .isEqualTo("LEGAL_GUARDIAN");
    assertThat(record(childOf(bundles, 3)).path("status").asText()).isEqualTo("REGISTERED");
  }

  @Test
  void everyClassOfBadRecord_inFhirBundles_isRejectedWithItsEntryElementAndReason()
      throws Exception {
    Path bundles = copyDirectory("fhir-bad");

    CliRun run =
        CliRun.run(arguments("--fhir", bundles, TESTDATA.resolve("fhir-mapping-policy.json")));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(
            "imported                 2",
            "duplicates for review    1",
            "rejected                 9");
    List<String> rejected = Files.readAllLines(rejects(bundles));
    assertThat(rejected.get(0)).isEqualTo("record,field,reason");
    assertThat(rejected.subList(1, rejected.size()))
        .containsExactlyInAnyOrder(
            "bundle-001.json Bundle.entry[14],,"
                + "RelatedPerson.patient refers to no Patient of this bundle",
            "bundle-001.json Bundle.entry[2],Patient.birthDate,"
                + "invalid date: not a real date in the mapping's dateFormat",
            "bundle-001.json Bundle.entry[4],Patient.birthDate,"
                + "future birth: the date of birth is after today",
            "bundle-001.json Bundle.entry[6],Patient.gender,"
                + "unknown sex code: not one of the mapping's sexCodes",
            "bundle-001.json Bundle.entry[8],Patient.identifier,"
                + "duplicate source id: the row at record bundle-001.json Bundle.entry[0] has the"
                + " same one",
            "bundle-001.json Bundle.entry[10],Patient.name.family,"
                + "missing required field familyNames",
            "bundle-001.json Bundle.entry[12],RelatedPerson(MOTHER).identifier,"
                + MOTHER_DOCUMENT_POLICY,
            "bundle-002.json Bundle.entry[0],Patient.name.given,"
                + "invalid UTF-8: the bytes of this value are not text",
            "bundle-003.json,,not a FHIR R4 JSON Bundle: the file is not well-formed JSON or"
                + " holds another resource");
    assertThat(String.join("\n", rejected))
        .as("no personal value is repeated")
        .doesNotContain("Zuri", "2099", "\"X\"", "Kamaria");
    List<String> review = childNumbers(bundles, "REVIEW");
    assertThat(review).hasSize(1);
    HttpResponse<String> queue = http.get("/duplicate-reviews", registrarToken);
    assertThat(queue.body()).contains(review.get(0));
  }

  /**
   * Every answer to a declaration is lost: the import stops saying to run the same command again
   * (it takes no {@code --idempotency-key}); run again, it puts each row on the ledger once.
   */
  @Test
  void answersLostOnTheWay_stopTheImportWithRerunAdvice_andTheRerunImportsEachRowOnce()
      throws Exception {
    Path csv = generatedRegister("lost.csv", "L", 6, LocalDate.of(2016, 3, 1));
    JsonNode before = today();
    try (LinkProxy link =
        new LinkProxy(new InetSocketAddress("127.0.0.1", demo.node().httpPort()))) {
      link.dropAnswersTo("POST /api/v1/children ");
      String[] throughTheLink =
          arguments(
              "--csv",
              csv,
              TESTDATA.resolve("mapping.json"),
              "--parallel",
              "1",
              "--node",
              "http://" + link.address());

      CliRun lost = CliRun.run(throughTheLink);

      assertThat(lost.exitCode()).as(lost.toString()).isNotZero();
      assertThat(link.droppedAnswers()).isEqualTo(NodeClient.WRITE_ATTEMPTS);
      assertThat(lost.err())
          .contains("The write may have been done", "run the same command again on the same input")
          .doesNotContain("--idempotency-key");
      link.stopDroppingAnswers();

      CliRun rerun = CliRun.run(throughTheLink);

      assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
      assertThat(rerun.out())
          .as(Files.readString(rejects(csv)))
          .contains("imported                 6");
    }
    JsonNode after = today();
    assertThat(after.path("declarations").asInt() - before.path("declarations").asInt())
        .as("declarations on the ledger")
        .isEqualTo(6);
  }

  private static CliRun importing(Path csv) {
    return CliRun.run(arguments(csv));
  }

  private static String[] arguments(Path csv) {
    return arguments("--csv", csv, TESTDATA.resolve("mapping.json"));
  }

  /** {@code haven import FORMAT INPUT --mapping MAPPING} in the registrar's session, and more. */
  private static String[] arguments(String format, Path input, Path mapping, String... more) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "import",
                format,
                input.toString(),
                "--mapping",
                mapping.toString(),
                "--no-progress",
                "--session-file",
                session.toString()));
    arguments.addAll(List.of(more));
    return arguments.toArray(String[]::new);
  }

  private static Path copy(String name) throws Exception {
    return copy(name, name);
  }

  private static Path copy(String name, String as) throws Exception {
    return Files.copy(TESTDATA.resolve(name), temp.resolve(as));
  }

  private static Path copyDirectory(String name) throws Exception {
    Path copy = Files.createDirectories(temp.resolve(name));
    try (var files = Files.list(TESTDATA.resolve(name))) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    return copy;
  }

  private static Path rejects(Path csv) {
    return Path.of(csv + ".rejects.csv");
  }

  /** The child number the progress file records for row {@code number} of the input. */
  private static String childOf(Path input, int number) throws Exception {
    return Files.readAllLines(Path.of(input + ".progress")).stream()
        .skip(1)
        .map(line -> line.split("\t", -1))
        .filter(fields -> fields[0].equals(String.valueOf(number)))
        .map(fields -> fields[2])
        .findFirst()
        .orElseThrow();
  }

  /** The child numbers of the rows the progress file records as ending {@code outcome}. */
  private static List<String> childNumbers(Path csv, String outcome) throws Exception {
    return Files.readAllLines(Path.of(csv + ".progress")).stream()
        .skip(1)
        .map(line -> line.split("\t", -1))
        .filter(fields -> fields[1].equals(outcome))
        .map(fields -> fields[2])
        .collect(Collectors.toList());
  }

  private static int rowsIn(Path progress) throws Exception {
    return Files.exists(progress) ? Math.max(0, Files.readAllLines(progress).size() - 1) : 0;
  }

  /**
   * A register of {@code rows} children, each with its own names and date of birth, the first born
   * on {@code first}, their source ids starting with {@code prefix} (the register's name is the
   * same in every test: each test's rows need their own ids).
   */
  private static Path generatedRegister(String name, String prefix, int rows, LocalDate first)
      throws Exception {
    List<String> given =
        List.of("Akoth", "Barasa", "Chebet", "Dalmas", "Ekai", "Faraji", "Gakii", "Halake");
    List<String> family = List.of("Lokwawi", "Mnyazi", "Ngugi", "Oloo", "Pkemoi", "Rotich");
    StringBuilder csv =
        new StringBuilder(
            "record_id,first_name,surname,birth_date,birth_place,sex,mother_name,mother_id,father_name\n");
    for (int i = 0; i < rows; i++) {
      LocalDate born = first.plusDays(37L * i);
      csv.append(
          String.format(
              "%s%05d,%s,%s,%02d/%02d/%d,Turkana,%s,,,%n",
              prefix,
              i,
              given.get(i % given.size()),
              family.get(i / given.size() % family.size()),
              born.getDayOfMonth(),
              born.getMonthValue(),
              born.getYear(),
              i % 2 == 0 ? "F" : "M"));
    }
    return Files.writeString(temp.resolve(name), csv, StandardCharsets.UTF_8);
  }

  private static JsonNode record(String child) throws Exception {
    HttpResponse<String> answer = http.get("/children/" + child, registrarToken);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return NodeHttp.json(answer);
  }

  private static JsonNode personalData(String child) throws Exception {
    HttpResponse<String> answer =
        http.get("/children/" + child + "/personal-data?purpose=import%20check", registrarToken);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return NodeHttp.json(answer);
  }

  /** Today's counts from the node's daily statistics, as the auditor reads them. */
  private static JsonNode today() throws Exception {
    String date = LocalDate.now(ZoneOffset.UTC).toString();
    HttpResponse<String> answer =
        http.get("/stats/daily?from=" + date + "&to=" + date, auditorToken);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return NodeHttp.json(answer).path("days").get(0);
  }
}
