package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;

/**
 * The data directory of a node alone in its group, on a free loopback port, with a registrar of its
 * first member whose credential is saved there; the registrar is enrolled once the node runs.
 */
record LoneNode(Path dataDir, int port, DemoLedger ledger, Officer registrar) {
  static final String PASSWORD = "a registrar's long password";

  static LoneNode create(Path dataDir, String registrarId) throws Exception {
    Files.createDirectories(dataDir);
    int port = LocalNodes.freePort();
    DemoLedger ledger = DemoLedger.create(dataDir, DemoCommand.MEMBERS, port);
    DemoLedger.Member member = DemoCommand.MEMBERS.get(0);
    Officer registrar =
        ledger.newOfficer(registrarId, member.id(), Role.REGISTRAR, member.country());
    ledger.saveCredential(dataDir, registrar.id(), PASSWORD);
    return new LoneNode(dataDir, port, ledger, registrar);
  }

  NodeHttp http() {
    return new NodeHttp(port);
  }

  /** On the running node: enrols the registrar and logs them in. */
  RegistrarSession enrolAndLogIn() throws Exception {
    assertThat(http().submit(ledger.enrol(registrar)).statusCode()).isEqualTo(200);
    return logIn();
  }

  RegistrarSession logIn() throws Exception {
    return new RegistrarSession(http(), registrar.id().value(), PASSWORD);
  }
}
