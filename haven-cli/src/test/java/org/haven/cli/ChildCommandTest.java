package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haven.cli.Output.json;
import static org.haven.cli.Output.text;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each {@code haven child} command, logged in, against a fake node: the request it sends (method,
 * path, bearer token, JSON body) and what it prints.
 */
class ChildCommandTest extends LoggedInTest {
  private static final String NUMBER = "5283-9461-072";
  private static final String TX = "\"transactionId\": \"9f2c\"";

  @Test
  void declare_postsTheFile_andPrintsNumberStatusAndCandidates() throws Exception {
    String declaration =
        "{\"late\": false, \"evidence\": \"BIRTH_NOTIFICATION\", \"attestors\": [],"
            + " \"child\": {\"givenNames\": \"Mohammed\", \"familyNames\": \"Wanjiru\","
            + " \"dateOfBirth\": \"2019-03-14\", \"placeOfBirth\": \"Kakamega\", \"sex\": \"MALE\"},"
            + " \"guardians\": []}";
    Path file = Files.writeString(temp.resolve("declaration.json"), declaration);
    node.answer(
        "POST",
        "/children",
        201,
        "{\"childNumber\": \""
            + NUMBER
            + "\", \"status\": \"DECLARED\","
            + " \"duplicateCandidates\": [\"1234-5678-901\", \"2345-6789-012\"], "
            + TX
            + "}");

    CliRun declare = child("declare", "--file", file.toString());

    assertThat(declare.exitCode()).as(declare.toString()).isZero();
    assertRequest("POST", "/api/v1/children", declaration);
    assertThat(text(declare.out()))
        .isEqualTo(
            "child number          5283-9461-072\n"
                + "status                DECLARED\n"
                + "duplicate candidates  1234-5678-901, 2345-6789-012\n"
                + "transaction id        9f2c\n");
  }

