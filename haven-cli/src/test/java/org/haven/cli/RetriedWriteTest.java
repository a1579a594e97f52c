package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.tx.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write whose answer is lost on the way back is retried by the CLI with the same Idempotency-Key
 * and is done once: the node, a separate process, answers the retry with the first outcome.
 */
class RetriedWriteTest {
  private static final Pattern NODE_RUNNING =
      Pattern.compile("Haven node running: .* HTTP http://127\\.0\\.0\\.1:(\\d+)/api/v1/status");
  private static final Pattern CHILD_NUMBER = Pattern.compile("child number +([0-9-]+)");
  private static final Pattern RETRY_KEY = Pattern.compile("--idempotency-key (\\S+) ");
  private static final String PASSWORD = "a field agent's long password";

  @TempDir Path temp;

  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    for (AutoCloseable closeable : running) {
      closeable.close();
    }
  }

  /** A node process, a field agent logged in to it, and a link to it that can lose answers. */
  private record Setup(Path dataDir, HavenProcess node, LinkProxy link, Path sessionFile) {}

  private Setup start() throws Exception {
    Path dataDir = Files.createDirectories(temp.resolve("node"));
    DemoLedger ledger = DemoLedger.create(dataDir, DemoCommand.MEMBERS, 0);
    DemoLedger.Member member = DemoCommand.MEMBERS.get(0);
    Officer agent =
        ledger.newOfficer("agent.retrying", member.id(), Role.FIELD_AGENT, member.country());
    ledger.saveCredential(dataDir, agent.id(), PASSWORD);
    HavenProcess node =
        HavenProcess.start(temp.resolve("node.log"), "node", "--data-dir", dataDir.toString());
    running.add(node);
    int port = Integer.parseInt(node.awaitLine(NODE_RUNNING).group(1));
    assertThat(new NodeHttp(port).submit(ledger.enrol(agent)).statusCode()).isEqualTo(200);
    Path sessionFile = temp.resolve("session.json");
    Path passwordFile = Files.writeString(temp.resolve("password"), PASSWORD);
    CliRun login =
        CliRun.run(
            "login",
            "--node",
            "http://127.0.0.1:" + port,
            "--officer",
            agent.id().value(),
            "--password-file",
            passwordFile.toString(),
            "--session-file",
            sessionFile.toString());
    assertThat(login.exitCode()).as(login.toString()).isZero();
    LinkProxy link = new LinkProxy(new InetSocketAddress("127.0.0.1", port));
    running.add(link);
    return new Setup(dataDir, node, link, sessionFile);
  }

  /** {@code haven child declare} of one child through the link, with {@code options} added. */
  private CliRun declare(Setup setup, String... options) throws Exception {
    Path declaration =
        Files.writeString(
            temp.resolve("declaration.json"),
            "{\"evidence\": \"BIRTH_NOTIFICATION\", \"child\": {\"givenNames\": \"Neema\","
                + " \"familyNames\": \"Chebet\", \"dateOfBirth\": \"2021-05-09\","
                + " \"sex\": \"FEMALE\"}}");
    List<String> args =
        new ArrayList<>(
            List.of(
                "child",
                "declare",
                "--file",
                declaration.toString(),
                "--node",
                "http://" + setup.link().address(),
                "--session-file",
                setup.sessionFile().toString()));
    args.addAll(List.of(options));
    return CliRun.run(args.toArray(String[]::new));
  }

  private static long declarationsOnTheLedger(Setup setup) throws Exception {
    assertThat(setup.node().terminate()).as("the node stops on SIGTERM").isTrue();
    return StoppedLedger.transactionsOf(setup.dataDir(), Kind.DECLARE_CHILD);
  }

  @Test
  void declarationWhoseAnswerIsLost_isRetriedWithItsKey_andWrittenOnce() throws Exception {
    Setup setup = start();

    setup.link().dropNextAnswers(1);
    CliRun declare = declare(setup);

    assertThat(declare.exitCode()).as(declare.toString()).isZero();
    assertThat(setup.link().droppedAnswers()).as("the first answer was lost").isEqualTo(1);
    assertThat(setup.link().connections()).as("the CLI sent the declaration again").isEqualTo(2);
    Matcher number = CHILD_NUMBER.matcher(declare.out());
    assertThat(number.find()).as(declare.out()).isTrue();
    assertThat(declarationsOnTheLedger(setup)).as("declarations on the ledger").isEqualTo(1);
  }

  /**
   * Every attempt's answer is lost: the CLI says the write may have been done and names the key to
   * retry it with; run again with {@code --idempotency-key}, the node answers with the first
   * outcome and the ledger holds the declaration once.
   */
  @Test
  void declarationWhoseEveryAnswerIsLost_namesItsKey_andARetryWithThatKeyWritesOnce()
      throws Exception {
    Setup setup = start();

    setup.link().dropNextAnswers(NodeClient.WRITE_ATTEMPTS);
    CliRun lost = declare(setup);

    assertThat(lost.exitCode()).as(lost.toString()).isNotZero();
    assertThat(setup.link().droppedAnswers()).isEqualTo(NodeClient.WRITE_ATTEMPTS);
    Matcher key = RETRY_KEY.matcher(lost.err());
    assertThat(key.find()).as(lost.err()).isTrue();
    assertThat(lost.err()).contains("The write may have been done");

    CliRun retried = declare(setup, "--idempotency-key", key.group(1));

    assertThat(retried.exitCode()).as(retried.toString()).isZero();
    assertThat(CHILD_NUMBER.matcher(retried.out()).find()).as(retried.out()).isTrue();
    assertThat(declarationsOnTheLedger(setup)).as("declarations on the ledger").isEqualTo(1);
  }
}
