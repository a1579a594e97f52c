package org.haven.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.haven.consensus.Receipt;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.Role;
import org.haven.core.ledger.GenesisFingerprint;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.Transaction;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.haven.node.web.WebApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Starts a single node with demo organisations and officers in a temporary directory. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start a single Haven node with demo organisations and officers.",
      "The data goes to a new temporary directory unless --data-dir is given. Stop with Ctrl-C."
    })
final class DemoCommand implements Callable<Integer> {
  static final List<DemoLedger.Member> MEMBERS =
      List.of(
          new DemoLedger.Member("ke-civil-registry", "Kenya Civil Registration Services", "KE"),
          new DemoLedger.Member(
              "ug-nira", "Uganda National Identification and Registration Authority", "UG"),
          new DemoLedger.Member("unicef-esaro", "UNICEF Eastern and Southern Africa", "KE"));

  /** The password of every demo login; printed at start, so never use it for real data. */
  static final String DEMO_PASSWORD = "haven-demo-2026";

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      description = "Where to keep the demo ledger (default: a new temporary directory).")
  Path dataDir;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int httpPort;

  @Override
  public Integer call() throws Exception {
    Path dir =
        dataDir != null
            ? Files.createDirectories(dataDir)
            : Files.createTempDirectory("haven-demo-");
    PrintWriter out = spec.commandLine().getOut();
    out.println("Creating a demo ledger in " + dir + " ...");
    out.flush();
    Running demo = start(dir, httpPort);
    StopOnSignal stopped = new StopOnSignal(demo.node());
    printUsage(out, dir, demo.node().httpPort(), demo.officers(), demo.children());
    stopped.await();
    return 0;
  }

  /**
   * A started demo node, its officers, its children by a short label, and the demo ledger, which
   * holds every demo officer's key.
   */
  record Running(
      HavenNode node,
      List<Officer> officers,
      Map<String, ChildNumber> children,
      DemoLedger ledger) {}

  /**
   * Creates a demo ledger in {@code dir}, starts its node on {@code httpPort} (0: a free one),
   * enrols the demo officers, writes their logins for the web app's landing page and seeds the
   * registry. The caller closes the node.
   */
  static Running start(Path dir, int httpPort) throws Exception {
    DemoLedger ledger = DemoLedger.create(dir, MEMBERS, httpPort);
    HavenNode node = HavenNode.start(dir);
    try {
      List<Officer> officers = enrolDemoOfficers(ledger, node, dir);
      writeDemoLogins(dir, ledger, officers);
      Map<String, ChildNumber> children =
          new DemoRegistry(ledger, node)
              .seed(
                  new OfficerId("ke.fieldagent.wanjiru"),
                  new OfficerId("ke.registrar.otieno"),
                  new OfficerId("unicef.caseworker.achieng"));
      return new Running(node, officers, children, ledger);
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
  }

  /** The logins the landing page lists: every demo officer and each member's admin. */
  private static void writeDemoLogins(Path dir, DemoLedger ledger, List<Officer> officers)
      throws IOException {
    List<Map<String, String>> logins = new ArrayList<>();
    for (Officer officer : officers) {
      logins.add(login(officer));
    }
    for (Officer admin : ledger.genesis().admins()) {
      logins.add(login(admin));
    }
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("password", DEMO_PASSWORD);
    file.put("officers", logins);
    Files.write(dir.resolve(WebApp.DEMO_LOGINS_FILE), Json.MAPPER.writeValueAsBytes(file));
  }

  private static Map<String, String> login(Officer officer) {
    Map<String, String> login = new LinkedHashMap<>();
    login.put("officer", officer.id().value());
    login.put("role", officer.role().name());
    login.put("jurisdiction", officer.jurisdiction().code());
    login.put("organisation", officer.org().value());
    return login;
  }

  /** The demo's officers, with fresh keys the ledger object remembers. */
  static List<Officer> demoOfficers(DemoLedger ledger) {
    List<Officer> officers = new ArrayList<>();
    officers.add(
        ledger.newOfficer("ke.fieldagent.wanjiru", "ke-civil-registry", Role.FIELD_AGENT, "KE"));
    officers.add(
        ledger.newOfficer("ke.registrar.otieno", "ke-civil-registry", Role.REGISTRAR, "KE"));
    officers.add(
        ledger.newOfficer("ke.border.kamau", "ke-civil-registry", Role.BORDER_OFFICER, "KE"));
    officers.add(ledger.newOfficer("ug.registrar.nakato", "ug-nira", Role.REGISTRAR, "UG"));
    officers.add(ledger.newOfficer("ug.border.okello", "ug-nira", Role.BORDER_OFFICER, "UG"));
    officers.add(
        ledger.newOfficer("unicef.caseworker.achieng", "unicef-esaro", Role.CASE_WORKER, "KE"));
    officers.add(ledger.newOfficer("unicef.auditor.mwangi", "unicef-esaro", Role.AUDITOR, "KE"));
    return officers;
  }

  private static List<Officer> enrolDemoOfficers(DemoLedger ledger, HavenNode node, Path dir)
      throws Exception {
    List<Officer> officers = demoOfficers(ledger);
    List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
    for (Officer officer : officers) {
      Transaction tx = ledger.enrol(officer);
      receipts.add(node.submit(tx.encoded()));
    }
    for (Officer admin : ledger.genesis().admins()) {
      ledger.saveCredential(dir, admin.id(), DEMO_PASSWORD);
    }
    for (Officer officer : officers) {
      ledger.saveCredential(dir, officer.id(), DEMO_PASSWORD);
    }
    for (CompletableFuture<Receipt> receipt : receipts) {
      Receipt done = receipt.get();
      if (!done.result().accepted()) {
        throw new IllegalStateException("demo enrolment rejected: " + done.result().validation());
      }
    }
    return officers;
  }

  private static void printUsage(
      PrintWriter out,
      Path dir,
      int port,
      List<Officer> officers,
      Map<String, ChildNumber> children) {
    String node = "http://127.0.0.1:" + port;
    String base = node + "/api/v1";
    out.println();
    out.println("Haven demo is running at " + node + ". Press Ctrl-C to stop.");
    out.println(
        "It serves plain HTTP, on loopback only: nothing leaves this machine. A member's node"
            + " serves HTTPS ('haven init'; docs/operations.md, \"TLS\").");
    out.println();
    out.println("Members: " + MEMBERS.stream().map(DemoLedger.Member::id).toList());
    out.println(
        "Genesis fingerprint (border devices pin it): "
            + GenesisFingerprint.of(GenesisFile.read(dir.resolve(HavenNode.GENESIS_FILE))));
    out.println("Demo logins (password for all: " + DEMO_PASSWORD + "):");
    for (Officer officer : officers) {
      out.printf(
          "  %-28s %-15s %s %s%n",
          officer.id(), officer.role(), officer.jurisdiction(), officer.org());
    }
    out.println("  and each member's admin, <member>.admin (ORG_ADMIN)");
    out.println();
    out.println("Demo children (invented):");
    children.forEach((label, number) -> out.printf("  %s  %s%n", number.display(), label));
    out.println();
    out.println("Try:");
    out.println(
        "  HAVEN_PASSWORD="
            + DEMO_PASSWORD
            + " ./haven login --node "
            + node
            + " --officer ke.registrar.otieno");
    out.println("  ./haven declarations");
    out.println("  ./haven duplicates");
    out.println("  ./haven alerts");
    out.println(
        "  ./haven child read "
            + children.values().iterator().next()
            + " --purpose 'printing the card'");
    out.println(
        "  ./haven card issue " + children.values().iterator().next() + " --out demo-cards");
    out.println("  ./haven status --node " + node);
    out.println(
        "  ./haven bundle export --dir border-device --genesis-fingerprint <the fingerprint above>"
            + "  (logged in as a border officer)");
    out.println("  curl " + base + "/status");
    out.println("  curl " + base + "/checkpoint");
    out.println("  ./haven verify --data-dir " + dir);
    out.println("The API is described in docs/api.md.");
    out.println();
    out.println("Open the web app: " + node + "/app/");
    out.flush();
  }
}
