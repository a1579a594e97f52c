package org.haven.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.haven.consensus.RaftNode;
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
            null)
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
    out.println("Start it with: haven node --data-dir " + dataDir);
    return 0;
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