  @Test
  void declare_aFileThatIsNotJson_failsBeforeAskingTheNode() throws Exception {
    Path file = Files.writeString(temp.resolve("declaration.json"), "{\"late\": false,\n  oops}");

    CliRun declare = child("declare", "--file", file.toString());

    assertThat(declare.exitCode()).as(declare.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(declare.err())
        .startsWith("haven: " + file + " is not valid JSON at line 2, column 3: ")
        .hasLineCount(1);
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void declare_aFileThatIsNotAnObject_failsBeforeAskingTheNode() throws Exception {
    Path file = Files.writeString(temp.resolve("declaration.json"), "[]");

    CliRun declare = child("declare", "--file", file.toString());

    assertThat(declare.exitCode()).as(declare.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(declare.err())
        .isEqualTo("haven: " + file + " must hold a JSON object ({...})" + System.lineSeparator());
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void show_getsTheChild_andPrintsTheLedgersView() throws Exception {
    node.answer(
        "GET",
        "/children/" + NUMBER,
        200,
        "{\"childNumber\": \""
            + NUMBER
            + "\", \"status\": \"REGISTERED\", \"jurisdiction\": \"KE\","
            + " \"organisation\": \"ke-civil-registry\", \"version\": 2, \"guardians\":"
            + " [{\"relationship\": \"MOTHER\", \"mayConsentToTravel\": true, \"reference\":"
            + " \"birth record 77\"}, {\"relationship\": \"LEGAL_GUARDIAN\","
            + " \"mayConsentToTravel\": false, \"reference\": \"court order 12\"}],"
            + " \"alert\": null, \"duplicateCandidates\": []}");

    CliRun show = child("show", NUMBER);

    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertRequest("GET", "/api/v1/children/" + NUMBER, "");
    assertThat(text(show.out()))
        .isEqualTo(
            "child number          5283-9461-072\n"
                + "status                REGISTERED\n"
                + "jurisdiction          KE\n"
                + "organisation          ke-civil-registry\n"
                + "version               2\n"
                + "guardians\n"
                + "  relationship    may consent to travel  reference\n"
                + "  MOTHER          yes                    birth record 77\n"
                + "  LEGAL_GUARDIAN  no                     court order 12\n"
                + "alert                 none\n"
                + "duplicate candidates  none\n");
  }

  @Test
  void show_withJson_printsTheNodesAnswerAsItIs() throws Exception {
    String answer = "{\"childNumber\":\"" + NUMBER + "\",\"status\":\"DECLARED\",\"version\":1}";
    node.answer("GET", "/children/" + NUMBER, 200, answer);

    CliRun show = child("show", NUMBER, "--json");

    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(json(show.out())).isEqualTo(json(answer));
    assertThat(show.out()).contains("\n  \"status\"");
  }

  @Test
  void aChildNumber_losesItsSpaces_andIsEncodedAsOnePathSegment() throws Exception {
    node.answer("GET", "/children/52839461072%2F..%3Fx", 200, "{}");

    CliRun show = child("show", " 5283 9461 072/..?x ");

    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(node.onlyRequest().rawPath()).isEqualTo("/api/v1/children/52839461072%2F..%3Fx");
    assertThat(node.onlyRequest().rawQuery()).isNull();
  }

  @Test
  void decide_postsTheDecisionAndReason() throws Exception {
    node.answer(
        "POST",
        "/children/52839461072/decision",
        200,
        "{\"childNumber\": \"" + NUMBER + "\", \"status\": \"REGISTERED\", " + TX + "}");

    CliRun decide =
        child("decide", "5283 9461 072", "--decision", "register", "--reason", "birth notified");

    assertThat(decide.exitCode()).as(decide.toString()).isZero();
    assertRequest(
        "POST",
        "/api/v1/children/52839461072/decision",
        "{\"decision\": \"REGISTER\", \"reason\": \"birth notified\"}");
    assertThat(text(decide.out()))
        .isEqualTo(
            "child number    5283-9461-072\n"
                + "status          REGISTERED\n"
                + "transaction id  9f2c\n");
  }

  @Test
  void decide_anUnknownDecision_isAUsageError() {
    CliRun decide = child("decide", NUMBER, "--decision", "APPROVE", "--reason", "x");

    assertThat(decide.exitCode()).as(decide.toString()).isEqualTo(2);
    assertThat(decide.err())
        .contains("expected one of [REGISTER, REJECT, REQUEST_INFORMATION]")
        .contains("'APPROVE'");
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void reviewDuplicate_sendsTheCandidateAndTheVerdict() throws Exception {
    String route = "/children/" + NUMBER + "/duplicate-review";
    node.answer(
        "POST",
        route,
        200,
        "{\"childNumber\": \""
            + NUMBER
            + "\", \"status\": \"DUPLICATE\", \"duplicateCandidates\": [], "
            + TX
            + "}");

    CliRun duplicate =
        child("review-duplicate", NUMBER, "--candidate", "1234 5678 901", "--duplicate");
    CliRun notDuplicate =
        child("review-duplicate", NUMBER, "--candidate", "1234-5678-901", "--not-duplicate");

    assertThat(duplicate.exitCode()).as(duplicate.toString()).isZero();
    assertThat(notDuplicate.exitCode()).as(notDuplicate.toString()).isZero();
    assertThat(node.requests())
        .extracting(FakeNode.Request::rawPath)
        .containsExactly("/api/v1" + route, "/api/v1" + route);
    assertThat(node.requests().get(0).json())
        .isEqualTo(json("{\"candidate\": \"12345678901\", \"duplicate\": true}"));
    assertThat(node.requests().get(1).json())
        .isEqualTo(json("{\"candidate\": \"1234-5678-901\", \"duplicate\": false}"));
  }

  @Test
  void reviewDuplicate_needsExactlyOneVerdict() {
    CliRun neither = child("review-duplicate", NUMBER, "--candidate", "1234-5678-901");
    CliRun both =
        child(
            "review-duplicate",
            NUMBER,
            "--candidate",
            "1234-5678-901",
            "--duplicate",
            "--not-duplicate");

    assertThat(neither.exitCode()).as(neither.toString()).isEqualTo(2);
    assertThat(neither.err()).contains("--duplicate").contains("--not-duplicate");
    assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void correct_putsTheFilesPersonalData_withTheReason() throws Exception {
    Path file =
        Files.writeString(
            temp.resolve("personal-data.json"),
            "{\"child\": {\"givenNames\": \"Mohamed\"}, \"guardians\": []}");
    node.answer(
        "PUT",
        "/children/" + NUMBER + "/personal-data",
        200,
        "{\"childNumber\": \"" + NUMBER + "\", \"version\": 3, " + TX + "}");

    CliRun correct =
        child("correct", NUMBER, "--file", file.toString(), "--reason", "spelling of the name");

    assertThat(correct.exitCode()).as(correct.toString()).isZero();
    assertRequest(
        "PUT",
        "/api/v1/children/" + NUMBER + "/personal-data",
        "{\"child\": {\"givenNames\": \"Mohamed\"}, \"guardians\": [],"
            + " \"reason\": \"spelling of the name\"}");
    assertThat(text(correct.out())).contains("version         3\n");
  }

  @Test
  void read_getsThePersonalDataForAPurpose_andPrintsItReadably() throws Exception {
    node.answer(
        "GET",
        "/children/" + NUMBER + "/personal-data",
        200,
        "{\"childNumber\": \""
            + NUMBER
            + "\", \"erased\": false, \"child\": {\"givenNames\": \"Mohammed\","
            + " \"familyNames\": \"Wanjiru\", \"dateOfBirth\": \"2019-03-14\","
            + " \"placeOfBirth\": \"Kakamega\", \"sex\": \"MALE\", \"notes\": \"\","
            + " \"photo\": \""
            + "A".repeat(4096)
            + "\"}, \"guardians\": [{\"relationship\": \"MOTHER\", \"names\": \"Zawadi"
            + " Wanjiru\", \"document\": {\"type\": \"NATIONAL_ID\", \"number\": \"A7654321\","
            + " \"country\": \"KE\"}}]}");

    CliRun read = child("read", NUMBER, "--purpose", "case 2025/117 & tracing");

    assertThat(read.exitCode()).as(read.toString()).isZero();
    FakeNode.Request request = node.onlyRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.rawPath()).isEqualTo("/api/v1/children/" + NUMBER + "/personal-data");
    assertThat(request.rawQuery()).isEqualTo("purpose=case%202025%2F117%20%26%20tracing");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + SavedSession.TOKEN);
    assertThat(text(read.out()))
        .isEqualTo(
            "child number  5283-9461-072\n"
                + "child\n"
                + "  given names     Mohammed\n"
                + "  family names    Wanjiru\n"
                + "  date of birth   2019-03-14\n"
                + "  place of birth  Kakamega\n"
                + "  sex             MALE\n"
                + "  notes\n"
                + "  photo           (a photo of about 3 KiB)\n"
                + "guardians\n"
                + "  relationship  names           document\n"
                + "  MOTHER        Zawadi Wanjiru  NATIONAL_ID A7654321 KE\n");
  }

  @Test
  void read_ofAnErasedChild_saysSo() {
    node.answer(
        "GET",
        "/children/" + NUMBER + "/personal-data",
        200,
        "{\"childNumber\": \"" + NUMBER + "\", \"erased\": true}");

    CliRun read = child("read", NUMBER, "--purpose", "audit");

    assertThat(read.exitCode()).as(read.toString()).isZero();
    assertThat(text(read.out()))
        .isEqualTo("Child 5283-9461-072 is erased: its personal data no longer exists.\n");
  }

  @Test
  void status_postsTheNewStatusAndReason() throws Exception {
    node.answer(
        "POST",
        "/children/" + NUMBER + "/status",
        200,
        "{\"childNumber\": \"" + NUMBER + "\", \"status\": \"SUSPENDED\", " + TX + "}");

    CliRun status = child("status", NUMBER, "--status", "SUSPENDED", "--reason", "fraud report 8");

    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertRequest(
        "POST",
        "/api/v1/children/" + NUMBER + "/status",
        "{\"status\": \"SUSPENDED\", \"reason\": \"fraud report 8\"}");
    assertThat(text(status.out())).contains("status          SUSPENDED\n");
  }

  @Test
  void erase_withYes_postsTheErasure() throws Exception {
    node.answer(
        "POST",
        "/children/" + NUMBER + "/erasure",
        200,
        "{\"childNumber\": \"" + NUMBER + "\", \"status\": \"ERASED\", " + TX + "}");

    CliRun erase = child("erase", NUMBER, "--reason", "court order 3/2025", "--yes");

    assertThat(erase.exitCode()).as(erase.toString()).isZero();
    assertRequest(
        "POST", "/api/v1/children/" + NUMBER + "/erasure", "{\"reason\": \"court order 3/2025\"}");
    assertThat(text(erase.out())).contains("status          ERASED\n");
  }

  @Test
  void erase_withoutYesOrATerminal_refusesAndSendsNothing() {
    assumeTrue(System.console() == null, "tests run in a terminal");

    CliRun erase = child("erase", NUMBER, "--reason", "court order 3/2025");

    assertThat(erase.exitCode()).as(erase.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(erase.err())
        .isEqualTo(
            "haven: not erasing child 5283-9461-072: there is no terminal to confirm on;"
                + " add --yes if you are sure"
                + System.lineSeparator());
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void guardian_linksWithTheDocument() throws Exception {
    node.answer(
        "POST",
        "/children/" + NUMBER + "/guardians",
        200,
        "{\"childNumber\": \""
            + NUMBER
            + "\", \"guardians\": [{\"relationship\": \"FATHER\", \"mayConsentToTravel\": true,"
            + " \"reference\": \"birth record 77\"}], "
            + TX
            + "}");

    CliRun link =
        child(
            "guardian",
            NUMBER,
            "--relationship",
            "FATHER",
            "--document-type",
            "PASSPORT",
            "--document-number",
            "AK123456",
            "--document-country",
            "KE",
            "--may-consent",
            "--reference",
            "birth record 77");

    assertThat(link.exitCode()).as(link.toString()).isZero();
    assertRequest(
        "POST",
        "/api/v1/children/" + NUMBER + "/guardians",
        "{\"action\": \"LINK\", \"relationship\": \"FATHER\", \"document\": {\"type\":"
            + " \"PASSPORT\", \"number\": \"AK123456\", \"country\": \"KE\"},"
            + " \"mayConsentToTravel\": true, \"reference\": \"birth record 77\"}");
    assertThat(text(link.out()))
        .isEqualTo(
            "child number    5283-9461-072\n"
                + "guardians\n"
                + "  relationship  may consent to travel  reference\n"
                + "  FATHER        yes                    birth record 77\n"
                + "transaction id  9f2c\n");
  }

  @Test
  void guardian_unlinks() throws Exception {
    node.answer(
        "POST",
        "/children/" + NUMBER + "/guardians",
        200,
        "{\"childNumber\": \"" + NUMBER + "\", \"guardians\": [], " + TX + "}");

    CliRun unlink =
        child(
            "guardian",
            NUMBER,
            "--unlink",
            "--relationship",
            "FATHER",
            "--document-type",
            "PASSPORT",
            "--document-number",
            "AK123456",
            "--document-country",
            "KE",
            "--reference",
            "court order 12");

    assertThat(unlink.exitCode()).as(unlink.toString()).isZero();
    assertRequest(
        "POST",
        "/api/v1/children/" + NUMBER + "/guardians",
        "{\"action\": \"UNLINK\", \"relationship\": \"FATHER\", \"document\": {\"type\":"
            + " \"PASSPORT\", \"number\": \"AK123456\", \"country\": \"KE\"},"
            + " \"mayConsentToTravel\": false, \"reference\": \"court order 12\"}");
    assertThat(text(unlink.out())).contains("guardians       none\n");
  }

  @Test
  void alert_raisesWithPriorityAndContact_andResolvesWithTheActionAlone() throws Exception {
    String route = "/children/" + NUMBER + "/alert";
    node.answer(
        "POST",
        route,
        200,
        "{\"childNumber\": \""
            + NUMBER
            + "\", \"alert\": {\"priority\": \"CRITICAL\", \"contactPoint\": \"Kakamega desk"
            + " +254 20 000\", \"open\": true, \"raisedBy\": \"unicef.caseworker.achieng\"}, "
            + TX
            + "}");

    CliRun raise =
        child(
            "alert",
            NUMBER,
            "--action",
            "RAISE",
            "--priority",
            "CRITICAL",
            "--contact",
            "Kakamega desk +254 20 000");
    CliRun resolve = child("alert", NUMBER, "--action", "resolve");

    assertThat(raise.exitCode()).as(raise.toString()).isZero();
    assertThat(resolve.exitCode()).as(resolve.toString()).isZero();
    assertThat(node.requests().get(0).json())
        .isEqualTo(
            json(
                "{\"action\": \"RAISE\", \"priority\": \"CRITICAL\","
                    + " \"contactPoint\": \"Kakamega desk +254 20 000\"}"));
    assertThat(node.requests().get(1).json()).isEqualTo(json("{\"action\": \"RESOLVE\"}"));
    assertThat(text(raise.out()))
        .isEqualTo(
            "child number    5283-9461-072\n"
                + "alert\n"
                + "  priority       CRITICAL\n"
                + "  contact point  Kakamega desk +254 20 000\n"
                + "  open           yes\n"
                + "  raised by      unicef.caseworker.achieng\n"
                + "transaction id  9f2c\n");
  }

  @Test
  void event_postsTheType() throws Exception {
    node.answer(
        "POST",
        "/children/" + NUMBER + "/events",
        201,
        "{\"childNumber\": \"" + NUMBER + "\", " + TX + "}");

    CliRun event = child("event", NUMBER, "--type", "CLINIC_CHECK_IN");

    assertThat(event.exitCode()).as(event.toString()).isZero();
    assertRequest(
        "POST", "/api/v1/children/" + NUMBER + "/events", "{\"type\": \"CLINIC_CHECK_IN\"}");
  }

  /** A write retried by hand goes with the key its first attempt printed, and no other. */
  @Test
  void event_withAnIdempotencyKey_sendsThatKey() throws Exception {
    node.answer(
        "POST",
        "/children/" + NUMBER + "/events",
        201,
        "{\"childNumber\": \"" + NUMBER + "\", " + TX + "}");

    CliRun event =
        child(
            "event",
            NUMBER,
            "--type",
            "CLINIC_CHECK_IN",
            "--idempotency-key",
            "5b7c0e2a-retry-of-the-first");

    assertThat(event.exitCode()).as(event.toString()).isZero();
    assertThat(node.requests()).singleElement();
    assertThat(node.requests().get(0).header("Idempotency-Key"))
        .isEqualTo("5b7c0e2a-retry-of-the-first");
  }

  @Test
  void event_withAKeyTheNodeWouldRefuse_failsBeforeAskingTheNode() throws Exception {
    CliRun event =
        child("event", NUMBER, "--type", "CLINIC_CHECK_IN", "--idempotency-key", "two words");

    assertThat(event.exitCode()).as(event.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(event.err())
        .contains("--idempotency-key must be 1 to 200 visible ASCII characters")
        .contains("Nothing was sent");
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void timeline_printsTheEventsAsATable() throws Exception {
    node.answer(
        "GET",
        "/children/" + NUMBER + "/timeline",
        200,
        "{\"childNumber\": \""
            + NUMBER
            + "\", \"items\": [{\"type\": \"SIGHTING\", \"place\": \"KE\", \"at\":"
            + " 1735812000000, \"recordedBy\": \"ke.fieldagent.wanjiru\"}, {\"type\":"
            + " \"CROSSING_EXIT\", \"place\": \"UG\", \"at\": 1735898400000, \"recordedBy\":"
            + " \"ug.border.okello\"}], \"next\": null}");

    CliRun timeline = child("timeline", NUMBER);

    assertThat(timeline.exitCode()).as(timeline.toString()).isZero();
    assertRequest("GET", "/api/v1/children/" + NUMBER + "/timeline", "");
    assertThat(text(timeline.out()))
        .isEqualTo(
            "child number  5283-9461-072\n"
                + "items\n"
                + "  type           place  at                    recorded by\n"
                + "  SIGHTING       KE     2025-01-02T10:00:00Z  ke.fieldagent.wanjiru\n"
                + "  CROSSING_EXIT  UG     2025-01-03T10:00:00Z  ug.border.okello\n"
                + "next          none\n");
  }

  @Test
  void accessLog_printsTheReads() throws Exception {
    node.answer(
        "GET",
        "/children/" + NUMBER + "/access-log",
        200,
        "{\"childNumber\": \""
            + NUMBER
            + "\", \"items\": [{\"reader\": \"ke.registrar.otieno\", \"purpose\": \"correction\","
            + " \"at\": 1735812000000}], \"next\": null}");

    CliRun log = child("access-log", NUMBER);

    assertThat(log.exitCode()).as(log.toString()).isZero();
    assertRequest("GET", "/api/v1/children/" + NUMBER + "/access-log", "");
    assertThat(text(log.out()))
        .isEqualTo(
            "child number  5283-9461-072\n"
                + "items\n"
                + "  reader               purpose     at\n"
                + "  ke.registrar.otieno  correction  2025-01-02T10:00:00Z\n"
                + "next          none\n");
  }

  @Test
  void nodeOption_overridesTheSessionsNode_andKeepsItsToken() throws Exception {
    try (FakeNode other = FakeNode.start()) {
      other.answer("GET", "/children/" + NUMBER, 200, "{}");

      CliRun show = child("show", NUMBER, "--node", other.url());

      assertThat(show.exitCode()).as(show.toString()).isZero();
      assertThat(node.requests()).isEmpty();
      assertThat(other.onlyRequest().header("Authorization"))
          .isEqualTo("Bearer " + SavedSession.TOKEN);
    }
  }

  private CliRun child(String... args) {
    List<String> all = new ArrayList<>(List.of("child"));
    all.addAll(List.of(args));
    all.addAll(List.of("--session-file", sessionFile.toString()));
    return CliRun.run(all.toArray(String[]::new));
  }

  /** The node got exactly one request: this one, in the session, with this JSON body (or none). */
  private void assertRequest(String method, String rawPath, String body) throws IOException {
    FakeNode.Request request = node.onlyRequest();
    assertThat(request.method()).isEqualTo(method);
    assertThat(request.rawPath()).isEqualTo(rawPath);
    assertThat(request.rawQuery()).isNull();
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + SavedSession.TOKEN);
    if (body.isEmpty()) {
      assertThat(request.body()).isEmpty();
      assertThat(request.header("Content-Type")).isNull();
    } else {
      assertThat(request.header("Content-Type")).isEqualTo("application/json");
      assertThat(request.json()).isEqualTo(json(body));
    }
  }
}
