package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code haven card} against a node that answers what a test planned: the command names its files
 * after the child number only once it is a valid one, and the one asked for, and sends nothing for
 * a number it can tell is wrong.
 */
class CardCommandTest {
  private static final String CHILD = ChildNumber.generate(new Random(7)).toString();

  @TempDir Path temp;
  private FakeNode node;
  private Path sessionFile;
  private Path out;

  @BeforeEach
  void start() throws Exception {
    node = FakeNode.start();
    sessionFile = SavedSession.at(temp.resolve("session.json"), node.url());
    out = temp.resolve("cards");
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private CliRun issue(String number) {
    return CliRun.run(
        "card", "issue", number, "--out", out.toString(), "--session-file", sessionFile.toString());
  }

  @ParameterizedTest(name = "answered \"{0}\"")
  @ValueSource(
      strings = {
        "../../evil",
        "12345678901",
        "",
      })
  void issue_refusesANodeAnswerThatIsNotAValidChildNumber_andWritesNoFile(String answered)
      throws Exception {
    node.answer(
        "POST",
        "/children/" + CHILD + "/card",
        201,
        "{\"childNumber\": \"" + answered + "\", \"qr\": \"HV1:BB8\", \"cardHash\": \"00\"}");

    CliRun run = issue(CHILD);

    assertThat(run.exitCode()).as(run.toString()).isNotZero();
    assertThat(run.err()).contains("not a child number", "no file was written");
    assertThat(out).doesNotExist();
  }

  @Test
  void issue_refusesAnAnswerForAnotherChild_andWritesNoFile() throws Exception {
    String other = ChildNumber.generate(new Random(8)).toString();
    node.answer(
        "POST",
        "/children/" + CHILD + "/card",
        201,
        "{\"childNumber\": \"" + other + "\", \"qr\": \"HV1:BB8\", \"cardHash\": \"00\"}");

    CliRun run = issue(CHILD);

    assertThat(run.exitCode()).as(run.toString()).isNotZero();
    assertThat(run.err()).contains(other, CHILD, "no file was written");
    assertThat(out).doesNotExist();
  }

  @Test
  void issue_ofANumberWithABadCheckDigit_sendsNothing() throws Exception {
    String typo = CHILD.substring(0, 10) + ((CHILD.charAt(10) - '0' + 1) % 10);

    CliRun run = issue(typo);

    assertThat(run.exitCode()).as(run.toString()).isNotZero();
    assertThat(run.err()).contains("NUMBER");
    assertThat(node.requests()).isEmpty();
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(Path::getFileName).map(Path::toString)).containsOnly("session.json");
    }
  }
}
