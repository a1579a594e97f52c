package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.haven.card.qr.QrCodes;
import org.haven.core.ledger.GenesisFingerprint;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card and the border end to end, as officers work: a registrar issues a child's card, a border
 * officer prepares a checkpoint device and checks the child offline with a guardian and with a
 * stranger, a case worker reports the child missing, the device takes the change and the next check
 * raises the alert; the device then uploads its checks, twice, and each is on the ledger once.
 */
class BorderScenarioTest {
  @TempDir Path temp;

  @Test
  void registerIssueCheckOfflineAlertAndSyncExactlyOnce() throws Exception {
    Path dataDir = Files.createDirectories(temp.resolve("node"));
    DemoCommand.Running demo = DemoCommand.start(dataDir, 0);
    try (HavenNode node = demo.node()) {
      Map<String, ChildNumber> children = demo.children();
      String amina = children.get("registered, mother linked").toString();
      String url = "http://127.0.0.1:" + node.httpPort();
      String registrar = login(url, "ke.registrar.otieno");
      String border = login(url, "ke.border.kamau");
      String caseWorker = login(url, "unicef.caseworker.achieng");
      Path device = temp.resolve("device");

      // 1-2. The registrar issues the card: its QR as text, as an image, and the card to print.
      Path cards = temp.resolve("cards");
      succeed("card", "issue", amina, "--out", cards.toString(), "--session-file", registrar);
      assertThat(cards.resolve(amina + ".pdf")).isNotEmptyFile();
      assertThat(Files.readString(cards.resolve(amina + ".sd-jwt"))).contains("~");
      Path rendered = temp.resolve("rendered.png");
      succeed(
          "card",
          "render",
          "--qr",
          cards.resolve(amina + ".qr.txt").toString(),
          "--out",
          rendered.toString());
      assertThat(QrCodes.read(Files.readAllBytes(rendered)))
          .contains(Files.readString(cards.resolve(amina + ".qr.txt")).strip());

      // 3. The border officer prepares the device while online, pinning the ledger's genesis by
      // the fingerprint the demo printed: over plain HTTP, an unpinned genesis is refused, and so
      // is another fingerprint, and neither leaves anything on the device.
      String fingerprint =
          GenesisFingerprint.of(GenesisFile.read(dataDir.resolve(HavenNode.GENESIS_FILE)))
              .toString();
      CliRun unpinned =
          CliRun.run("bundle", "export", "--dir", device.toString(), "--session-file", border);
      assertThat(unpinned.exitCode()).isNotZero();
      assertThat(unpinned.err())
          .contains("Refusing to trust a genesis fetched over plain HTTP")
          .contains("--genesis-fingerprint");
      String another = "0000" + fingerprint.substring(4);
      CliRun wrong =
          CliRun.run(
              "bundle",
              "export",
              "--dir",
              device.toString(),
              "--session-file",
              border,
              "--genesis-fingerprint",
              another);
      assertThat(wrong.exitCode()).isNotZero();
      assertThat(wrong.err())
          .contains("is " + fingerprint + ", not the " + another + " given")
          .contains("Nothing was saved");
      try (Stream<Path> files = Files.list(device)) {
        assertThat(files).as("the device after the refusals").isEmpty();
      }
      assertThat(
              succeed(
                  "bundle",
                  "export",
                  "--dir",
                  device.toString(),
                  "--session-file",
                  border,
                  "--genesis-fingerprint",
                  fingerprint))
          .contains("attested by a quorum of members of the genesis " + fingerprint);
      // The officer's sealed key is for the officer's eyes, and so is the queue beside it.
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(device.resolve(BorderDevice.CREDENTIAL))))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(device)))
          .isEqualTo("rwx------");

      // 4. The card is shown first; without the officer's word on whether the child matches it
      // (no --child-matches, no terminal to ask on), nothing is decided or queued.
      CliRun unanswered =
          CliRun.run(
              "check",
              "--dir",
              device.toString(),
              "--qr",
              cards.resolve(amina + ".png").toString(),
              "--companion",
              "NATIONAL_ID:28713645:KE",
              "--direction",
              "EXIT",
              "--destination",
              "UG",
              "--checkpoint",
              "KE-NAMANGA",
              "--country",
              "KE",
              "--password-file",
              password().toString());
      assertThat(unanswered.exitCode()).isNotZero();
      assertThat(unanswered.out())
          .contains("The card belongs to:", "Amina Wanjiru", "Zawadi Wanjiru (Mother)")
          .doesNotContain("PASS");
      assertThat(unanswered.err())
          .contains("--child-matches yes", "nothing was checked or recorded");
      assertThat(device.resolve("crossings.queue")).doesNotExist();

      // Offline, with the mother, who may consent to travel, and the child matching the card: PASS.
      assertThat(check(device, cards.resolve(amina + ".png"), "NATIONAL_ID:28713645:KE"))
          .contains("PASS")
          .contains("COMPANION_IS_GUARDIAN, CHILD_MATCHES_CARD");

      // 5. With a stranger: secondary inspection, recorded all the same; this time online, at once.
      assertThat(
              check(
                  device,
                  cards.resolve(amina + ".png"),
                  "PASSPORT:AK0042117:UG",
                  "--online",
                  "--session-file",
                  border))
          .contains("SECONDARY INSPECTION")
          .contains("NO_VALID_CONSENT")
          .contains("Recorded on the ledger.");

      // A forged card (one character of the QR changed) is never a pass.
      String qr = Files.readString(cards.resolve(amina + ".qr.txt")).strip();
      Path forged =
          Files.writeString(
              temp.resolve("forged.txt"),
              qr.substring(0, 40) + (qr.charAt(40) == 'A' ? 'B' : 'A') + qr.substring(41));
      assertThat(check(device, forged, "NATIONAL_ID:28713645:KE")).contains("SECONDARY INSPECTION");

      // 6. The child is reported missing; the device takes only the change; the check alerts.
      succeed(
          "child",
          "alert",
          amina,
          "--action",
          "RAISE",
          "--priority",
          "CRITICAL",
          "--contact",
          "Child Helpline 116",
          "--session-file",
          caseWorker);
      assertThat(succeed("bundle", "update", "--dir", device.toString(), "--session-file", border))
          .contains("a change");
      assertThat(check(device, cards.resolve(amina + ".png"), "NATIONAL_ID:28713645:KE"))
          .contains("ALERT")
          .contains("Contact: Child Helpline 116");

      // 7. Sync, run by another officer (the registrar's session): the checks stay the border
      // officer's, signed on the device. A sync cut short before it marked its work is repeated:
      // still once each.
      Path queue = device.resolve(BorderDevice.QUEUE);
      Path unsynced = copy(queue, temp.resolve("queue-before-sync"));
      assertThat(succeed("sync", "--dir", device.toString(), "--session-file", registrar))
          .contains("Uploaded 2 of 2");
      long treeSize = treeSize(url);
      deleteTree(queue);
      copy(unsynced, queue);
      assertThat(succeed("sync", "--dir", device.toString(), "--session-file", border))
          .contains("Uploaded 2 of 2");
      assertThat(treeSize(url)).as("nothing recorded twice").isEqualTo(treeSize);
      JsonNode timeline =
          new ObjectMapper()
              .readTree(
                  succeed("child", "timeline", amina, "--json", "--session-file", caseWorker));
      List<String> crossings = new ArrayList<>();
      timeline.get("items").forEach(event -> crossings.add(event.get("type").asText()));
      assertThat(crossings.stream().filter("CROSSING_EXIT"::equals))
          .as("the three checks of her card; the forged card named no child the device could trust")
          .hasSize(3);
      timeline
          .get("items")
          .forEach(
              event -> {
                if (event.get("type").asText().startsWith("CROSSING_")) {
                  assertThat(event.get("recordedBy").asText()).isEqualTo("ke.border.kamau");
                }
              });
    }
  }

  private String login(String url, String officer) throws IOException {
    Path session = temp.resolve(officer + ".session.json");
    succeed(
        "login",
        "--node",
        url,
        "--officer",
        officer,
        "--session-file",
        session.toString(),
        "--password-file",
        password().toString());
    return session.toString();
  }

  private String check(Path device, Path qr, String companion, String... more) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "check",
                "--dir",
                device.toString(),
                "--qr",
                qr.toString(),
                "--companion",
                companion,
                "--direction",
                "EXIT",
                "--destination",
                "UG",
                "--checkpoint",
                "KE-NAMANGA",
                "--country",
                "KE",
                "--child-matches",
                "yes",
                "--password-file",
                password().toString()));
    args.addAll(List.of(more));
    return succeed(args.toArray(String[]::new));
  }

  private Path password() throws IOException {
    Path file = temp.resolve("password");
    if (!Files.exists(file)) {
      Files.writeString(file, DemoCommand.DEMO_PASSWORD);
    }
    return file;
  }

  private static String succeed(String... args) {
    return CliRun.succeed(args);
  }

  private static long treeSize(String url) throws Exception {
    return new ObjectMapper()
        .readTree(succeed("status", "--node", url, "--json"))
        .get("recordTreeSize")
        .asLong();
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return to;
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(directory);
  }
}
