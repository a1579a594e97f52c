package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haven.cli.Output.text;

import org.junit.jupiter.api.Test;

/** {@code haven declarations}, {@code duplicates} and {@code alerts}: pages of a node's queues. */
class QueueCommandTest extends LoggedInTest {

  @Test
  void declarations_asksForAPage_andSaysHowToGetTheNext() {
    node.answer(
        "GET",
        "/declarations",
        200,
        "{\"items\": [{\"childNumber\": \"5283-9461-072\", \"status\": \"DECLARED\"},"
            + " {\"childNumber\": \"6112-0457-389\", \"status\": \"INFO_REQUESTED\"}],"
            + " \"next\": \"NjExMjA0NTczODk\"}");

    CliRun page =
        CliRun.run(
            "declarations",
            "--limit",
            "2",
            "--cursor",
            "NDAyMTU1MzAxMTg",
            "--session-file",
            sessionFile.toString());

    assertThat(page.exitCode()).as(page.toString()).isZero();
    FakeNode.Request request = node.onlyRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.rawPath()).isEqualTo("/api/v1/declarations");
    assertThat(request.rawQuery()).isEqualTo("limit=2&cursor=NDAyMTU1MzAxMTg");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + SavedSession.TOKEN);
    assertThat(text(page.out()))
        .isEqualTo(
            "child number   status\n"
                + "5283-9461-072  DECLARED\n"
                + "6112-0457-389  INFO_REQUESTED\n"
                + "\n"
                + "More: haven declarations --limit 2 --cursor NjExMjA0NTczODk\n");
  }

  @Test
  void duplicates_listsTheOpenReviews_onTheLastPage() {
    node.answer(
        "GET",
        "/duplicate-reviews",
        200,
        "{\"items\": [{\"childNumber\": \"5283-9461-072\", \"candidates\": [\"1234-5678-901\","
            + " \"2345-6789-012\"]}], \"next\": null}");

    CliRun page = CliRun.run("duplicates", "--session-file", sessionFile.toString());

    assertThat(page.exitCode()).as(page.toString()).isZero();
    assertThat(node.onlyRequest().rawPath()).isEqualTo("/api/v1/duplicate-reviews");
    assertThat(node.onlyRequest().rawQuery()).isNull();
    assertThat(text(page.out()))
        .isEqualTo("child number   candidates\n" + "5283-9461-072  1234-5678-901, 2345-6789-012\n");
  }

  @Test
  void alerts_whenNoneIsOpen_saysSo() {
    node.answer("GET", "/alerts", 200, "{\"items\": [], \"next\": null}");

    CliRun page = CliRun.run("alerts", "--session-file", sessionFile.toString());

    assertThat(page.exitCode()).as(page.toString()).isZero();
    assertThat(node.onlyRequest().rawPath()).isEqualTo("/api/v1/alerts");
    assertThat(text(page.out())).isEqualTo("No alert is open.\n");
  }
}
