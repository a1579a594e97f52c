package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.haven.node.HavenNode;
import org.haven.node.auth.LoginThrottle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haven officer unlock} against the demo's real node, whose members each have an admin: the
 * admin of the officer's own organisation lifts a lockout, another member's admin may not.
 */
class OfficerUnlockDemoTest {
  private static final String OFFICER = "ke.registrar.otieno";

  @TempDir Path temp;

  @Test
  void onlyTheOfficersOwnOrgAdmin_unlocksThem_fromTheCommandLine() throws Exception {
    Path password = Files.writeString(temp.resolve("password"), DemoCommand.DEMO_PASSWORD);
    Path wrong = Files.writeString(temp.resolve("wrong"), "somebody else's guess");
    DemoCommand.Running demo = DemoCommand.start(Files.createDirectories(temp.resolve("node")), 0);
    try (HavenNode node = demo.node()) {
      String url = "http://127.0.0.1:" + node.httpPort();
      for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
        assertThat(login(url, OFFICER, wrong).exitCode()).isNotZero();
      }
      assertThat(login(url, OFFICER, password).err()).contains("Too many failed passwords");

      CliRun otherMember =
          unlockAs("unicef-esaro.admin", login(url, "unicef-esaro.admin", password));
      assertThat(otherMember.exitCode()).as(otherMember.toString()).isNotZero();
      assertThat(otherMember.err()).contains("ORG_ADMIN of the officer's organisation");
      assertThat(login(url, OFFICER, password).err()).contains("Too many failed passwords");

      CliRun own =
          unlockAs("ke-civil-registry.admin", login(url, "ke-civil-registry.admin", password));
      assertThat(own.exitCode()).as(own.toString()).isZero();
      assertThat(own.out()).contains("Unlocked " + OFFICER + " at 1 address(es)");
      CliRun back = login(url, OFFICER, password);
      assertThat(back.exitCode()).as(back.toString()).isZero();
    }
  }

  private CliRun unlockAs(String admin, CliRun adminLogin) {
    assertThat(adminLogin.exitCode()).as(adminLogin.toString()).isZero();
    return CliRun.run("officer", "unlock", OFFICER, "--session-file", sessionOf(admin));
  }

  private CliRun login(String url, String officer, Path passwordFile) {
    return CliRun.run(
        "login",
        "--node",
        url,
        "--officer",
        officer,
        "--session-file",
        sessionOf(officer),
        "--password-file",
        passwordFile.toString());
  }

  private String sessionOf(String officer) {
    return temp.resolve(officer + ".session.json").toString();
  }
}
