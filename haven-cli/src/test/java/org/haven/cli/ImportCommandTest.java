package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
    JsonNode first = personalData(children.get(0));
    assertThat(first.path("child").path("givenNames").asText()).isEqualTo("Tumaini");
    assertThat(first.path("child").path("dateOfBirth").asText()).isEqualTo("2021-02-03");
    assertThat(first.path("child").path("placeOfBirth").asText()).isEqualTo("Eldoret, Uasin Gishu");
    assertThat(first.path("guardians").get(0).path("relationship").asText()).isEqualTo("MOTHER");
    assertThat(Files.readAllLines(rejects(csv))).containsExactly("line,field,reason");
  }

  @Test
  void everyClassOfBadRow_isRejectedWithLineFieldAndReason_whileGoodRowsGoIn() throws Exception {
    Path csv = copy("bad-rows.csv");

    CliRun run = importing(csv);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(
            "imported                 2",
            "duplicates for review    1",
            "rejected                 7");
    assertThat(Files.readAllLines(rejects(csv)))
        .containsExactly(
            "line,field,reason",
            "3,birth_date,invalid date: not a real date in the mapping's dateFormat",
            "4,birth_date,future birth: the date of birth is after today",
            "5,sex,unknown sex code: not one of the mapping's sexCodes",
            "6,,broken CSV quoting: Invalid character between encapsulated token and delimiter",
            "7,record_id,duplicate source id: the row on line 2 has the same one",
            "8,first_name,invalid UTF-8: the bytes of this value are not text",
            "9,surname,missing required field familyNames");
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
    Path csv = generatedRegister(40);
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
    assertThat(childNumbers(csv, "IMPORTED")).isEqualTo(children);
    assertThat(today().path("declarations").asInt()).isEqualTo(before.path("declarations").asInt());
  }

  private static CliRun importing(Path csv) {
    return CliRun.run(arguments(csv));
  }

  private static String[] arguments(Path csv) {
    return new String[] {
      "import",
      "--csv",
      csv.toString(),
      "--mapping",
      TESTDATA.resolve("mapping.json").toString(),
      "--no-progress",
      "--session-file",
      session.toString()
    };
  }

  private static Path copy(String name) throws Exception {
    return copy(name, name);
  }

  private static Path copy(String name, String as) throws Exception {
    return Files.copy(TESTDATA.resolve(name), temp.resolve(as));
  }

  private static Path rejects(Path csv) {
    return Path.of(csv + ".rejects.csv");
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

  /** A register of {@code rows} children, each with its own names and date of birth. */
  private static Path generatedRegister(int rows) throws Exception {
    List<String> given =
        List.of("Akoth", "Barasa", "Chebet", "Dalmas", "Ekai", "Faraji", "Gakii", "Halake");
    List<String> family = List.of("Lokwawi", "Mnyazi", "Ngugi", "Oloo", "Pkemoi", "Rotich");
    StringBuilder csv =
        new StringBuilder(
            "record_id,first_name,surname,birth_date,birth_place,sex,mother_name,mother_id,father_name\n");
    LocalDate first = LocalDate.of(2015, 1, 1);
    for (int i = 0; i < rows; i++) {
      LocalDate born = first.plusDays(37L * i);
      csv.append(
          String.format(
              "K%05d,%s,%s,%02d/%02d/%d,Turkana,%s,,,%n",
              i,
              given.get(i % given.size()),
              family.get(i / given.size() % family.size()),
              born.getDayOfMonth(),
              born.getMonthValue(),
              born.getYear(),
              i % 2 == 0 ? "F" : "M"));
    }
    return Files.writeString(temp.resolve("generated.csv"), csv, StandardCharsets.UTF_8);
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
