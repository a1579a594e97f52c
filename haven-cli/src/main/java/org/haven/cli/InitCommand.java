package org.haven.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.haven.consensus.RaftNode;
import org.haven.core.crypto.CertificatePin;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.haven.core.ledger.Genesis;
import org.haven.core.ledger.GenesisFingerprint;
import org.haven.core.registry.identity.LinkageKey;
import org.haven.node.ConfigException;
import org.haven.node.GenesisFile;
import org.haven.node.HavenNode;
import org.haven.node.HttpsCertificate;
import org.haven.node.KeyFile;
import org.haven.node.NodeConfig;
import org.haven.node.auth.Argon2Params;
import org.haven.node.auth.CredentialStore;
import org.haven.node.auth.OfficerCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Creates a node's keys, configuration and (for a new ledger) genesis in a data directory. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create keys and configuration for an organisation's node in a data directory.",
      "Without --genesis it founds a new ledger with this organisation as its only member."
    })
final class InitCommand implements Callable<Integer> {
  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]");

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      required = true,
      description = "Directory to create (must be empty or absent).")
  Path dataDir;

  @Option(
      names = "--org",
      required = true,
      description = "Organisation id, e.g. ke-civil-registry.")
  String org;

  @Option(names = "--name", required = true, description = "Organisation's display name.")
  String name;

  @Option(
      names = "--country",
      required = true,
      description = "ISO 3166-1 alpha-2 country, e.g. KE.")
  String country;

  @Option(
      names = "--admin",
      description = "Officer id of the organisation's first admin (default: <org>.admin).")
  String admin;

  @Option(
      names = "--origin",
      description = "Checkpoint origin of a new ledger (default: haven.example/<org>).")
  String origin;

  @Option(names = "--genesis", description = "Join an existing ledger: its genesis.json.")
  Path genesisFile;

  @Option(
      names = "--linkage-key",
      description =
          "Joining: the consortium's linkage key file (keys/linkage.key of a founding member)."
              + " A new ledger gets a fresh one.")
  Path linkageKeyFile;

  @Option(
      names = "--vault-key-file",
      description =
          "Where to write the vault master key; must be outside the data directory (default:"
              + " <data-dir>.vault.key beside it). Keep a copy offline.")
  Path vaultKeyFile;

  @Option(
      names = "--admin-password-file",
      description =
          "File holding the admin's password (default: env HAVEN_ADMIN_PASSWORD, else asked).")
  Path adminPasswordFile;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int httpPort;

  @Option(
      names = "--raft-port",
      defaultValue = "9860",
      description = "Raft gRPC port (default: ${DEFAULT-VALUE}).")
  int raftPort;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind and advertise (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--http-cert",
      paramLabel = "PEM",
      description =
          "Serve HTTPS with this certificate (PEM, then its chain) from your organisation's CA,"
              + " used in place; with --http-key. Default: a self-signed one made here.")
  Path httpCertificate;

  @Option(
      names = "--http-key",
      paramLabel = "PEM",
      description = "The unencrypted private key (PEM) of --http-cert.")
  Path httpKey;

  @Option(
      names = "--http-name",
      paramLabel = "NAME",
      description =
          "Another DNS name or IP address the self-signed HTTPS certificate names, besides --host:"
              + " the one officers type (repeatable).")
  List<String> httpNames = new ArrayList<>();

  @Option(
      names = "--behind-tls-proxy",
      description =
          "A TLS proxy in front of the node terminates HTTPS: serve plain HTTP, on any --host, and"
              + " make no certificate (node.json \"behindTlsProxy\": true).")
  boolean behindTlsProxy;

  @Override
  public Integer call() throws Exception {
    if (Files.exists(dataDir)
        && (!Files.isDirectory(dataDir) || Files.list(dataDir).findAny().isPresent())) {
      throw new ConfigException(
          dataDir + " already exists and is not empty; choose a new directory.");
    }
    if (genesisFile != null && linkageKeyFile == null) {
      throw new ConfigException(
          "Joining a ledger needs the consortium's linkage key: pass --linkage-key with a copy of"
              + " keys/linkage.key from a founding member.");
    }
    Optional<HttpsCertificate> organisationCertificate = organisationCertificate();
    List<String> certificateNames = certificateNames();
    char[] adminPassword =
        Passwords.newPassword(
                adminPasswordFile,
                "--admin-password-file",
                Optional.of("HAVEN_ADMIN_PASSWORD"),
                admin != null ? admin : org + ".admin")
            .toCharArray();
    Files.createDirectories(dataDir);
    SecureRandom random = new SecureRandom();
    Ed25519PrivateKey nodeKey = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey issuerKey = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey adminKey = Ed25519PrivateKey.generate(random);
    OrgId orgId = parse(() -> new OrgId(org));
    OfficerId adminId = parse(() -> new OfficerId(admin != null ? admin : org + ".admin"));
    Jurisdiction jurisdiction = parse(() -> new Jurisdiction(country));
    KeyFile.write(dataDir.resolve(HavenNode.NODE_KEY_FILE), nodeKey);
    KeyFile.write(dataDir.resolve(HavenNode.ISSUER_KEY_FILE), issuerKey);
    MemberCertificate tls =
        MemberCertificate.generate(org, Instant.now(), MemberCertificate.VALIDITY, random);
    KeyFile.writeSecret(dataDir.resolve(HavenNode.TLS_KEY_FILE), tls.privateKey());
    KeyFile.writeSecret(dataDir.resolve(HavenNode.TLS_CERTIFICATE_FILE), tls.certificate());
    CredentialStore.open(dataDir.resolve(HavenNode.CREDENTIALS_DIR))
        .put(
            parse(
                () ->
                    OfficerCredential.create(
                        adminId, adminKey, adminPassword, Argon2Params.DEFAULT, random)));
    Arrays.fill(adminPassword, '\0');
    Path vaultKey = vaultKeyFile != null ? vaultKeyFile : HavenNode.defaultVaultKeyFile(dataDir);
    HavenNode.writeSecrets(
        dataDir,
        linkageKeyFile != null
            ? KeyFile.readLinkageKey(linkageKeyFile)
            : LinkageKey.generate(random),
        vaultKey,
        random);
    Path genesisPath = dataDir.resolve(HavenNode.GENESIS_FILE);
    if (genesisFile != null) {
      GenesisFile.write(genesisPath, GenesisFile.read(genesisFile));
    } else {
      Genesis genesis =
          parse(
              () ->
                  new Genesis(
                      origin != null ? origin : "haven.example/" + org,
                      System.currentTimeMillis(),
                      List.of(
                          new Organisation(
                              orgId,
                              name,
                              jurisdiction,
                              nodeKey.publicKey(),
                              issuerKey.publicKey(),
                              true)),
                      List.of(
                          new Officer(
                              adminId,
                              orgId,
                              Role.ORG_ADMIN,
                              jurisdiction,
                              adminKey.publicKey(),
                              true)),
                      0));
      GenesisFile.write(genesisPath, genesis.withTlsCertificates(Map.of(orgId, tls.certificate())));
    }
    NodeConfig.HttpTls httpTls = null;
    CertificatePin httpPin = null;
    if (organisationCertificate.isPresent()) {
      httpTls =
          new NodeConfig.HttpTls(
              httpCertificate.toAbsolutePath().toString(), httpKey.toAbsolutePath().toString());
      httpPin = organisationCertificate.get().pin();
    } else if (!behindTlsProxy) {
      httpTls = HttpsCertificate.generate(dataDir, certificateNames, Instant.now(), random);
      httpPin = HttpsCertificate.read(dataDir, httpTls, Instant.now()).pin();
    }
    String nodeId = org;
    new NodeConfig(
            org,
            nodeId,
            List.of(new RaftNode.Peer(nodeId, host + ":" + raftPort)),
            host,
            httpPort,
            0,
            0,
            vaultKey.toAbsolutePath().toString(),
            List.of(),
            NodeConfig.RaftLog.DEFAULTS,
            null,
            httpTls,
            behindTlsProxy)
        .write(dataDir);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Initialised node " + nodeId + " of " + orgId + " in " + dataDir);
    out.println("  node key (signs checkpoints):   " + nodeKey.publicKey().toBase64());
    out.println("  issuer key (signs cards):       " + issuerKey.publicKey().toBase64());
    out.println("  TLS certificate (for genesis):  " + tls.certificate().toBase64());
    out.println(
        "  TLS certificate SHA-256:        " + MemberCertificate.fingerprint(tls.certificate()));
    out.println(
        "  admin "
            + adminId
            + " logs in with the password given; key: "
            + adminKey.publicKey().toBase64());
    out.println("  vault master key:               " + vaultKey + " (keep a copy offline)");
    out.println("  consortium linkage key:         " + dataDir.resolve(HavenNode.LINKAGE_KEY_FILE));
    if (genesisFile != null) {
      out.println(
          "To join, the members' admins admit "
              + orgId
              + ": one proposes this change (POST /api/v1/governance/proposals with"
              + " {\"change\": ...}), the others endorse it (docs/consensus.md, \"Membership"
              + " changes\"):");
      out.println(
          Json.MAPPER
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(
                  admission(orgId, jurisdiction, nodeKey, issuerKey, adminId, adminKey, tls)));
      out.println(
          "Once it is applied, start this node: the leader adds it to the Raft group and sends it"
              + " the ledger.");
    }
    out.println(
        "  genesis fingerprint (border devices pin it): "
            + GenesisFingerprint.of(GenesisFile.read(genesisPath)));
    if (httpPin != null) {
      out.println(
          "  HTTPS certificate "
              + (organisationCertificate.isPresent() ? "(your CA's)" : "(self-signed)")
              + ": "
              + dataDir.resolve(httpTls.certificateFile()));
      out.println("  HTTPS certificate pin:          " + httpPin);
      out.println(
          "Officers log in with: haven login --node https://"
              + hostForUrl()
              + ":"
              + httpPort
              + " --pin "
              + httpPin
              + " --officer ID");
    } else {
      out.println(
          "  HTTP: plain, behind a TLS proxy (behindTlsProxy); the proxy must send"
              + " X-Forwarded-Proto: https");
    }
    out.println("Start it with: haven node --data-dir " + dataDir);
    return 0;
  }

  /**
   * The certificate and key of {@code --http-cert} and {@code --http-key}, checked before anything
   * is written; empty if not given.
   */
  private Optional<HttpsCertificate> organisationCertificate() {
    if ((httpCertificate == null) != (httpKey == null)) {
      throw new ConfigException(
          "Give --http-cert and --http-key together: the certificate from your CA and its key.");
    }
    if (httpCertificate == null) {
      return Optional.empty();
    }
    return Optional.of(
        HttpsCertificate.read(
            Path.of("."),
            new NodeConfig.HttpTls(
                httpCertificate.toAbsolutePath().toString(), httpKey.toAbsolutePath().toString()),
            Instant.now()));
  }

  /** What a self-signed HTTPS certificate names: {@code --host}, unless a wildcard, and more. */
  private List<String> certificateNames() {
    Set<String> names = new LinkedHashSet<>();
    if (!WILDCARDS.contains(host)) {
      names.add(host);
    }
    names.addAll(httpNames);
    if (names.isEmpty() && httpCertificate == null && !behindTlsProxy) {
      throw new ConfigException(
          "--host "
              + host
              + " listens on every address but names none that a client can check: add"
              + " --http-name with the DNS name or IP address officers reach the node at.");
    }
    return List.copyOf(names);
  }

  private String hostForUrl() {
    if (!WILDCARDS.contains(host)) {
      return host.contains(":") ? "[" + host + "]" : host;
    }
    String name = httpNames.isEmpty() ? "<the name in the certificate>" : httpNames.get(0);
    return name.contains(":") ? "[" + name + "]" : name;
  }

  /** The ADMIT_MEMBER change that admits this organisation, as the governance API takes it. */
  private Map<String, Object> admission(
      OrgId orgId,
      Jurisdiction jurisdiction,
      Ed25519PrivateKey nodeKey,
      Ed25519PrivateKey issuerKey,
      OfficerId adminId,
      Ed25519PrivateKey adminKey,
      MemberCertificate tls) {
    Map<String, Object> organisation = new LinkedHashMap<>();
    organisation.put("id", orgId.value());
    organisation.put("name", name);
    organisation.put("country", jurisdiction.code());
    organisation.put("nodeKey", nodeKey.publicKey().toBase64());
    organisation.put("issuerKey", issuerKey.publicKey().toBase64());
    Map<String, Object> firstAdmin = new LinkedHashMap<>();
    firstAdmin.put("id", adminId.value());
    firstAdmin.put("jurisdiction", jurisdiction.code());
    firstAdmin.put("publicKey", adminKey.publicKey().toBase64());
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("tlsCertificate", tls.certificate().toBase64());
    node.put("raftAddress", host + ":" + raftPort);
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("kind", "ADMIT_MEMBER");
    change.put("organisation", organisation);
    change.put("firstAdmin", firstAdmin);
    change.put("node", node);
    return change;
  }

  private static <T> T parse(java.util.function.Supplier<T> value) {
    try {
      return value.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }
}
