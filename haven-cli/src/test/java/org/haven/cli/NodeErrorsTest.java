package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A node that refuses, or cannot be reached, gives exit code 3 and one line that says what went
 * wrong.
 */
class NodeErrorsTest extends LoggedInTest {
  private static final String NUMBER = "5283-9461-072";

  @Test
  void aProblemWithFieldErrors_givesTheDetailAndEachFieldOnOneLine() {
    node.answer(
        "POST",
        "/children/" + NUMBER + "/decision",
        400,
        "{\"type\": \"urn:haven:problem:invalid-field\", \"title\": \"Invalid request\","
            + " \"status\": 400, \"detail\": \"reason: must not be blank\", \"errors\": ["
            + "{\"field\": \"reason\", \"detail\": \"must not be blank\"},"
            + " {\"field\": \"decision\", \"detail\": \"must be REGISTER, REJECT or\\n"
            + "REQUEST_INFORMATION\"}]}");

    CliRun decide = decide();

    assertThat(decide.exitCode()).as(decide.toString()).isEqualTo(HavenCli.EXIT_NODE);
    assertThat(decide.err())
        .isEqualTo(
            "haven: the node answered 400 Invalid request: reason: must not be blank;"
                + " decision: must be REGISTER, REJECT or REQUEST_INFORMATION"
                + System.lineSeparator());
  }

  @Test
  void aProblemFromTheLedgersRules_namesTheReason() {
    node.answer(
        "POST",
        "/children/" + NUMBER + "/decision",
        403,
        "{\"title\": \"Forbidden\", \"status\": 403, \"detail\": \"only a registrar of the"
            + " child's jurisdiction may decide\", \"reason\": \"ROLE_NOT_PERMITTED\"}");

    CliRun decide = decide();

    assertThat(decide.exitCode()).as(decide.toString()).isEqualTo(HavenCli.EXIT_NODE);
    assertThat(decide.err())
        .isEqualTo(
            "haven: the node answered 403 Forbidden: only a registrar of the child's"
                + " jurisdiction may decide (ROLE_NOT_PERMITTED)"
                + System.lineSeparator());
  }

  @Test
  void anErrorThatIsNotAProblem_givesTheStatusAndAPlainTextLine() {
    node.answer(
        "POST",
        "/children/" + NUMBER + "/decision",
        502,
        "text/plain",
        "upstream node unavailable\nretry later");

    CliRun decide = decide();

    assertThat(decide.exitCode()).as(decide.toString()).isEqualTo(HavenCli.EXIT_NODE);
    assertThat(decide.err())
        .isEqualTo(
            "haven: the node answered 502: upstream node unavailable" + System.lineSeparator());
  }

  @Test
  void anAnswerThatIsNotJson_isReportedAsSuch() {
    node.answer("GET", "/children/" + NUMBER, 200, "text/html", "<html>welcome</html>");

    CliRun show = CliRun.run("child", "show", NUMBER, "--session-file", sessionFile.toString());

    assertThat(show.exitCode()).as(show.toString()).isEqualTo(HavenCli.EXIT_NODE);
    assertThat(show.err())
        .isEqualTo(
            "haven: the node at "
                + node.url()
                + " answered 200 but not with JSON"
                + System.lineSeparator());
  }

  @Test
  void anUnreachableNode_isNamed_andAskedAbout() throws IOException {
    String url = "http://127.0.0.1:" + FakeNode.closedPort();

    CliRun show =
        CliRun.run(
            "child", "show", NUMBER, "--node", url, "--session-file", sessionFile.toString());

    assertThat(show.exitCode()).as(show.toString()).isEqualTo(HavenCli.EXIT_NODE);
    assertThat(show.err())
        .isEqualTo(
            "haven: cannot reach the node at "
                + url
                + ": connection refused. Is it running?"
                + System.lineSeparator());
  }

  @Test
  void aNodeUrlThatIsNotHttp_isAConfigurationError() {
    CliRun show =
        CliRun.run(
            "child",
            "show",
            NUMBER,
            "--node",
            "127.0.0.1:8080",
            "--session-file",
            sessionFile.toString());

    assertThat(show.exitCode()).as(show.toString()).isEqualTo(HavenCli.EXIT_CONFIG);
    assertThat(show.err())
        .isEqualTo(
            "haven: --node must be an http:// or https:// URL such as http://127.0.0.1:8080,"
                + " not '127.0.0.1:8080'"
                + System.lineSeparator());
    assertThat(node.requests()).isEmpty();
  }

  private CliRun decide() {
    return CliRun.run(
        "child",
        "decide",
        NUMBER,
        "--decision",
        "REGISTER",
        "--reason",
        "x",
        "--session-file",
        sessionFile.toString());
  }
}
