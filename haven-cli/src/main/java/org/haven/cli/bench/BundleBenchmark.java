package org.haven.cli.bench;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.haven.card.bundle.BundleException;
import org.haven.card.bundle.BundleFile;
import org.haven.card.bundle.LedgerTrust;
import org.haven.card.bundle.VerifierBundle;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteSigner;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.BundleAttestations;
import org.haven.core.tx.AttestBundle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of bundle provenance, for a ledger of {@code children} children across three issuers,
 * with the rates of docs/border.md ("Sizes"): 0.5 % of cards revoked, 0.05 % of children with an
 * alert, 1 % with an active consent. {@code attest} is what each member does once per bundle
 * version after reading its state: build the bundle, digest its content and sign the digest; {@code
 * verify} is what a border device does with the file: decode it, digest the content and check the
 * attestations of the three members (quorum two) and the checkpoint's cosignatures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BundleBenchmark {
  private static final String ORIGIN = "haven.example/bench";
  private static final List<OrgId> MEMBERS =
      List.of(new OrgId("ke-civil-registry"), new OrgId("ug-nira"), new OrgId("unicef-esaro"));

  @Param({"100000", "1000000"})
  public int children;

  private final Map<OrgId, Ed25519PrivateKey> nodeKeys = new LinkedHashMap<>();
  private SignedNote note;
  private LedgerTrust trust;
  private VerifierBundle.Builder content;
  private byte[] file;

  @Setup
  public void setUp() {
    Random random = new Random(children);
    SecureRandom keys = new SecureRandom();
    Map<OrgId, Ed25519PublicKey> trusted = new LinkedHashMap<>();
    MEMBERS.forEach(
        member -> {
          Ed25519PrivateKey key = Ed25519PrivateKey.generate(keys);
          nodeKeys.put(member, key);
          trusted.put(member, key.publicKey());
        });
    trust = new LedgerTrust(ORIGIN, trusted, 2);
    String text = new Checkpoint(ORIGIN, children * 3L, Hash.sha256(new byte[] {1})).body();
    note = new NoteSigner(MEMBERS.get(0).value(), nodeKeys.get(MEMBERS.get(0))).sign(text);
    note =
        note.withSignature(
            new NoteSigner(MEMBERS.get(1).value(), nodeKeys.get(MEMBERS.get(1))).signature(text));
    content = content(random);
    VerifierBundle bundle = content.build();
    List<BundleAttestations.Signed> attestations = new ArrayList<>();
    nodeKeys.forEach(
        (member, key) ->
            attestations.add(
                new BundleAttestations.Signed(
                    member, key.sign(AttestBundle.message(ORIGIN, bundle.contentDigest())))));
    file = BundleFile.write(bundle, attestations);
  }

  private VerifierBundle.Builder content(Random random) {
    byte[] salt = new byte[VerifierBundle.SALT_SIZE];
    random.nextBytes(salt);
    Instant now = Instant.parse("2026-06-01T06:00:00Z");
    VerifierBundle.Builder bundle =
        VerifierBundle.builder(Bytes.of(salt), children * 3L, now, note);
    SecureRandom keys = new SecureRandom();
    for (OrgId member : MEMBERS) {
      bundle.issuer(member, Ed25519PrivateKey.generate(keys).publicKey(), now.minusSeconds(86400));
    }
    for (int i = 0; i < children / 200; i++) {
      bundle.revoked(MEMBERS.get(i % MEMBERS.size()), random.nextInt(children));
    }
    for (int i = 0; i < children / 2000; i++) {
      bundle.alert(ChildNumber.generate(random), AlertPriority.HIGH, "Child Helpline 116");
    }
    for (int i = 0; i < children / 100; i++) {
      byte[] id = new byte[Hash.SIZE];
      random.nextBytes(id);
      bundle.consent(Hash.of(id), LocalDate.parse("2026-07-01"));
    }
    return bundle;
  }

  @Benchmark
  public Object attest() {
    VerifierBundle bundle = content.build();
    return nodeKeys.get(MEMBERS.get(0)).sign(AttestBundle.message(ORIGIN, bundle.contentDigest()));
  }

  @Benchmark
  public VerifierBundle verify() throws BundleException {
    return BundleFile.read(file, trust);
  }
}
